import { expect, test } from '@playwright/test';
import { ADMIN, ADMIN_STATE, createBoard, signedInContext, unique } from './fixtures';

test('setup is closed once an administrator exists', async ({ page }) => {
	await page.goto('/setup');
	await expect(page).toHaveURL(/\/login$/);
});

test('signing in returns to the page that asked for it, with a clear message on a wrong password', async ({ browser, page }) => {
	const admin = await signedInContext(browser);
	const board = await createBoard(admin.request, unique('Sign-in target'));
	await admin.close();

	await page.goto(`/b/${board.id}`);
	await expect(page).toHaveURL(`/login?next=${encodeURIComponent(`/b/${board.id}`)}`);

	await page.getByLabel('Email').fill(ADMIN.email);
	await page.getByLabel('Password').fill('wrong password');
	await page.getByRole('button', { name: 'Sign in' }).click();
	await expect(page.getByTestId('form-error')).toHaveText("That email and password don't match an account. Check both and try again.");
	await expect(page).toHaveURL(/\/login/);

	await page.getByLabel('Password').fill(ADMIN.password);
	await page.getByRole('button', { name: 'Sign in' }).click();
	await expect(page).toHaveURL(`/b/${board.id}`);
	await expect(page.getByTestId('board-title')).toHaveText(board.title);
});

test('an empty sign-in form says what is missing', async ({ page }) => {
	await page.goto('/login');
	await page.getByRole('button', { name: 'Sign in' }).click();
	await expect(page.getByText('Enter your email address.')).toBeVisible();
	await expect(page.getByText('Enter your password.')).toBeVisible();
});

test("before the page's scripts run, the sign-in form cannot be sent (it would put the password in the address)", async ({ browser }) => {
	const context = await browser.newContext({ javaScriptEnabled: false });
	const page = await context.newPage();
	await page.goto('/login');
	await expect(page.getByRole('button', { name: 'Sign in' })).toBeDisabled();
	await context.close();
});

test("before the scripts run, the signed-in pages' buttons are disabled: a click would be lost or send the form natively", async ({ browser }) => {
	const noScript = await browser.newContext({ storageState: ADMIN_STATE, locale: 'en-GB', javaScriptEnabled: false });
	const page = await noScript.newPage();
	const pages: [string, string[]][] = [
		['/', ['create-board', 'create-example']],
		['/admin/people', ['create-person', 'org-invite-create']],
		['/settings/tokens', ['create-token']]
	];
	for (const [path, buttons] of pages) {
		await page.goto(path);
		for (const button of buttons) await expect(page.getByTestId(button), `${path} ${button}`).toBeDisabled();
	}
	await noScript.close();
});

test('signing out ends the session', async ({ browser }) => {
	// A session of its own: signing out must not end the one other specs share.
	const context = await browser.newContext();
	const page = await context.newPage();
	await page.goto('/login');
	await page.getByLabel('Email').fill(ADMIN.email);
	await page.getByLabel('Password').fill(ADMIN.password);
	await page.getByRole('button', { name: 'Sign in' }).click();
	await expect(page).toHaveURL(/\/$/);

	await page.getByTestId('current-user').click();
	await page.getByTestId('sign-out').click();
	await expect(page).toHaveURL(/\/login$/);
	await page.goto('/');
	await expect(page).toHaveURL(/\/login\?next=%2F$/);
	await context.close();
});
