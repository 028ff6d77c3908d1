import { expect, test, type Page } from '@playwright/test';
import { column, signedInContext } from './fixtures';

const STATUSES = ['blank', 'planned', 'strengthen', 'done'] as const;

/** Every column of the kanban holds cards, and the board is connected. */
async function expectFullBoard(page: Page): Promise<void> {
	await expect(page).toHaveURL(/\/b\/[^/]+$/);
	await expect(page.getByTestId('board')).toBeVisible();
	await expect(page.getByTestId('connection-status')).toHaveAttribute('data-state', 'connected');
	for (const status of STATUSES) await expect(column(page, status).getByTestId('item-card').first()).toBeVisible();
}

test('an administrator creates the example plan in English from the board list', async ({ browser }) => {
	const context = await signedInContext(browser, { locale: 'en-GB' });
	const page = await context.newPage();
	await page.goto('/');
	await expect(page.getByRole('heading', { name: 'Plans', exact: true })).toBeVisible();
	// Alone, this spec meets the empty list and its offer; after other specs, the offer under the list.
	const offer = page.getByTestId('example-offer');
	await expect(offer).toBeVisible();
	if (await page.getByTestId('boards-empty').isVisible()) await expect(offer).toContainText('township health centre');
	await offer.getByRole('button', { name: 'Create an example plan' }).click();

	await expectFullBoard(page);
	await expect(page.getByRole('heading', { name: 'Needs strengthening' })).toBeVisible();
	await expect(column(page, 'strengthen').getByText('Raise the share of residents with a health record to 85%')).toBeVisible();
	await expect(column(page, 'done').getByText('Fixed-asset stocktake')).toBeVisible();
	await expect(page.getByText(/^HC-0\d\d$/).first()).toBeVisible();

	// The list now has the board, and still offers another example below it.
	await page.goto('/');
	await expect(page.getByTestId('board-link').filter({ hasText: /^Health centre management year \d{4}$/ }).first()).toBeVisible();
	await expect(page.getByTestId('example-offer')).toBeVisible();
	await context.close();
});

test('the example plan is written in Chinese for a Chinese interface', async ({ browser }) => {
	const context = await signedInContext(browser, { locale: 'zh-CN' });
	const page = await context.newPage();
	await page.goto('/');
	await page.getByTestId('locale-zh-CN').click();
	await expect(page.getByRole('heading', { name: '工作计划', exact: true })).toBeVisible();
	await expect(page.getByTestId('board-list')).toBeVisible();
	await page.getByTestId('example-offer').getByRole('button', { name: '创建示例计划' }).click();

	await expectFullBoard(page);
	await expect(page.getByRole('heading', { name: '须加强' })).toBeVisible();
	await expect(column(page, 'strengthen').getByText('居民健康档案建档率达到 85%')).toBeVisible();
	await expect(column(page, 'blank').getByText('65 岁以上老年人免费健康体检')).toBeVisible();
	await expect(page.getByText(/^WSY-0\d\d$/).first()).toBeVisible();
	await expect(page.getByText('Raise the share of residents with a health record to 85%')).toHaveCount(0);

	// Back to English for the specs that follow (the language is a cookie of this context only).
	await context.close();
});
