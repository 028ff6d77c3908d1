/**
 * "My items": a responsible person sees their items from two boards on one phone-sized
 * page, marks one done with one tap, and the lead's live board shows it done; undo puts
 * it back. The items are written through the sync socket, as any client of the API would.
 */
import { expect, test, type BrowserContext, type Page } from '@playwright/test';
import { createItem } from '../../src/lib/board/index';
import { addToBoard, card, column, contextFor, createBoard, createPerson, openBoard, writeBoard, signedInContext, unique, type BoardSummary } from './fixtures';

function myItem(page: Page, title: string) {
	return page.getByTestId('my-item').filter({ has: page.getByTestId('my-item-title').getByText(title, { exact: true }) });
}

let contexts: BrowserContext[] = [];

test.afterEach(async () => {
	for (const context of contexts) await context.close();
	contexts = [];
});

test('a member sees their items from two boards on /me, marks one done, and the lead sees it done', async ({ browser }) => {
	const admin = await signedInContext(browser);
	contexts.push(admin);
	const member = await createPerson(admin.request, '王芳');
	const health: BoardSummary = await createBoard(admin.request, unique('2026 卫生院管理年活动'));
	const culture: BoardSummary = await createBoard(admin.request, unique('2026 文化市场专项整治'));
	for (const board of [health, culture]) await addToBoard(admin.request, board.id, member.id, 'member');

	const due = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
	await writeBoard(admin, health.id, (doc) => {
		createItem(doc, { title: '完善居民健康档案', ownerId: member.id, status: 'planned', due: due(-2) });
		createItem(doc, { title: '院感质控自查', ownerId: member.id, status: 'strengthen', due: due(40) });
		createItem(doc, { title: '不属于王芳的任务', ownerId: null, status: 'planned' });
	});
	await writeBoard(admin, culture.id, (doc) => {
		createItem(doc, { title: '网吧经营场所专项检查', ownerId: member.id, status: 'blank' });
	});

	const lead = await admin.newPage();
	await openBoard(lead, health.id);
	await expect(card(lead, '完善居民健康档案')).toBeVisible();

	const memberContext = await contextFor(browser, member);
	contexts.push(memberContext);
	const phone = await memberContext.newPage();
	await phone.setViewportSize({ width: 390, height: 844 });
	await phone.goto('/');
	await phone.getByTestId('nav-my-items').click();
	await expect(phone).toHaveURL(/\/me$/);

	// Exactly their three items, from both boards, grouped by due date.
	await expect(phone.getByTestId('my-item')).toHaveCount(3);
	await expect(phone.getByTestId('group-overdue').getByTestId('my-item-title')).toHaveText(['完善居民健康档案']);
	await expect(phone.getByTestId('group-later').getByTestId('my-item-title')).toHaveText(['院感质控自查']);
	await expect(phone.getByTestId('group-none').getByTestId('my-item-title')).toHaveText(['网吧经营场所专项检查']);
	await expect(myItem(phone, '网吧经营场所专项检查')).toContainText(culture.title);
	await expect(myItem(phone, '完善居民健康档案')).toContainText(`${health.prefix}-`);
	await expect(phone.getByText('不属于王芳的任务')).toHaveCount(0);

	// One tap: done, live on the lead's board.
	const overdue = myItem(phone, '完善居民健康档案');
	await overdue.getByTestId('toggle-done').click();
	await expect(overdue.getByTestId('toggle-done')).toHaveAttribute('aria-pressed', 'true');
	await expect(card(lead, '完善居民健康档案')).toBeVisible();
	await expect(column(lead, 'done').getByText('完善居民健康档案', { exact: true })).toBeVisible();

	// Undo from the toast puts it back where it was, for everyone.
	const toast = phone.getByTestId('toast').filter({ hasText: `${health.prefix}-` });
	await toast.getByRole('button', { name: 'Undo' }).click();
	await expect(myItem(phone, '完善居民健康档案').getByTestId('toggle-done')).toHaveAttribute('aria-pressed', 'false');
	await expect(column(lead, 'planned').getByText('完善居民健康档案', { exact: true })).toBeVisible();

	// The page reads the projection: after a reload it still agrees.
	await phone.reload();
	await expect(myItem(phone, '完善居民健康档案').getByTestId('my-item-status')).toHaveText('Planned');

	// The title is the item's address: its board, with the item open; closing it drops the item from the address.
	await myItem(phone, '院感质控自查').getByTestId('my-item-title').click();
	await expect(phone).toHaveURL(new RegExp(`/b/${health.id}\\?item=`));
	await expect(phone.getByTestId('item-panel').getByTestId('panel-title')).toHaveValue('院感质控自查');
	await phone.getByTestId('item-panel').getByRole('button', { name: 'Close' }).last().click();
	await expect(phone).not.toHaveURL(/item=/);
});
