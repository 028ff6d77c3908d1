/**
 * The timeline: a lead drags a bar (a second browser on the board sees the new dates),
 * drags its end to change only the due date, moves it with the keyboard; zoom and grouping
 * live in the address; a member sees bars without handles and cannot move them; stages are
 * drawn right under their target; a tap opens the item; an unscheduled item gets a week.
 * The board is written through the sync socket with the board model, dates around today.
 */
import { expect, test, type BrowserContext, type Locator, type Page } from '@playwright/test';
import { addDaysTo, createArea, createItem, todayIn } from '../../src/lib/board/index';
import { DAY_WIDTH } from '../../src/lib/client/timeline-layout';
import { addToBoard, contextFor, createBoard, createPerson, signedInContext, unique, writeBoard, type BoardSummary, type Person } from './fixtures';

let contexts: BrowserContext[] = [];
let board: BoardSummary;
let member: Person;
let ids: { target: string; stage: string; moving: string; resizing: string; unscheduled: string; others: string };
let today: string;
let lead: Page;

function bar(page: Page, id: string): Locator {
	return page.locator(`[data-testid="timeline-bar"][data-item-id="${id}"]`);
}

async function openTimeline(page: Page, query = '?zoom=week'): Promise<void> {
	await page.goto(`/b/${board.id}/timeline${query}`);
	await expect(page.getByTestId('timeline')).toBeVisible();
	await expect(page.getByTestId('connection-status')).toHaveAttribute('data-state', 'connected');
}

/** Presses on `from` (a bar or a handle), moves in small steps by `dx` pixels and lets go. */
async function drag(page: Page, from: Locator, dx: number): Promise<void> {
	await from.scrollIntoViewIfNeeded();
	const box = await from.boundingBox();
	if (!box) throw new Error('nothing to drag');
	const x = box.x + box.width / 2;
	const y = box.y + box.height / 2;
	await page.mouse.move(x, y);
	await page.mouse.down();
	await page.mouse.move(x + dx / 2, y, { steps: 8 });
	await page.mouse.move(x + dx, y, { steps: 8 });
	await page.mouse.up();
}

async function expectDates(page: Page, id: string, start: string, due: string): Promise<void> {
	await expect(bar(page, id)).toHaveAttribute('data-start', start);
	await expect(bar(page, id)).toHaveAttribute('data-due', due);
}

test.beforeEach(async ({ browser }) => {
	const admin = await signedInContext(browser);
	contexts = [admin];
	member ??= await createPerson(admin.request, '李娜');
	board = await createBoard(admin.request, unique('2026 卫生院管理年活动'));
	await addToBoard(admin.request, board.id, member.id, 'member');
	today = todayIn('Asia/Shanghai');
	ids = await writeBoard(admin, board.id, (doc) => {
		const health = createArea(doc, { name: '公共卫生' });
		const finance = createArea(doc, { name: '财务管理' });
		const target = createItem(doc, { title: '慢性病管理季度目标', areaId: health, ownerId: member.id, start: addDaysTo(today, -3), due: addDaysTo(today, 40) });
		const stage = createItem(doc, { title: '本周随访一百户', areaId: health, parentId: target, start: addDaysTo(today, 1), due: addDaysTo(today, 5) });
		// Starts before the stage, so by date it would come between target and stage if nesting were ignored.
		const others = createItem(doc, { title: '健康教育讲座', areaId: health, start: addDaysTo(today, -1), due: addDaysTo(today, 2) });
		const moving = createItem(doc, { title: '财务内控流程', areaId: finance, ownerId: member.id, start: addDaysTo(today, 2), due: addDaysTo(today, 6) });
		const resizing = createItem(doc, { title: '新农合报销审核', areaId: finance, start: addDaysTo(today, 1), due: addDaysTo(today, 4) });
		const unscheduled = createItem(doc, { title: '院务公开栏更新', areaId: finance });
		return { target, stage, moving, resizing, unscheduled, others };
	});
	lead = await admin.newPage();
});

test.afterEach(async () => {
	for (const context of contexts) await context.close();
});

test('a lead drags a bar a week later and another browser sees it move', async ({ browser }) => {
	const other = await signedInContext(browser);
	contexts.push(other);
	const watcher = await other.newPage();
	await openTimeline(lead);
	await openTimeline(watcher);
	await expectDates(watcher, ids.moving, addDaysTo(today, 2), addDaysTo(today, 6));
	await expect(lead.getByTestId('timeline-today')).toHaveAttribute('data-day', today);

	await drag(lead, bar(lead, ids.moving), DAY_WIDTH.week * 7);
	await expectDates(lead, ids.moving, addDaysTo(today, 9), addDaysTo(today, 13));
	await expectDates(watcher, ids.moving, addDaysTo(today, 9), addDaysTo(today, 13));

	// One drop, one undo step.
	await lead.getByTestId('undo').click();
	await expectDates(watcher, ids.moving, addDaysTo(today, 2), addDaysTo(today, 6));
});

test('a bar dragged to the edge scrolls the calendar and keeps its length', async () => {
	await openTimeline(lead);
	const moving = bar(lead, ids.moving);
	await moving.scrollIntoViewIfNeeded();
	const box = (await moving.boundingBox())!;
	const view = (await lead.getByTestId('timeline').boundingBox())!;
	await lead.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
	await lead.mouse.down();
	await lead.mouse.move(view.x + view.width - 4, box.y + box.height / 2, { steps: 12 });
	// Held at the edge, the calendar scrolls and the bar goes on to later days.
	await expect.poll(async () => (await moving.getAttribute('data-start'))! > addDaysTo(today, 30)).toBe(true);
	await lead.mouse.up();
	const start = (await moving.getAttribute('data-start'))!;
	await expect(moving).toHaveAttribute('data-due', addDaysTo(start, 4));
	expect(start > addDaysTo(today, 30)).toBe(true);
});

test('dragging the end handle changes only the due date; Escape cancels a drag', async () => {
	await openTimeline(lead);
	await drag(lead, bar(lead, ids.resizing).getByTestId('bar-end-handle'), DAY_WIDTH.week * 3);
	await expectDates(lead, ids.resizing, addDaysTo(today, 1), addDaysTo(today, 7));

	// The start handle stops at the due date.
	await drag(lead, bar(lead, ids.resizing).getByTestId('bar-start-handle'), DAY_WIDTH.week * 12);
	await expectDates(lead, ids.resizing, addDaysTo(today, 7), addDaysTo(today, 7));

	const moving = bar(lead, ids.moving);
	const box = (await moving.boundingBox())!;
	await lead.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
	await lead.mouse.down();
	await lead.mouse.move(box.x + box.width / 2 + DAY_WIDTH.week * 4, box.y + box.height / 2, { steps: 8 });
	await expect(moving).toHaveAttribute('data-start', addDaysTo(today, 6));
	await lead.keyboard.press('Escape');
	await lead.mouse.up();
	await expectDates(lead, ids.moving, addDaysTo(today, 2), addDaysTo(today, 6));
	await expect(lead.getByTestId('panel-title')).toHaveCount(0);
});

test('keyboard: → moves a bar a day, Shift+← a week back, Alt+→ only the due date; Enter opens it', async () => {
	await openTimeline(lead);
	const moving = bar(lead, ids.moving);
	await moving.focus();
	await lead.keyboard.press('ArrowRight');
	await expectDates(lead, ids.moving, addDaysTo(today, 3), addDaysTo(today, 7));
	await expect(lead.getByTestId('timeline-announcer')).toContainText(/now runs/);
	await lead.keyboard.press('Shift+ArrowLeft');
	await expectDates(lead, ids.moving, addDaysTo(today, -4), addDaysTo(today, 0));
	await lead.keyboard.press('Alt+ArrowRight');
	await expectDates(lead, ids.moving, addDaysTo(today, -4), addDaysTo(today, 1));
	// ↓/↑ go to the bar of the next and previous row.
	await lead.keyboard.press('ArrowDown');
	await expect(bar(lead, ids.resizing)).toBeFocused();
	await lead.keyboard.press('ArrowUp');
	await expect(moving).toBeFocused();
	await lead.keyboard.press('Enter');
	await expect(lead.getByTestId('panel-title')).toHaveValue('财务内控流程');
});

test('zoom and grouping switch and stay in the address', async () => {
	await openTimeline(lead, '');
	await expect(lead.getByTestId('timeline')).toHaveAttribute('data-zoom', 'month');
	await expect(lead.getByTestId('timeline-zoom-month')).toHaveAttribute('aria-pressed', 'true');

	await lead.getByTestId('timeline-zoom-quarter').click();
	await expect(lead).toHaveURL(/[?&]zoom=quarter/);
	await expect(lead.getByTestId('timeline')).toHaveAttribute('data-zoom', 'quarter');
	await lead.getByTestId('timeline-group').selectOption('owner');
	await expect(lead).toHaveURL(/[?&]group=owner/);
	await expect(lead.getByTestId('timeline-group-row').first()).toContainText('李娜');

	await lead.reload();
	await expect(lead.getByTestId('timeline')).toHaveAttribute('data-zoom', 'quarter');
	await expect(lead.getByTestId('timeline-zoom-quarter')).toHaveAttribute('aria-pressed', 'true');
	await expect(lead.getByTestId('timeline-group')).toHaveValue('owner');

	// Bars are as wide as their days at each zoom.
	const quarterWidth = (await bar(lead, ids.moving).boundingBox())!.width;
	await lead.getByTestId('timeline-zoom-week').click();
	await expect(lead).toHaveURL(/[?&]zoom=week/);
	await expect.poll(async () => (await bar(lead, ids.moving).boundingBox())!.width).toBeCloseTo((quarterWidth / DAY_WIDTH.quarter) * DAY_WIDTH.week, 0);

	// The filters share the address with the view's own state.
	await lead.goto(`/b/${board.id}/timeline?zoom=week&group=owner&q=${encodeURIComponent('财务')}`);
	await expect(lead.getByTestId('timeline-row')).toHaveCount(1);
	await expect(lead.getByTestId('timeline-zoom-week')).toHaveAttribute('aria-pressed', 'true');
});

test('a member sees bars without handles and cannot move them', async ({ browser }) => {
	const context = await contextFor(browser, member);
	contexts.push(context);
	const page = await context.newPage();
	await openTimeline(page);
	const moving = bar(page, ids.moving);
	await expect(moving).toBeVisible();
	await expect(page.getByTestId('bar-start-handle')).toHaveCount(0);
	await expect(page.getByTestId('bar-end-handle')).toHaveCount(0);

	await drag(page, moving, DAY_WIDTH.week * 7);
	await moving.focus();
	await page.keyboard.press('ArrowRight');
	// Give a wrongly accepted change time to come back from the server before checking.
	await openTimeline(lead);
	await expectDates(lead, ids.moving, addDaysTo(today, 2), addDaysTo(today, 6));
	await expectDates(page, ids.moving, addDaysTo(today, 2), addDaysTo(today, 6));
	await expect(page.getByTestId('timeline-schedule')).toHaveCount(0);
});

test('a stage is drawn right below its target; a click opens the item; an unscheduled item gets a week', async () => {
	await openTimeline(lead);
	const rows = lead.getByTestId('timeline-row');
	const order = await rows.evaluateAll((els) => els.map((el) => [el.getAttribute('data-item-id'), el.getAttribute('data-depth')]));
	const at = order.findIndex(([id]) => id === ids.target);
	expect(order[at + 1]).toEqual([ids.stage, '1']);
	expect(order[at]).toEqual([ids.target, '0']);
	const targetBox = (await bar(lead, ids.target).boundingBox())!;
	const stageBox = (await bar(lead, ids.stage).boundingBox())!;
	expect(stageBox.y).toBeGreaterThan(targetBox.y);
	expect(stageBox.y - targetBox.y).toBeLessThan(targetBox.height * 2.5);

	await bar(lead, ids.stage).click();
	await expect(lead.getByTestId('panel-title')).toHaveValue('本周随访一百户');
	await lead.getByTestId('panel-close').click();

	// A group folds away and back.
	const health = lead.getByTestId('timeline-group-toggle').filter({ hasText: '公共卫生' });
	await health.click();
	await expect(health).toHaveAttribute('aria-expanded', 'false');
	await expect(bar(lead, ids.stage)).toHaveCount(0);
	await expect(bar(lead, ids.moving)).toBeVisible();
	await health.click();
	await expect(bar(lead, ids.stage)).toBeVisible();

	await lead.getByTestId('timeline-unscheduled-toggle').click();
	const strip = lead.getByTestId('timeline-unscheduled');
	await expect(strip).toContainText('院务公开栏更新');
	await strip.getByTestId('timeline-schedule').click();
	await expectDates(lead, ids.unscheduled, today, addDaysTo(today, 6));
	await expect(lead.getByTestId('timeline-unscheduled')).toHaveCount(0);
});

test('a board with hundreds of rows draws only those near the view, and scrolls to the last', async () => {
	const last = await writeBoard(contexts[0], board.id, (doc) => {
		const area = createArea(doc, { name: '临床诊疗' });
		for (let i = 0; i < 260; i++) createItem(doc, { title: `病历抽查 ${i + 1}`, areaId: area, start: addDaysTo(today, i % 30), due: addDaysTo(today, (i % 30) + 3) });
		return createItem(doc, { title: '年终总结', areaId: area, start: addDaysTo(today, 60), due: addDaysTo(today, 62) });
	});
	await openTimeline(lead, '');
	await expect(lead.getByTestId('timeline-row').first()).toBeVisible();
	const drawn = await lead.getByTestId('timeline-row').count();
	expect(drawn).toBeGreaterThan(5);
	expect(drawn).toBeLessThan(120);
	await lead.getByTestId('timeline').evaluate((el) => el.scrollTo({ top: el.scrollHeight }));
	await expect(lead.locator(`[data-testid="timeline-row"][data-item-id="${last}"]`)).toBeVisible();
});

test('on a phone a tap on a bar opens the item', async ({ browser }) => {
	const phone = await browser.newContext({ storageState: await contexts[0].storageState(), viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true, locale: 'en-GB' });
	contexts.push(phone);
	const page = await phone.newPage();
	await openTimeline(page);
	await expect(page.getByTestId('timeline-zoom-week')).toBeVisible();
	const stage = bar(page, ids.stage);
	await stage.scrollIntoViewIfNeeded();
	await stage.tap();
	await expect(page.getByTestId('panel-title')).toHaveValue('本周随访一百户');
	await expectDates(page, ids.stage, addDaysTo(today, 1), addDaysTo(today, 5));
});
