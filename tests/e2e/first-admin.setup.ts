import { expect, test as setup } from '@playwright/test';
import { ADMIN, ADMIN_STATE } from './fixtures';

setup('the first visit creates the administrator through the setup page', async ({ page }) => {
	await page.goto('/');
	await expect(page).toHaveURL(/\/setup$/);
	await expect(page.getByRole('heading', { name: 'Create the first administrator' })).toBeVisible();

	// Nothing filled in: every field says what it needs.
	await page.getByRole('button', { name: 'Create administrator' }).click();
	await expect(page.getByText('Enter your name.')).toBeVisible();
	await expect(page.getByText('Enter your email address.')).toBeVisible();
	await expect(page.getByText('Use at least 8 characters.')).toBeVisible();

	await page.getByLabel('Name').fill(ADMIN.name);
	await page.getByLabel('Email').fill('not-an-email');
	await page.getByLabel('Password', { exact: true }).fill('short');
	await page.getByLabel('Confirm password').fill('different');
	await expect(page.getByText('Enter a valid email address, like name@example.org.')).toBeVisible();
	await expect(page.getByText('Use at least 8 characters.')).toBeVisible();
	await expect(page.getByText("The two passwords don't match.")).toBeVisible();

	await page.getByLabel('Email').fill(ADMIN.email);
	await page.getByLabel('Password', { exact: true }).fill(ADMIN.password);
	await page.getByLabel('Confirm password').fill(ADMIN.password);
	await page.getByRole('button', { name: 'Create administrator' }).click();

	await expect(page).toHaveURL(/\/$/);
	await expect(page.getByRole('heading', { name: 'Plans', exact: true })).toBeVisible();
	await expect(page.getByTestId('current-user')).toContainText(ADMIN.name);
	await expect(page.getByTestId('boards-empty')).toBeVisible();

	await page.context().storageState({ path: ADMIN_STATE });
});
