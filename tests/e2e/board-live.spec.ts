import { expect, test, type BrowserContext, type Page, type WebSocketRoute } from '@playwright/test';
import {
	ADMIN,
	ORIGIN,
	addItem,
	addToBoard,
	card,
	column,
	contextFor,
	createBoard,
	createPerson,
	dragCard,
	openBoard,
	signedInContext,
	unique,
	type BoardSummary,
	type Person
} from './fixtures';

let board: BoardSummary;
let contexts: BrowserContext[] = [];
let colleague: Person;
/** The administrator, 张伟, on the meeting-room screen. */
let alice: Page;
/** A second lead, 李娜, on her laptop. */
let bob: Page;

test.beforeEach(async ({ browser }) => {
	const admin = await signedInContext(browser);
	colleague ??= await createPerson(admin.request, '李娜');
	board = await createBoard(admin.request, unique('2026 卫生院管理年活动'));
	await addToBoard(admin.request, board.id, colleague.id, 'lead');
	contexts = [admin, await contextFor(browser, colleague)];
	alice = await contexts[0].newPage();
	bob = await contexts[1].newPage();
	await openBoard(alice, board.id);
	await openBoard(bob, board.id);
});

test.afterEach(async () => {
	for (const context of contexts) await context.close();
});

test('two windows see each other live: adds, edits, notes, drags and presence', async () => {
	// Presence: each sees the other on the board, by name.
	await expect(alice.getByTestId('presence-avatar')).toHaveCount(2);
	await expect(alice.locator(`[data-testid="presence-avatar"][data-user-id="${colleague.id}"]`).getByRole('img')).toHaveAccessibleName(colleague.name);
	await expect(bob.getByTestId('presence-avatar').filter({ has: bob.getByRole('img', { name: ADMIN.name, exact: true }) })).toBeVisible();

	// Adds appear in the other window, and the server numbers them.
	await addItem(alice, 'blank', '建立健全医德医风考评制度');
	await addItem(alice, 'blank', '开展“三基”训练');
	await expect(card(bob, '建立健全医德医风考评制度')).toBeVisible();
	await expect(card(bob, '开展“三基”训练')).toBeVisible();
	await expect(card(bob, '建立健全医德医风考评制度').getByTestId('item-number')).toHaveText(/^PB-\d{3}$/);
	await expect(column(bob, 'blank').getByTestId('column-count')).toHaveText('2');

	// An inline title edit: Enter saves.
	const original = card(bob, '开展“三基”训练');
	await original.hover();
	await original.getByTestId('item-edit').click();
	await bob.getByTestId('item-title-input').fill('每周开展“三基”训练');
	await bob.getByTestId('item-title-input').press('Enter');
	await expect(card(alice, '每周开展“三基”训练')).toBeVisible();

	// Opening a card shows the other window who is looking at it, and notes are shared.
	await card(bob, '每周开展“三基”训练').click();
	await expect(bob.getByTestId('item-panel')).toBeVisible();
	await expect(card(alice, '每周开展“三基”训练').getByTestId('item-open-by').getByRole('img')).toHaveAccessibleName(`${colleague.name} has this open`);
	await bob.getByTestId('panel-notes').fill('进展：已排好训练日程。');
	await card(alice, '每周开展“三基”训练').click();
	await expect(alice.getByTestId('panel-notes')).toHaveValue('进展：已排好训练日程。');
	await alice.getByTestId('panel-close').click();
	await bob.getByTestId('panel-close').click();
	await expect(card(alice, '每周开展“三基”训练').getByTestId('item-open-by')).toHaveCount(0);

	// A drag into another column shows up in the other window.
	await dragCard(alice, card(alice, '建立健全医德医风考评制度'), column(alice, 'done').getByRole('list'), { column: column(alice, 'done'), index: 0 });
	await expect(column(alice, 'done').getByTestId('item-title')).toHaveText(['建立健全医德医风考评制度']);
	await expect(column(bob, 'done').getByTestId('item-title')).toHaveText(['建立健全医德医风考评制度']);
	await expect(column(bob, 'blank').getByTestId('column-count')).toHaveText('1');

	// A reorder within a column, too.
	await addItem(bob, 'done', '成立管理年活动领导小组');
	await expect(column(alice, 'done').getByTestId('item-title')).toHaveText(['建立健全医德医风考评制度', '成立管理年活动领导小组']);
	await dragCard(bob, card(bob, '成立管理年活动领导小组'), card(bob, '建立健全医德医风考评制度'), { column: column(bob, 'done'), index: 0 });
	await expect(column(bob, 'done').getByTestId('item-title')).toHaveText(['成立管理年活动领导小组', '建立健全医德医风考评制度']);
	await expect(column(alice, 'done').getByTestId('item-title')).toHaveText(['成立管理年活动领导小组', '建立健全医德医风考评制度']);

	// A reload shows the same board, from the server.
	await alice.reload();
	await expect(alice.getByTestId('board')).toBeVisible();
	await expect(column(alice, 'done').getByTestId('item-title')).toHaveText(['成立管理年活动领导小组', '建立健全医德医风考评制度']);
	await expect(column(alice, 'blank').getByTestId('item-title')).toHaveText(['每周开展“三基”训练']);
	await card(alice, '每周开展“三基”训练').click();
	await expect(alice.getByTestId('panel-notes')).toHaveValue('进展：已排好训练日程。');
});

test('a card goes to the bin and comes back', async () => {
	await addItem(alice, 'planned', '制定《项目进度公示表》');
	await expect(card(bob, '制定《项目进度公示表》')).toBeVisible();

	const item = card(alice, '制定《项目进度公示表》');
	await item.hover();
	await item.getByTestId('item-delete').click();
	await expect(card(alice, '制定《项目进度公示表》')).toHaveCount(0);
	await expect(card(bob, '制定《项目进度公示表》')).toHaveCount(0);
	await expect(bob.getByTestId('open-bin')).toHaveText('Bin (1)');

	await bob.getByTestId('open-bin').click();
	const binned = bob.getByTestId('bin-item').filter({ hasText: '制定《项目进度公示表》' });
	await expect(binned).toBeVisible();
	await binned.getByTestId('bin-restore').click();
	await expect(card(alice, '制定《项目进度公示表》')).toBeVisible();
	await expect(bob.getByTestId('bin-empty')).toBeVisible();
});

test('undo and redo take back only your own change', async () => {
	await addItem(alice, 'strengthen', '公共卫生档案规范化管理');
	await addItem(bob, 'strengthen', '新农合报销公示');
	await expect(card(alice, '新农合报销公示')).toBeVisible();

	await alice.getByTestId('board-title').click();
	await alice.keyboard.press('Control+z');
	await expect(card(bob, '公共卫生档案规范化管理')).toHaveCount(0);
	await expect(card(alice, '公共卫生档案规范化管理')).toHaveCount(0);
	await expect(card(alice, '新农合报销公示')).toBeVisible();

	await alice.getByTestId('redo').click();
	await expect(card(bob, '公共卫生档案规范化管理')).toBeVisible();
	await expect(alice.getByTestId('redo')).toBeDisabled();
});

test('keyboard: Enter opens a card, Escape closes it, Space moves it between columns', async () => {
	await addItem(alice, 'blank', '公共卫生档案规范化管理');
	const item = card(alice, '公共卫生档案规范化管理');
	await item.focus();
	await alice.keyboard.press('Enter');
	await expect(alice.getByTestId('item-panel')).toBeVisible();
	await alice.keyboard.press('Escape');
	await expect(alice.getByTestId('item-panel')).toHaveCount(0);

	await item.focus();
	await alice.keyboard.press('Space');
	// Tab to the next column's list while carrying the card drops it there.
	await alice.keyboard.press('Tab');
	await alice.keyboard.press('Escape');
	await expect(column(bob, 'planned').getByTestId('item-title')).toHaveText(['公共卫生档案规范化管理']);
});

test('when the session ends the board stops syncing and says how to sign in again', async () => {
	await addItem(bob, 'blank', '专项检查：校园周边文化环境');
	// Signing out elsewhere with the same cookie ends the session; the server closes its sockets.
	const response = await contexts[1].request.post('/api/auth/logout', { headers: { origin: ORIGIN } });
	expect(response.ok()).toBe(true);

	await expect(bob.getByTestId('sync-closed')).toContainText('Your session has ended');
	await expect(bob.getByTestId('connection-status')).toHaveAttribute('data-state', 'offline');
	// What was already on the board stays on screen.
	await expect(card(bob, '专项检查：校园周边文化环境')).toBeVisible();
	await bob.getByTestId('sign-in-again').click();
	await expect(bob).toHaveURL(`/login?next=${encodeURIComponent(`/b/${board.id}`)}`);
});

test('edits made while the connection is down are kept and sync when it returns', async () => {
	// Bob's board on a connection this test can cut: a pass-through to the real server.
	await bob.close();
	let down = false;
	const sockets: WebSocketRoute[] = [];
	bob = await contexts[1].newPage();
	await bob.routeWebSocket(/\/sync\//, (page) => {
		if (down) return page.close({ code: 4500, reason: 'network down (test)' });
		sockets.push(page, page.connectToServer());
	});
	await openBoard(bob, board.id);
	await addItem(bob, 'planned', '按季度召开专题会议');
	await expect(card(alice, '按季度召开专题会议')).toBeVisible();

	down = true;
	for (const socket of sockets.splice(0)) await socket.close({ code: 4500, reason: 'network down (test)' });
	await expect(bob.getByTestId('connection-status')).toHaveAttribute('data-state', 'reconnecting');

	await addItem(bob, 'planned', '离线时添加：整理会议纪要');
	await expect(bob.getByText('Connection lost. Your changes are kept and sync when it reconnects.')).toBeVisible();
	await addItem(alice, 'done', '与此同时：月报已上报');
	await expect(card(alice, '离线时添加：整理会议纪要')).toHaveCount(0);

	down = false;
	await expect(bob.getByTestId('connection-status')).toHaveAttribute('data-state', 'connected');
	await expect(card(alice, '离线时添加：整理会议纪要')).toBeVisible();
	await expect(card(bob, '与此同时：月报已上报')).toBeVisible();
});
