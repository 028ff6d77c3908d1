/**
 * The board overview: the share done, the four statuses and what needs attention for the
 * whole board, then per area; every count opens the kanban filtered to those items, and
 * the figures follow the live board.
 */
import { expect, test } from '@playwright/test';
import { addDaysTo, createArea, createItem, setItemStatus, todayIn, updateItem } from '../../src/lib/board/index';
import { card, createBoard, signedInContext, unique, writeBoard } from './fixtures';

test('the overview counts the board by status, area and attention; a count opens the filtered kanban; figures follow the live board', async ({ browser }) => {
	const admin = await signedInContext(browser);
	const board = await createBoard(admin.request, unique('2026 卫生院管理年活动'));
	const today = todayIn('Asia/Shanghai');
	const { finance, audit } = await writeBoard(admin, board.id, (doc) => {
		const health = createArea(doc, { name: '公共卫生' });
		const finance = createArea(doc, { name: '财务管理' });
		createItem(doc, { title: '完善居民健康档案', areaId: health, ownerId: 'someone', status: 'planned', horizon: 'month', due: addDaysTo(today, -3) });
		createItem(doc, { title: '慢性病随访', areaId: health, ownerId: 'someone', status: 'strengthen', horizon: 'week', due: addDaysTo(today, 5) });
		const audit = createItem(doc, { title: '财务内控流程', areaId: finance, status: 'blank', horizon: 'quarter', blocked: true });
		createItem(doc, { title: '新农合报销审核', areaId: finance, status: 'done', horizon: 'month', due: addDaysTo(today, -10) });
		return { finance, audit };
	});
	const page = await admin.newPage();
	await page.goto(`/b/${board.id}/overview`);

	const totals = page.getByTestId('overview-totals');
	await expect(totals.getByTestId('done-percent')).toHaveText('25%');
	await expect(totals).toContainText('1 of 4 items done');
	for (const status of ['blank', 'planned', 'strengthen', 'done']) {
		await expect(totals.locator(`[data-testid="overview-total-status"][data-status="${status}"]`)).toContainText('1');
	}
	await expect(totals.getByTestId('overview-total-overdue')).toContainText('1');
	await expect(totals.getByTestId('overview-total-blocked')).toContainText('1');
	await expect(totals.getByTestId('overview-total-unowned')).toContainText('2');
	const financeRow = page.getByTestId('overview-areas').locator(`[data-testid="overview-row"][data-key="${finance}"]`);
	await expect(financeRow.getByTestId('overview-total')).toHaveText('2');
	await expect(financeRow.getByTestId('overview-done')).toHaveText('50%');

	// Another client finishes the blocked item: the overview follows without a reload.
	await writeBoard(admin, board.id, (doc) => {
		setItemStatus(doc, audit, 'done');
		updateItem(doc, audit, { blocked: false });
	});
	await expect(totals.getByTestId('done-percent')).toHaveText('50%');
	await expect(totals.getByTestId('overview-total-blocked')).toContainText('0');

	// The overdue count opens the kanban showing just that item.
	await totals.getByTestId('overview-total-overdue').getByRole('link').click();
	await expect(page).toHaveURL(new RegExp(`/b/${board.id}\\?.*overdue`));
	await expect(card(page, '完善居民健康档案')).toBeVisible();
	await expect(page.getByTestId('item-card')).toHaveCount(1);
	await admin.close();
});
