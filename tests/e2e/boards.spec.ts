import { expect, test } from '@playwright/test';
import { createBoard, signedInContext, unique } from './fixtures';

test('a lead creates a plan and lands on its board', async ({ browser }) => {
	const context = await signedInContext(browser);
	const page = await context.newPage();
	await page.goto('/');

	await page.getByTestId('create-board').click();
	await expect(page.getByRole('alert')).toHaveText('Enter a title.');

	const title = unique('2026 卫生院管理年活动');
	await page.getByTestId('new-board-title').fill(title);
	await page.getByTestId('create-board').click();

	await expect(page).toHaveURL(/\/b\/[\w-]+$/);
	await expect(page.getByTestId('board-title')).toHaveText(title);
	for (const name of ['Blank', 'Planned', 'Needs strengthening', 'Done']) {
		await expect(page.getByRole('heading', { name, exact: true })).toBeVisible();
	}

	await page.getByRole('link', { name: 'All plans' }).click();
	const row = page.getByTestId('board-row').filter({ hasText: title });
	await expect(row).toBeVisible();
	await expect(row).toContainText('PB');
	await context.close();
});

test('a board is renamed from the list; Escape cancels', async ({ browser }) => {
	const context = await signedInContext(browser);
	const board = await createBoard(context.request, unique('Rename me'));
	const page = await context.newPage();
	await page.goto('/');
	const row = page.locator(`[data-testid="board-row"][data-board-id="${board.id}"]`);

	await row.getByTestId('rename-board').click();
	await row.getByTestId('rename-input').fill('Not this');
	await row.getByTestId('rename-input').press('Escape');
	await expect(row.getByTestId('board-link')).toHaveText(board.title);

	const renamed = unique('Culture market inspection');
	await row.getByTestId('rename-board').click();
	await row.getByTestId('rename-input').fill(renamed);
	await row.getByTestId('rename-input').press('Enter');
	await expect(row.getByTestId('board-link')).toHaveText(renamed);

	// The live board follows the rename too.
	await row.getByTestId('board-link').click();
	await expect(page.getByTestId('board-title')).toHaveText(renamed);
	await context.close();
});

test('an unknown board gives a clear not-found page', async ({ browser }) => {
	const context = await signedInContext(browser);
	const page = await context.newPage();
	const response = await page.goto('/b/no-such-board');
	expect(response?.status()).toBe(404);
	await expect(page.getByTestId('error-message')).toHaveText("This board doesn't exist, or it isn't shared with you.");
	await page.getByRole('link', { name: 'Back to plans' }).click();
	await expect(page.getByRole('heading', { name: 'Plans', exact: true })).toBeVisible();
	await context.close();
});
