/**
 * Every view edits the same live document: a bar dragged on the timeline in one browser
 * shows its new dates in a second browser's table, and a date typed in that table moves
 * the bar in the first browser's timeline.
 */
import { expect, test, type BrowserContext, type Locator, type Page } from '@playwright/test';
import { addDaysTo, createArea, createItem, todayIn } from '../../src/lib/board/index';
import { DAY_WIDTH } from '../../src/lib/client/timeline-layout';
import { createBoard, signedInContext, unique, writeBoard } from './fixtures';

let contexts: BrowserContext[] = [];

test.afterEach(async () => {
	for (const context of contexts) await context.close();
	contexts = [];
});

function row(page: Page, id: string): Locator {
	return page.locator(`[data-testid="table-row"][data-item-id="${id}"]`);
}

test('a bar dragged on the timeline shows its new dates in another browser’s table, and back', async ({ browser }) => {
	const planner = await signedInContext(browser);
	const watcher = await signedInContext(browser);
	contexts.push(planner, watcher);
	const board = await createBoard(planner.request, unique('2026 卫生院管理年活动'));
	const today = todayIn('Asia/Shanghai');
	const id = await writeBoard(planner, board.id, (doc) => {
		const area = createArea(doc, { name: '公共卫生' });
		return createItem(doc, { title: '完善居民健康档案', areaId: area, status: 'planned', start: addDaysTo(today, 1), due: addDaysTo(today, 5) });
	});

	const timeline = await planner.newPage();
	await timeline.goto(`/b/${board.id}/timeline?zoom=week`);
	await expect(timeline.getByTestId('connection-status')).toHaveAttribute('data-state', 'connected');
	const table = await watcher.newPage();
	await table.goto(`/b/${board.id}/table`);
	await expect(table.getByTestId('connection-status')).toHaveAttribute('data-state', 'connected');
	await expect(row(table, id).locator('[data-col="start"]')).toHaveText(addDaysTo(today, 1));

	// A week later on the timeline…
	const bar = timeline.locator(`[data-testid="timeline-bar"][data-item-id="${id}"]`);
	await bar.scrollIntoViewIfNeeded();
	const box = await bar.boundingBox();
	if (!box) throw new Error('no bar');
	const [x, y] = [box.x + box.width / 2, box.y + box.height / 2];
	await timeline.mouse.move(x, y);
	await timeline.mouse.down();
	await timeline.mouse.move(x + DAY_WIDTH.week * 3.5, y, { steps: 8 });
	await timeline.mouse.move(x + DAY_WIDTH.week * 7, y, { steps: 8 });
	await timeline.mouse.up();
	await expect(bar).toHaveAttribute('data-start', addDaysTo(today, 8));

	// …is a week later in the other browser's table.
	await expect(row(table, id).locator('[data-col="start"]')).toHaveText(addDaysTo(today, 8));
	await expect(row(table, id).locator('[data-col="due"]')).toHaveText(addDaysTo(today, 12));

	// A due date typed in the table moves the bar's end on the timeline.
	const due = row(table, id).locator('[data-col="due"]');
	await due.click();
	await table.keyboard.press('Enter');
	await table.locator('[data-col="due"] input[type="date"]').fill(addDaysTo(today, 15));
	await table.keyboard.press('Enter');
	await expect(bar).toHaveAttribute('data-due', addDaysTo(today, 15));
	await expect(bar).toHaveAttribute('data-start', addDaysTo(today, 8));
});
