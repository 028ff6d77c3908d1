/**
 * Roles on the board page: the lead (the administrator) writes the document; a member
 * moves only the items they are responsible for, through the server; a viewer watches.
 */
import { expect, test, type BrowserContext, type Page } from '@playwright/test';
import {
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
let member: Person;
let viewer: Person;
/** 张伟, the administrator, leads every board. */
let lead: Page;
/** 王芳, responsible for some items, on her phone-sized screen. */
let memberPage: Page;

async function assignOwner(page: Page, title: string, person: Person | null): Promise<void> {
	await card(page, title).click();
	const panel = page.getByTestId('item-panel');
	await expect(panel).toBeVisible();
	await panel.getByTestId('panel-owner').selectOption(person ? person.id : '');
	await panel.getByTestId('panel-close').click();
}

test.beforeEach(async ({ browser }) => {
	const admin = await signedInContext(browser);
	member ??= await createPerson(admin.request, '王芳');
	viewer ??= await createPerson(admin.request, '刘洋');
	board = await createBoard(admin.request, unique('2026 文化市场专项整治'));
	await addToBoard(admin.request, board.id, member.id, 'member');
	await addToBoard(admin.request, board.id, viewer.id, 'viewer');
	contexts = [admin, await contextFor(browser, member)];
	lead = await admin.newPage();
	await openBoard(lead, board.id);
	await addItem(lead, 'blank', '网吧经营场所专项检查');
	await addItem(lead, 'blank', '校园周边文化环境整治');
	memberPage = await contexts[1].newPage();
});

test.afterEach(async () => {
	for (const context of contexts) await context.close();
});

test('a lead assigns a responsible person and the member sees the owner on the card', async () => {
	await openBoard(memberPage, board.id);
	await expect(card(memberPage, '网吧经营场所专项检查').getByTestId('item-no-owner')).toHaveText('No owner');

	await assignOwner(lead, '网吧经营场所专项检查', member);
	const owner = card(memberPage, '网吧经营场所专项检查').getByTestId('item-owner');
	await expect(owner.getByRole('img')).toHaveAccessibleName(`Responsible: ${member.name}`);
	await expect(owner).toHaveText('王芳');
	await expect(card(memberPage, '网吧经营场所专项检查').getByTestId('item-no-owner')).toHaveCount(0);
	// The other card still has nobody, and says so.
	await expect(card(memberPage, '校园周边文化环境整治').getByTestId('item-no-owner')).toBeVisible();

	// The member's panel shows the owner, read only, and says the item is theirs.
	await card(memberPage, '网吧经营场所专项检查').click();
	const panel = memberPage.getByTestId('item-panel');
	await expect(panel.getByTestId('panel-owner-name')).toContainText('王芳');
	await expect(panel.getByText('You are responsible for this item.')).toBeVisible();
	await expect(panel.getByTestId('panel-title')).toHaveAttribute('readonly', '');
	await expect(panel.getByTestId('panel-notes')).toHaveAttribute('readonly', '');
	await expect(panel.getByTestId('panel-delete')).toHaveCount(0);
});

test('a member drags their own card to done and the lead sees it there', async () => {
	await assignOwner(lead, '网吧经营场所专项检查', member);
	await openBoard(memberPage, board.id);
	const own = card(memberPage, '网吧经营场所专项检查');
	await expect(own.getByTestId('item-owner')).toBeVisible();
	await expect(own).not.toHaveAttribute('aria-disabled', 'true');

	// First the server refuses (as if the item had just been given to someone else): the card goes back.
	await memberPage.route('**/items/*/status', (route) =>
		route.fulfill({ status: 403, contentType: 'application/json', body: JSON.stringify({ error: 'no', code: 'not_owner' }) })
	);
	await dragCard(memberPage, own, column(memberPage, 'done').getByRole('list'), { column: column(memberPage, 'done'), index: 0 });
	await expect(memberPage.getByText('Only the item’s responsible person or a lead can change it.')).toBeVisible();
	await expect(column(memberPage, 'blank').getByTestId('item-title')).toHaveText(['网吧经营场所专项检查', '校园周边文化环境整治']);
	await expect(column(lead, 'done').getByTestId('item-card')).toHaveCount(0);
	await memberPage.unroute('**/items/*/status');

	// Then for real: the server applies the move to the live board, so the lead sees it.
	await dragCard(memberPage, own, column(memberPage, 'done').getByRole('list'), { column: column(memberPage, 'done'), index: 0 });
	await expect(column(memberPage, 'done').getByTestId('item-title')).toHaveText(['网吧经营场所专项检查']);
	await expect(column(lead, 'done').getByTestId('item-title')).toHaveText(['网吧经营场所专项检查']);
	await expect(column(lead, 'blank').getByTestId('item-title')).toHaveText(['校园周边文化环境整治']);

	// The blocked flag goes through the server too.
	await own.click();
	await memberPage.getByTestId('panel-blocked').check();
	await expect(card(lead, '网吧经营场所专项检查').getByTestId('item-blocked')).toBeVisible();
	// And why it is blocked: the lead reads it in the item's panel.
	const reason = memberPage.getByTestId('panel-blocked-reason');
	await reason.fill('等待区文化局安排联合检查');
	await reason.blur();
	await card(lead, '网吧经营场所专项检查').click();
	await expect(lead.getByTestId('panel-blocked-reason')).toHaveValue('等待区文化局安排联合检查');
	// The read-only socket was never closed for writing.
	await expect(memberPage.getByTestId('sync-closed')).toHaveCount(0);
	await expect(memberPage.getByTestId('connection-status')).toHaveAttribute('data-state', 'connected');
});

test('a member cannot move someone else’s card, and a viewer sees nothing to add or move', async ({ browser }) => {
	await assignOwner(lead, '网吧经营场所专项检查', member);
	await openBoard(memberPage, board.id);
	const others = card(memberPage, '校园周边文化环境整治');
	await expect(others).toHaveAttribute('aria-disabled', 'true');
	await expect(others.getByTestId('item-locked')).toBeVisible();
	await expect(others.getByTestId('item-locked').getByRole('img')).toHaveAccessibleName('Only the responsible person or a lead can move this item');
	await expect(card(memberPage, '网吧经营场所专项检查').getByTestId('item-locked')).toHaveCount(0);

	// Members add nothing and have no bin, undo or inline edit.
	await expect(memberPage.getByTestId('add-item')).toHaveCount(0);
	await expect(memberPage.getByTestId('open-bin')).toHaveCount(0);
	await expect(memberPage.getByTestId('undo')).toHaveCount(0);
	await expect(memberPage.getByTestId('board-role')).toHaveText('Member');

	// A mouse drag does not pick the card up.
	const from = await others.boundingBox();
	const to = await column(memberPage, 'done').getByRole('list').boundingBox();
	if (!from || !to) throw new Error('not visible');
	await memberPage.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
	await memberPage.mouse.down();
	await memberPage.mouse.move(from.x + from.width / 2 + 8, from.y + from.height / 2 + 8, { steps: 4 });
	await memberPage.mouse.move(to.x + to.width / 2, to.y + 20, { steps: 20 });
	await expect(memberPage.locator('[data-placeholder]')).toHaveCount(0);
	await memberPage.mouse.up();
	// Nor does the keyboard.
	await others.focus();
	await memberPage.keyboard.press('Space');
	await memberPage.keyboard.press('Tab');
	await memberPage.keyboard.press('Escape');
	await expect(column(memberPage, 'blank').getByTestId('item-title')).toContainText(['校园周边文化环境整治']);
	await expect(column(lead, 'blank').getByTestId('item-title')).toContainText(['校园周边文化环境整治']);
	await expect(column(memberPage, 'done').getByTestId('item-card')).toHaveCount(0);

	// The panel offers no status change for it either.
	await others.click();
	await expect(memberPage.getByTestId('panel-status')).toBeDisabled();
	await expect(memberPage.getByTestId('panel-blocked')).toBeDisabled();

	// A viewer: no add buttons, nothing draggable, no locks to explain.
	const viewerContext = await contextFor(browser, viewer);
	contexts.push(viewerContext);
	const viewerPage = await viewerContext.newPage();
	await openBoard(viewerPage, board.id);
	await expect(card(viewerPage, '校园周边文化环境整治')).toBeVisible();
	await expect(viewerPage.getByTestId('add-item')).toHaveCount(0);
	await expect(viewerPage.getByTestId('open-bin')).toHaveCount(0);
	await expect(viewerPage.getByTestId('item-locked')).toHaveCount(0);
	await expect(viewerPage.getByTestId('board-role')).toHaveText('Viewer');
	await expect(column(viewerPage, 'blank').locator('li.draggable')).toHaveCount(0);
	await card(viewerPage, '网吧经营场所专项检查').click();
	await expect(viewerPage.getByTestId('panel-status')).toBeDisabled();
});

test('a socket the server no longer lets in ends in "sign in again", not endless retries', async () => {
	// The member's connection runs through a pass-through this test can cut.
	const sockets: import('@playwright/test').WebSocketRoute[] = [];
	let attempts = 0;
	await memberPage.routeWebSocket(/\/sync\//, (ws) => {
		attempts++;
		sockets.push(ws);
		ws.connectToServer();
	});
	await openBoard(memberPage, board.id);

	// The session ends without the server closing this socket (as when it simply expires);
	// the next upgrades are refused, which the browser only sees as a bare 1006.
	await contexts[1].clearCookies();
	const before = attempts;
	for (const socket of sockets.splice(0)) await socket.close({ code: 4500, reason: 'network blip (test)' });

	await expect(memberPage.getByTestId('sync-closed')).toContainText('Your session has ended');
	await expect(memberPage.getByTestId('connection-status')).toHaveAttribute('data-state', 'offline');
	await expect(memberPage.getByTestId('sign-in-again')).toBeVisible();
	const settled = attempts;
	expect(settled - before).toBeGreaterThanOrEqual(2);
	// And it stays stopped.
	await memberPage.waitForTimeout(3000);
	expect(attempts).toBe(settled);
	await expect(card(memberPage, '网吧经营场所专项检查')).toBeVisible();
});

test('a role changed by a lead reaches the open page at once: a member made lead can add, without a reload', async () => {
	await openBoard(memberPage, board.id);
	await expect(memberPage.getByTestId('board-role')).toHaveText('Member');
	await expect(memberPage.getByTestId('add-item')).toHaveCount(0);
	await addToBoard(contexts[0].request, board.id, member.id, 'lead');
	await expect(memberPage.getByTestId('board-role')).toHaveCount(0);
	await expect(memberPage.getByTestId('add-item').first()).toBeVisible();
	await addItem(memberPage, 'planned', '升任负责人后新增的目标');
	await expect(card(lead, '升任负责人后新增的目标')).toBeVisible();
	// And back: made a viewer, the page stops offering edits.
	await addToBoard(contexts[0].request, board.id, member.id, 'viewer');
	await expect(memberPage.getByTestId('board-role')).toHaveText('Viewer');
	await expect(memberPage.getByTestId('add-item')).toHaveCount(0);
});
