/**
 * Planning an item and the plan itself through the UI: areas made in the settings panel,
 * an item given an area, horizon, period, dates, owner, parent, a related item and a
 * numeric target in the item panel — seen live by a second browser; bad dates refused;
 * the numbering prefix changed; and a responsible person's check-in reaching a lead's
 * targets view live.
 */
import { expect, test, type BrowserContext, type Page } from '@playwright/test';
import { addDaysTo, createArea, createItem, formatItemNumber, periodOf, setMetric, todayIn } from '../../src/lib/board/index';
import { addItem, addToBoard, card, contextFor, createBoard, createPerson, openBoard, signedInContext, unique, writeBoard, type BoardSummary } from './fixtures';

let contexts: BrowserContext[] = [];
let board: BoardSummary;

test.beforeEach(async ({ browser }) => {
	contexts = [await signedInContext(browser)];
	board = await createBoard(contexts[0].request, unique('2026 卫生院管理年活动'));
});

test.afterEach(async () => {
	for (const context of contexts) await context.close();
});

async function secondWindow(browser: import('@playwright/test').Browser): Promise<Page> {
	const other = await browser.newContext({ storageState: await contexts[0].storageState(), locale: 'en-GB' });
	contexts.push(other);
	const page = await other.newPage();
	await openBoard(page, board.id);
	return page;
}

test('a lead makes areas in the settings and plans an item in its panel; another window sees every field live', async ({ browser }) => {
	const owner = await createPerson(contexts[0].request, '李娜');
	await addToBoard(contexts[0].request, board.id, owner.id, 'member');
	const lead = await contexts[0].newPage();
	await openBoard(lead, board.id);
	const other = await secondWindow(browser);

	// Areas: add three, an empty name is refused, reorder, archive one.
	await lead.getByTestId('open-settings').click();
	const areas = lead.getByTestId('areas-manager');
	await expect(areas.getByTestId('areas-empty')).toBeVisible();
	await areas.getByTestId('area-add').click();
	await expect(areas.getByRole('alert')).toHaveText('An area needs a name.');
	for (const name of ['公共卫生', '临床诊疗', '财务管理']) {
		await areas.getByTestId('area-new').fill(name);
		await areas.getByTestId('area-new').press('Enter');
	}
	await expect(areas.getByTestId('area-name')).toHaveCount(3);
	await areas.getByTestId('area-row').first().getByTestId('area-down').click();
	await expect(areas.getByTestId('area-name').first()).toHaveValue('临床诊疗');
	await areas.getByTestId('area-row').last().getByTestId('area-archive').click();
	await expect(areas.getByTestId('area-name')).toHaveCount(2);
	await expect(areas.getByTestId('area-archived-row')).toHaveCount(1);
	await lead.getByTestId('settings-panel').getByRole('button', { name: 'Close' }).first().click();

	// A quarterly target and a monthly stage of it, planned in the panel.
	await addItem(lead, 'planned', '居民健康档案建档率达到 90%');
	await addItem(lead, 'planned', '完成东片区入户建档');
	await addItem(lead, 'blank', '慢性病随访与门诊衔接');
	await card(lead, '完成东片区入户建档').click();
	const panel = lead.getByTestId('item-panel');
	await panel.getByTestId('panel-area').selectOption({ label: '公共卫生' });
	await panel.getByTestId('panel-owner').selectOption(owner.id);
	const today = todayIn('Asia/Shanghai');
	const start = addDaysTo(today, 3);
	const due = addDaysTo(today, 20);
	await panel.getByTestId('panel-due').fill(due);
	await panel.getByTestId('panel-start').fill(start);
	await panel.getByTestId('panel-horizon').selectOption('month');
	// The horizon brought the month of the due date.
	await expect(panel.getByTestId('panel-period')).toHaveValue(periodOf('month', due));
	// The lists are built when the person reaches for the field.
	await panel.getByTestId('panel-parent').focus();
	await panel.getByTestId('panel-parent').selectOption({ label: `${formatItemNumber(board.prefix, 1)} 居民健康档案建档率达到 90%` });
	await panel.getByTestId('panel-link-add').focus();
	await panel.getByTestId('panel-link-add').selectOption({ label: `${formatItemNumber(board.prefix, 3)} 慢性病随访与门诊衔接` });
	await expect(panel.getByTestId('panel-link')).toHaveText(/慢性病随访与门诊衔接/);

	// The other window sees the item planned the same way.
	await card(other, '完成东片区入户建档').click();
	const seen = other.getByTestId('item-panel');
	await expect(seen.getByTestId('panel-area')).toHaveValue(await panel.getByTestId('panel-area').inputValue());
	await expect(seen.getByTestId('panel-owner')).toHaveValue(owner.id);
	await expect(seen.getByTestId('panel-horizon')).toHaveValue('month');
	await expect(seen.getByTestId('panel-period')).toHaveValue(periodOf('month', due));
	await expect(seen.getByTestId('panel-start')).toHaveValue(start);
	await expect(seen.getByTestId('panel-due')).toHaveValue(due);
	await expect(seen.getByTestId('panel-link')).toHaveText(/慢性病随访与门诊衔接/);
	await expect(card(other, '完成东片区入户建档').getByTestId('item-area')).toHaveText('公共卫生');

	// A start after the due date is refused and changes nothing.
	await panel.getByTestId('panel-start').fill(addDaysTo(due, 1));
	await expect(panel.getByTestId('panel-dates-error')).toContainText('The start is after the due date');
	await expect(panel.getByTestId('panel-start')).toHaveValue(start);
	await expect(seen.getByTestId('panel-start')).toHaveValue(start);

	// The parent shows its stage; a numeric target with a refused and then a good value.
	await card(lead, '居民健康档案建档率达到 90%').click();
	await expect(panel.getByTestId('panel-stages')).toContainText('完成东片区入户建档');
	await panel.getByTestId('panel-metric-add').click();
	await panel.getByTestId('metric-baseline-input').fill('81.2');
	await panel.getByTestId('metric-target-input').fill('ninety');
	await panel.getByTestId('metric-save').click();
	await expect(panel.getByTestId('panel-metric-form')).toContainText('“ninety” is not a number.');
	await panel.getByTestId('metric-target-input').fill('90.65');
	await panel.getByTestId('metric-unit-input').fill('%');
	await panel.getByTestId('metric-save').click();
	await expect(panel.getByTestId('panel-metric')).toContainText('90.65 %');

	await card(other, '居民健康档案建档率达到 90%').click();
	await expect(seen.getByTestId('panel-metric')).toContainText('81.2 %');
	await expect(seen.getByTestId('panel-metric')).toContainText('90.65 %');
});

test('the numbering prefix and campaign dates are board settings; dates that run backwards are refused', async ({ browser }) => {
	const lead = await contexts[0].newPage();
	await openBoard(lead, board.id);
	await addItem(lead, 'blank', '制定管理年活动实施方案');
	await expect(card(lead, '制定管理年活动实施方案').getByTestId('item-number')).toHaveText(formatItemNumber(board.prefix, 1));
	const other = await secondWindow(browser);

	await lead.getByTestId('open-settings').click();
	await lead.getByTestId('settings-prefix').fill('bad prefix');
	await lead.getByTestId('settings-save').click();
	await expect(lead.getByTestId('board-settings').getByRole('alert')).toBeVisible();
	await lead.getByTestId('settings-prefix').fill('gln');
	await lead.getByTestId('settings-save').click();
	await expect(card(lead, '制定管理年活动实施方案').getByTestId('item-number')).toHaveText(formatItemNumber('GLN', 1));

	await lead.getByTestId('settings-end').fill('2026-01-31');
	await lead.getByTestId('settings-start').fill('2026-03-01');
	await expect(lead.getByTestId('settings-dates-error')).toBeVisible();
	await expect(lead.getByTestId('settings-start')).toHaveValue('');
	await lead.getByTestId('settings-start').fill('2026-01-01');
	await lead.getByTestId('settings-end').fill('2026-12-31');

	await other.getByTestId('open-settings').click();
	await expect(other.getByTestId('settings-start')).toHaveValue('2026-01-01');
	await expect(other.getByTestId('settings-end')).toHaveValue('2026-12-31');
});

test('a responsible person checks in a value and the lead’s targets view shows it live', async ({ browser }) => {
	const owner = await createPerson(contexts[0].request, '赵敏');
	await addToBoard(contexts[0].request, board.id, owner.id, 'member');
	await writeBoard(contexts[0], board.id, (doc) => {
		const area = createArea(doc, { name: '公共卫生' });
		const id = createItem(doc, { title: '适龄儿童入园率', areaId: area, ownerId: owner.id, status: 'planned', horizon: 'quarter' });
		setMetric(doc, id, { unit: '%', baseline: 81.2, target: 90.65, direction: 'up' });
		createItem(doc, { title: '别人的指标', areaId: area, status: 'planned' });
	});
	const lead = await contexts[0].newPage();
	await lead.goto(`/b/${board.id}/targets`);
	const leadCard = lead.getByTestId('metric-item').filter({ hasText: '适龄儿童入园率' });
	await expect(leadCard).toHaveAttribute('data-progress', '0');

	const ownerContext = await contextFor(browser, owner);
	contexts.push(ownerContext);
	const page = await ownerContext.newPage();
	await page.goto(`/b/${board.id}/targets`);
	const mine = page.getByTestId('metric-item').filter({ hasText: '适龄儿童入园率' });
	await mine.getByTestId('checkin-open').click();
	await mine.getByTestId('checkin-value').fill('86');
	await mine.getByTestId('checkin-submit').click();
	await expect(mine).toHaveAttribute('data-progress', '51');

	// Live in the lead's view: 81.2 → 86 of the way to 90.65 is 51 %.
	await expect(leadCard).toHaveAttribute('data-progress', '51');
	await expect(leadCard.getByTestId('metric-current')).toContainText('86');
});
