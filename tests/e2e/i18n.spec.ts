import { expect, test } from '@playwright/test';
import { createBoard, openBoard, signedInContext, unique } from './fixtures';

test('a browser that asks for Chinese gets Chinese on the first visit', async ({ browser }) => {
	const context = await browser.newContext({ locale: 'zh-CN' });
	const page = await context.newPage();
	await page.goto('/login');
	await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
	await expect(page.getByRole('heading', { name: '登录计划看板' })).toBeVisible();
	await expect(page.getByRole('button', { name: '登录' })).toBeVisible();
	await context.close();
});

test('the language switch turns the board into Chinese and remembers it', async ({ browser }) => {
	const context = await signedInContext(browser, { locale: 'en-GB' });
	const board = await createBoard(context.request, unique('2026 卫生院管理年活动'));
	const page = await context.newPage();
	await openBoard(page, board.id);
	await expect(page.getByRole('heading', { name: 'Needs strengthening' })).toBeVisible();

	await page.getByTestId('locale-zh-CN').click();
	await expect(page.getByRole('heading', { name: '须加强' })).toBeVisible();
	for (const name of ['空白', '已计划', '已完成']) await expect(page.getByRole('heading', { name, exact: true })).toBeVisible();
	await expect(page.getByTestId('connection-status')).toHaveText('已连接');
	await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');

	// The choice is a cookie: the next page comes from the server in Chinese too.
	await page.goto('/');
	await expect(page.getByRole('heading', { name: '工作计划', exact: true })).toBeVisible();

	await page.getByTestId('locale-en').click();
	await expect(page.getByRole('heading', { name: 'Plans', exact: true })).toBeVisible();
	await context.close();
});
