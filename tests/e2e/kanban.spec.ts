/**
 * The kanban as a planning view: filters kept in the address (open a shared address, get
 * the same filtered board), counts per column and per lane, overdue and unowned items
 * marked, swimlanes by area and by owner, and a drop into another lane giving the item
 * that lane's area. The board is written through the sync socket, as any client would.
 */
import { expect, test, type BrowserContext, type Page } from '@playwright/test';
import { addDaysTo, createArea, createItem, todayIn } from '../../src/lib/board/index';
import { addToBoard, card, column, createBoard, createPerson, dragCard, openBoard, writeBoard, signedInContext, unique, type BoardSummary, type Person } from './fixtures';

function lane(page: Page, name: string) {
	return page.getByTestId('lane').filter({ has: page.getByTestId('lane-name').getByText(name, { exact: true }) });
}

function counts(page: Page) {
	return page.getByTestId('column').getByTestId('column-count');
}

let contexts: BrowserContext[] = [];
let board: BoardSummary;
let owner: Person;
let areas: { health: string; finance: string };
let lead: Page;

test.beforeEach(async ({ browser }) => {
	const admin = await signedInContext(browser);
	contexts = [admin];
	owner ??= await createPerson(admin.request, '王芳');
	board = await createBoard(admin.request, unique('2026 卫生院管理年活动'));
	await addToBoard(admin.request, board.id, owner.id, 'member');
	const today = todayIn('Asia/Shanghai');
	areas = await writeBoard(admin, board.id, (doc) => {
		const health = createArea(doc, { name: '公共卫生' });
		const finance = createArea(doc, { name: '财务管理' });
		createItem(doc, { title: '完善居民健康档案', areaId: health, ownerId: owner.id, status: 'planned', horizon: 'month', due: addDaysTo(today, -3) });
		createItem(doc, { title: '慢性病随访', areaId: health, ownerId: owner.id, status: 'strengthen', horizon: 'week', due: addDaysTo(today, 5) });
		createItem(doc, { title: '财务内控流程', areaId: finance, status: 'blank', horizon: 'quarter', blocked: true });
		createItem(doc, { title: '新农合报销审核', areaId: finance, status: 'done', horizon: 'month', due: addDaysTo(today, -10) });
		return { health, finance };
	});
	lead = await admin.newPage();
});

test.afterEach(async () => {
	for (const context of contexts) await context.close();
});

test('counts per column, overdue and unowned items marked on the cards', async () => {
	await openBoard(lead, board.id);
	await expect(counts(lead)).toHaveText(['1', '1', '1', '1']);
	// Past due and not done; the done item past its due day is not overdue.
	await expect(card(lead, '完善居民健康档案').getByTestId('item-overdue')).toBeVisible();
	await expect(card(lead, '新农合报销审核').getByTestId('item-overdue')).toHaveCount(0);
	await expect(card(lead, '慢性病随访').getByTestId('item-overdue')).toHaveCount(0);
	await expect(card(lead, '财务内控流程').getByTestId('item-no-owner')).toBeVisible();
	await expect(card(lead, '完善居民健康档案').getByTestId('item-area')).toHaveText('公共卫生');
});

test('a filtered address opens the same filtered board, and the filter bar changes the address', async () => {
	await lead.goto(`/b/${board.id}?owner=${owner.id}`);
	await expect(lead.getByTestId('board')).toBeVisible();
	await expect(card(lead, '完善居民健康档案')).toBeVisible();
	await expect(card(lead, '慢性病随访')).toBeVisible();
	await expect(lead.getByTestId('item-card')).toHaveCount(2);
	await expect(counts(lead)).toHaveText(['0', '1', '1', '0']);
	await expect(lead.getByTestId('filter-chip')).toHaveText([`Owner: 王芳`]);
	await expect(lead.getByTestId('filter-showing')).toHaveText('2 of 4 items');

	// Add "overdue" from the bar: the address follows, so it can be shared.
	await lead.getByTestId('filter-overdue').click();
	await expect(lead).toHaveURL(/overdue=1/);
	await expect(lead.getByTestId('item-card')).toHaveCount(1);
	await expect(card(lead, '完善居民健康档案')).toBeVisible();

	// Remove the owner chip; overdue alone still applies.
	await lead.getByRole('button', { name: 'Remove filter: Owner: 王芳' }).click();
	await expect(lead).not.toHaveURL(/owner=/);
	await expect(lead.getByTestId('item-card')).toHaveCount(1);

	await lead.getByTestId('filter-clear').click();
	await expect(lead.getByTestId('item-card')).toHaveCount(4);
	expect(new URL(lead.url()).search).toBe('');
});

test('text search, "no owner", blocked and status filters; nothing found says so', async () => {
	await lead.goto(`/b/${board.id}?owner=none&blocked=1`);
	await expect(lead.getByTestId('item-card')).toHaveCount(1);
	await expect(card(lead, '财务内控流程')).toBeVisible();

	await lead.goto(`/b/${board.id}`);
	await lead.getByTestId('filter-search').fill('随访');
	await expect(lead).toHaveURL(/q=/);
	await expect(lead.getByTestId('item-card')).toHaveCount(1);
	await expect(card(lead, '慢性病随访')).toBeVisible();

	await lead.getByTestId('filter-search').fill('不存在的任务');
	await expect(lead.getByTestId('filter-nothing')).toBeVisible();
	await lead.getByTestId('filter-nothing').getByRole('button').click();
	await expect(lead.getByTestId('item-card')).toHaveCount(4);

	await lead.getByTestId('filter-status').locator('summary').click();
	await lead.getByTestId('filter-status').getByLabel('Done').check();
	await expect(lead).toHaveURL(/status=done/);
	await expect(lead.getByTestId('item-card')).toHaveCount(1);
});

test('swimlanes by area and by owner, with counts; a drop into another area lane moves the item there', async ({ browser }) => {
	await lead.goto(`/b/${board.id}?lanes=area`);
	await expect(lead.getByTestId('lane')).toHaveCount(3);
	await expect(lead.getByTestId('lane-name')).toHaveText(['公共卫生', '财务管理', 'No area']);
	await expect(lead.getByTestId('lane-count')).toHaveText(['2', '2', '0']);

	// Drag the health item into the finance lane's "planned" column.
	const source = card(lead, '完善居民健康档案');
	const target = lane(lead, '财务管理').locator('[data-testid="column"][data-status="planned"]');
	await dragCard(lead, source, target.locator('ul'), { column: target, index: 0 });
	await expect(lane(lead, '财务管理').getByTestId('lane-count')).toHaveText('3');
	await expect(card(lead, '完善居民健康档案').getByTestId('item-area')).toHaveText('财务管理');

	// Everyone else sees the new area live.
	const other = await browser.newContext({ storageState: await contexts[0].storageState(), locale: 'en-GB' });
	contexts.push(other);
	const second = await other.newPage();
	await second.goto(`/b/${board.id}?area=${areas.finance}`);
	await expect(card(second, '完善居民健康档案')).toBeVisible();
	await expect(second.getByTestId('item-card')).toHaveCount(3);

	// By owner: 王芳's lane and the "no owner" lane.
	await lead.getByTestId('lanes-select').selectOption('owner');
	await expect(lead).toHaveURL(/lanes=owner/);
	await expect(lane(lead, '王芳').getByTestId('lane-count')).toHaveText('2');
	await expect(lane(lead, 'No owner').getByTestId('lane-count')).toHaveText('2');
	await lane(lead, 'No owner').getByTestId('lane-toggle').click();
	await expect(lane(lead, 'No owner').getByTestId('item-card')).toHaveCount(0);
});

test('on a phone the filters open from one button', async ({ browser }) => {
	const phone = await browser.newContext({ storageState: await contexts[0].storageState(), locale: 'en-GB', viewport: { width: 390, height: 800 } });
	contexts.push(phone);
	const page = await phone.newPage();
	await openBoard(page, board.id);
	await expect(page.getByTestId('filter-overdue')).toBeHidden();
	await page.getByTestId('filters-toggle').click();
	await page.getByTestId('filter-overdue').click();
	await page.getByRole('button', { name: 'Show items', exact: true }).click();
	await expect(page.getByTestId('filters-toggle')).toHaveText('Filters (1)');
	await expect(column(page, 'planned').getByTestId('item-card')).toHaveCount(1);
});

test('the server paints each column’s first cards before the live board loads (seen with JavaScript off)', async ({ browser }) => {
	const noScript = await browser.newContext({ storageState: await contexts[0].storageState(), locale: 'en-GB', javaScriptEnabled: false });
	contexts.push(noScript);
	const page = await noScript.newPage();
	await page.goto(`/b/${board.id}`);
	const preview = page.getByTestId('preview-card');
	await expect(preview).toHaveCount(4);
	await expect(preview.filter({ hasText: '完善居民健康档案' }).getByTestId('item-overdue')).toBeVisible();
	await expect(preview.filter({ hasText: '慢性病随访' }).getByTestId('item-owner')).toHaveAttribute('data-owner-name', '王芳');
	await expect(page.getByTestId('preview-count')).toHaveText(['1', '1', '1', '1']);
});
