/**
 * The table view: every item in a row, edited in place and live for everyone, sorted by
 * any column with the sort kept in the address, driven from the keyboard, editable by
 * members only where they may (status of their own items), and fast on a board of 3,000
 * items (virtual rows). The boards are written through the sync socket, as any client would.
 */
import { expect, test, type BrowserContext, type Page } from '@playwright/test';
import { createArea, createItem } from '../../src/lib/board/index';
import { addToBoard, contextFor, createBoard, createPerson, signedInContext, unique, writeBoard, type BoardSummary, type Person } from './fixtures';

let contexts: BrowserContext[] = [];
let board: BoardSummary;
let owner: Person;
let admin: BrowserContext;

const TITLES = {
	records: '完善居民健康档案',
	followUp: '慢性病随访',
	controls: '财务内控流程',
	claims: '新农合报销审核'
};

test.beforeEach(async ({ browser }) => {
	admin = await signedInContext(browser);
	contexts = [admin];
	owner ??= await createPerson(admin.request, '王芳');
	board = await createBoard(admin.request, unique('2026 卫生院管理年活动'));
	await addToBoard(admin.request, board.id, owner.id, 'member');
	await writeBoard(admin, board.id, (doc) => {
		const health = createArea(doc, { name: '公共卫生' });
		const finance = createArea(doc, { name: '财务管理' });
		createItem(doc, {
			title: TITLES.records,
			areaId: health,
			ownerId: owner.id,
			status: 'planned',
			horizon: 'month',
			period: '2026-04',
			start: '2026-04-01',
			due: '2026-04-30'
		});
		createItem(doc, { title: TITLES.followUp, areaId: health, ownerId: owner.id, status: 'strengthen', due: '2026-06-15' });
		createItem(doc, { title: TITLES.controls, areaId: finance, status: 'blank', due: '2026-05-10', blocked: true });
		createItem(doc, { title: TITLES.claims, areaId: finance, status: 'done' });
	});
});

test.afterEach(async () => {
	for (const context of contexts) await context.close();
});

async function openTable(page: Page, query = ''): Promise<void> {
	await page.goto(`/b/${board.id}/table${query}`);
	await expect(page.getByTestId('table-grid')).toBeVisible();
	await expect(page.getByTestId('connection-status')).toHaveAttribute('data-state', 'connected');
}

function row(page: Page, title: string) {
	return page.getByTestId('table-row').filter({ has: page.locator('[data-col="title"]', { hasText: title }) });
}

function cell(page: Page, title: string, column: string) {
	return row(page, title).locator(`[data-col="${column}"]`);
}

function titles(page: Page) {
	return page.getByTestId('table-row').locator('[data-col="title"]');
}

test('a lead edits a title, an owner and a due date in place; another window shows them live', async ({ browser }) => {
	const lead = await admin.newPage();
	const other = await (await signedInContext(browser)).newPage();
	contexts.push(other.context());
	await openTable(lead);
	await openTable(other);
	await expect(lead.getByTestId('table-count')).toHaveText('4 items');
	await expect(cell(lead, TITLES.records, 'number')).toHaveText(new RegExp(`^${board.prefix}-00[1-4]$`));
	await expect(cell(lead, TITLES.records, 'area')).toHaveText('公共卫生');
	await expect(cell(lead, TITLES.records, 'period')).toHaveText('2026-04');
	await expect(cell(lead, TITLES.controls, 'blocked')).toHaveText('Blocked');

	await cell(lead, TITLES.records, 'title').dblclick();
	const editor = lead.getByTestId('cell-editor');
	await expect(editor).toBeFocused();
	await editor.fill('完善居民电子健康档案');
	await editor.press('Enter');
	await expect(editor).toHaveCount(0);

	await cell(lead, TITLES.controls, 'owner').dblclick();
	await lead.getByTestId('cell-editor').selectOption({ label: '王芳' });
	await expect(cell(lead, TITLES.controls, 'owner')).toHaveText('王芳');

	await cell(lead, TITLES.claims, 'due').dblclick();
	await lead.getByTestId('cell-editor').fill('2026-07-01');
	await lead.getByTestId('cell-editor').press('Enter');
	await expect(cell(lead, TITLES.claims, 'due')).toHaveText('2026-07-01');

	await expect(cell(other, '完善居民电子健康档案', 'title')).toHaveText('完善居民电子健康档案');
	await expect(cell(other, TITLES.controls, 'owner')).toHaveText('王芳');
	await expect(cell(other, TITLES.claims, 'due')).toHaveText('2026-07-01');
});

test('sorting by due both ways, empty last, kept in the address after a reload', async () => {
	const lead = await admin.newPage();
	await openTable(lead);
	// By number when the address says nothing.
	await expect(titles(lead)).toHaveCount(4);
	const numbers = await lead.getByTestId('table-row').evaluateAll((rows) => rows.map((row) => Number(row.getAttribute('data-number'))));
	expect(numbers).toEqual([1, 2, 3, 4]);

	await lead.getByTestId('sort-due').click();
	await expect(lead).toHaveURL(/sort=due/);
	await expect(titles(lead)).toHaveText([TITLES.records, TITLES.controls, TITLES.followUp, TITLES.claims]);
	await expect(lead.getByRole('columnheader', { name: 'Due' })).toHaveAttribute('aria-sort', 'ascending');

	await lead.getByTestId('sort-due').click();
	await expect(lead).toHaveURL(/sort=due&dir=desc/);
	await expect(titles(lead)).toHaveText([TITLES.followUp, TITLES.controls, TITLES.records, TITLES.claims]);

	await lead.reload();
	await expect(lead.getByTestId('table-grid')).toBeVisible();
	await expect(titles(lead)).toHaveText([TITLES.followUp, TITLES.controls, TITLES.records, TITLES.claims]);
	await expect(lead.getByRole('columnheader', { name: 'Due' })).toHaveAttribute('aria-sort', 'descending');

	// The header row is part of the grid: arrows move between the sort buttons, Enter sorts.
	await lead.getByTestId('sort-due').focus();
	await lead.keyboard.press('ArrowLeft');
	await expect(lead.getByTestId('sort-start')).toBeFocused();
	await lead.keyboard.press('Enter');
	await expect(lead).toHaveURL(/sort=start(?!.*dir=)/);
	await expect(titles(lead).first()).toHaveText(TITLES.records);
	await lead.keyboard.press('ArrowDown');
	await expect(cell(lead, TITLES.records, 'start')).toBeFocused();

	// Filters come from the address as on the kanban; nothing left shows a way back.
	await lead.goto(`/b/${board.id}/table?sort=due&dir=desc&q=nothing-like-this`);
	await expect(lead.getByTestId('table-nothing')).toBeVisible();
	await lead.getByTestId('table-clear-filters').click();
	await expect(titles(lead)).toHaveCount(4);
	await expect(lead).toHaveURL(/sort=due&dir=desc/);
});

test('keyboard: arrows to a cell, Enter edits, typing replaces, Enter commits and moves down, Escape cancels', async () => {
	const lead = await admin.newPage();
	await openTable(lead);
	// Rows by number (the server numbers the four items in its own order).
	const at = (n: number, column: string) => lead.locator(`[data-testid="table-row"][data-number="${n}"] [data-col="${column}"]`);
	const first = (await at(1, 'title').textContent()) ?? '';
	const second = (await at(2, 'title').textContent()) ?? '';
	const third = (await at(3, 'title').textContent()) ?? '';

	// A click focuses a cell; arrows move from there.
	await at(1, 'status').click();
	await expect(at(1, 'status')).toBeFocused();
	await lead.keyboard.press('ArrowLeft');
	await lead.keyboard.press('ArrowLeft');
	await lead.keyboard.press('ArrowLeft');
	await expect(at(1, 'title')).toBeFocused();

	await lead.keyboard.press('Enter');
	await expect(lead.getByTestId('cell-editor')).toBeFocused();
	await lead.keyboard.type(' (2026)');
	await lead.keyboard.press('Enter');
	await expect(at(1, 'title')).toHaveText(`${first} (2026)`);
	await expect(at(2, 'title')).toBeFocused();

	// Typing on a text cell starts editing with what was typed; Escape gives the old title back.
	await lead.keyboard.type('Qx');
	await expect(lead.getByTestId('cell-editor')).toHaveValue('Qx');
	await lead.keyboard.press('Escape');
	await expect(lead.getByTestId('cell-editor')).toHaveCount(0);
	await expect(at(2, 'title')).toHaveText(second);
	await expect(at(2, 'title')).toBeFocused();

	// An empty title is refused with a message.
	await lead.keyboard.press('F2');
	await lead.getByTestId('cell-editor').fill('   ');
	await lead.keyboard.press('Enter');
	await expect(lead.getByTestId('cell-error')).toHaveText('An item needs a title.');
	await lead.keyboard.press('Escape');
	await expect(at(2, 'title')).toHaveText(second);

	// Tab commits and moves right: from the title to the area.
	await lead.keyboard.press('Enter');
	await lead.keyboard.press('Tab');
	await expect(at(2, 'area')).toBeFocused();

	// Down, Home and Enter on the number opens the item.
	await lead.keyboard.press('ArrowDown');
	await lead.keyboard.press('Home');
	await expect(at(3, 'number')).toBeFocused();
	await lead.keyboard.press('Enter');
	await expect(lead.getByTestId('item-panel')).toBeVisible();
	await expect(lead.getByTestId('panel-title')).toHaveValue(third);
});

test('a start after the due date is refused with a message and nothing changes', async ({ browser }) => {
	const lead = await admin.newPage();
	const other = await (await signedInContext(browser)).newPage();
	contexts.push(other.context());
	await openTable(lead);
	await openTable(other);

	await cell(lead, TITLES.records, 'start').dblclick();
	await lead.getByTestId('cell-editor').fill('2026-05-20');
	await lead.getByTestId('cell-editor').press('Enter');
	await expect(lead.getByTestId('cell-error')).toHaveText('The start cannot be after the due date.');
	await expect(lead.getByTestId('cell-editor')).toHaveAttribute('aria-invalid', 'true');
	await lead.getByTestId('cell-editor').press('Escape');
	await expect(cell(lead, TITLES.records, 'start')).toHaveText('2026-04-01');

	// A period of another horizon is refused too.
	await cell(lead, TITLES.records, 'period').dblclick();
	await lead.getByTestId('cell-editor').fill('2026-Q2');
	await lead.getByTestId('cell-editor').press('Enter');
	await expect(lead.getByTestId('cell-error')).toContainText('The period must be a Month');
	await lead.getByTestId('cell-editor').press('Escape');

	// A valid edit afterwards goes through, so the refused ones were really never written.
	await cell(lead, TITLES.records, 'due').dblclick();
	await lead.getByTestId('cell-editor').fill('2026-05-31');
	await lead.getByTestId('cell-editor').press('Enter');
	await expect(cell(other, TITLES.records, 'due')).toHaveText('2026-05-31');
	await expect(cell(other, TITLES.records, 'start')).toHaveText('2026-04-01');
	await expect(cell(other, TITLES.records, 'period')).toHaveText('2026-04');
});

test('a member changes the status of their own item, not of another’s, and cannot edit titles', async ({ browser }) => {
	const member = await (await contextFor(browser, owner)).newPage();
	contexts.push(member.context());
	const lead = await admin.newPage();
	await openTable(member);
	await openTable(lead);
	await expect(member.getByTestId('table-view')).toContainText('You can change the status and the blocked flag of your own items.');

	await cell(member, TITLES.records, 'status').dblclick();
	await member.getByTestId('cell-editor').selectOption('done');
	await expect(cell(member, TITLES.records, 'status')).toHaveText('Done');
	await expect(cell(lead, TITLES.records, 'status')).toHaveText('Done');

	// Another's item (no owner): the status cell stays read-only, by mouse and by keyboard.
	await expect(cell(member, TITLES.controls, 'status')).toHaveAttribute('aria-readonly', 'true');
	await cell(member, TITLES.controls, 'status').dblclick();
	await expect(member.getByTestId('cell-editor')).toHaveCount(0);
	await member.keyboard.press('Enter');
	await expect(member.getByTestId('cell-editor')).toHaveCount(0);
	await expect(cell(member, TITLES.controls, 'blocked').locator('input')).toBeDisabled();

	// Titles are the leads'.
	await cell(member, TITLES.records, 'title').dblclick();
	await expect(member.getByTestId('cell-editor')).toHaveCount(0);
	await member.keyboard.type('x');
	await expect(member.getByTestId('cell-editor')).toHaveCount(0);
	await expect(cell(member, TITLES.records, 'title')).toHaveText(TITLES.records);

	// Their own item's blocked flag goes through the server too.
	await cell(member, TITLES.followUp, 'blocked').locator('input').click();
	await expect(cell(lead, TITLES.followUp, 'blocked')).toHaveText('Blocked');
});

test('a board of 3,000 items opens with a few rows in the page and scrolls to the last one', async ({ browser }) => {
	test.setTimeout(180_000);
	const big = await createBoard(admin.request, unique('大表格'));
	await writeBoard(admin, big.id, (doc) =>
		// One transaction, so one update goes to the server (3,000 would hit its rate limit).
		doc.transact(() => {
			for (let i = 1; i <= 3000; i++) createItem(doc, { title: `第${i}项 目标任务`, status: (['blank', 'planned', 'strengthen', 'done'] as const)[i % 4] });
		})
	);
	const lead = await admin.newPage();
	await lead.goto(`/b/${big.id}/table`);
	await expect(lead.getByTestId('table-count')).toHaveText('3,000 items', { timeout: 30_000 });
	await expect(lead.getByTestId('table-grid')).toHaveAttribute('aria-rowcount', '3001');
	await expect(lead.getByTestId('table-row').first()).toBeVisible();
	const rendered = await lead.getByTestId('table-row').count();
	expect(rendered).toBeGreaterThan(5);
	expect(rendered).toBeLessThan(80);

	// Sorted by number: the last row is number 3,000, whichever item the server gave it to.
	const byNumber = (n: number, column: string) => lead.locator(`[data-testid="table-row"][data-number="${n}"] [data-col="${column}"]`);
	await lead.getByTestId('table-grid').evaluate((grid) => grid.scrollTo({ top: grid.scrollHeight }));
	await expect(byNumber(3000, 'number')).toHaveText(`${big.prefix}-3000`);
	await expect(byNumber(3000, 'title')).toBeInViewport();
	expect(await lead.getByTestId('table-row').count()).toBeLessThan(80);

	// Ctrl+Home from the keyboard goes back to the first cell; Ctrl+End reaches the last one.
	await byNumber(2999, 'title').click();
	await expect(byNumber(2999, 'title')).toBeFocused();
	await lead.keyboard.press('Control+Home');
	await expect(byNumber(1, 'number')).toBeFocused();
	await expect(byNumber(1, 'number')).toBeInViewport();
	await lead.keyboard.press('Control+End');
	await expect(byNumber(3000, 'parent')).toBeFocused();
	await expect(byNumber(3000, 'parent')).toBeInViewport();
});
