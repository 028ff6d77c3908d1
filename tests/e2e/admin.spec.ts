/** /admin/people: adding people, password-reset links, organisation invitations and deactivation. */
import { expect, test, type BrowserContext, type Page } from '@playwright/test';
import { contextFor, createPerson, ORIGIN, signedInContext } from './fixtures';

let contexts: BrowserContext[] = [];

test.afterEach(async () => {
	for (const context of contexts) await context.close();
	contexts = [];
});

function uniqueEmail(): string {
	return `${Date.now()}${Math.floor(Math.random() * 1e4)}@example.org`;
}

function row(page: Page, email: string) {
	return page.getByTestId('person-row').filter({ hasText: email });
}

test('an administrator adds a person and hands them a password-reset link', async ({ browser }) => {
	const admin = await signedInContext(browser);
	contexts.push(admin);
	const page = await admin.newPage();
	await page.goto('/');
	await page.getByTestId('nav-people').click();
	await expect(page).toHaveURL(/\/admin\/people$/);
	await expect(page.getByRole('heading', { name: 'People', exact: true })).toBeVisible();

	// Nothing filled in: the form says what it needs, next to each field.
	const form = page.getByTestId('create-person-form');
	await form.getByTestId('create-person').click();
	await expect(form.getByText('Enter your name.')).toBeVisible();
	await expect(form.getByText('Enter your email address.')).toBeVisible();
	await expect(form.getByText('Use at least 8 characters.')).toBeVisible();

	const email = uniqueEmail();
	await form.getByLabel('Name').fill('王芳');
	await form.getByLabel('Email').fill(email);
	await form.getByLabel('Password').fill('first password 1');
	await form.getByTestId('create-person').click();
	await expect(page.getByText('王芳 added.')).toBeVisible();
	const person = row(page, email);
	await expect(person).toContainText('王芳');
	await expect(person.getByTestId('person-role')).toHaveValue('member');
	await expect(person.getByTestId('person-status')).toHaveText('Active');

	// The administrator's own row can be neither deactivated nor demoted.
	const own = row(page, 'admin@example.org');
	await expect(own.getByTestId('person-deactivate')).toBeDisabled();
	await expect(own.getByTestId('person-role')).toBeDisabled();

	await person.getByTestId('person-reset').click();
	const url = page.getByTestId('reset-link-url');
	await expect(url).toHaveValue(new RegExp(`^${ORIGIN}/reset/.+`));
	const link = await url.inputValue();

	// Whoever has the link sets a new password without signing in.
	const anonymous = await browser.newContext({ locale: 'en-GB' });
	contexts.push(anonymous);
	const theirs = await anonymous.newPage();
	await theirs.goto(link);
	await expect(theirs.getByRole('heading', { name: 'Set a new password' })).toBeVisible();
	await expect(theirs.getByText(email)).toBeVisible();
	await theirs.getByLabel('New password').fill('second password 2');
	await theirs.getByLabel('Confirm password').fill('second password 2');
	await theirs.getByRole('button', { name: 'Save password' }).click();
	await expect(theirs).toHaveURL(/\/login$/);
	await expect(theirs.getByText('Password changed. Sign in with your new password.')).toBeVisible();

	await theirs.getByLabel('Email').fill(email);
	await theirs.getByLabel('Password').fill('second password 2');
	await theirs.getByRole('button', { name: 'Sign in' }).click();
	await expect(theirs).toHaveURL(/\/$/);
	await expect(theirs.getByTestId('current-user')).toContainText('王芳');

	// The link worked once.
	await theirs.goto(link);
	await expect(theirs.getByTestId('link-invalid')).toContainText('This link no longer works');
});

test('an organisation invitation creates an account; deactivating it ends the open session', async ({ browser }) => {
	const admin = await signedInContext(browser);
	contexts.push(admin);
	const page = await admin.newPage();
	await page.goto('/admin/people');

	const invite = page.getByTestId('org-invite-form');
	await invite.getByTestId('org-invite-validity').selectOption('24');
	await invite.getByTestId('org-invite-create').click();
	const url = invite.getByTestId('org-invite-url');
	await expect(url).toHaveValue(new RegExp(`^${ORIGIN}/invite/.+`));
	await expect(invite.getByText(/Valid until/)).toBeVisible();

	const anonymous = await browser.newContext({ locale: 'en-GB' });
	contexts.push(anonymous);
	const theirs = await anonymous.newPage();
	await theirs.goto(await url.inputValue());
	await expect(theirs.getByRole('heading', { name: 'Join Planboard' })).toBeVisible();
	const email = uniqueEmail();
	await theirs.getByLabel('Name').fill('刘洋');
	await theirs.getByLabel('Email').fill(email);
	await theirs.getByLabel('Password', { exact: true }).fill('invited password');
	await theirs.getByLabel('Confirm password').fill('invited password');
	await theirs.getByRole('button', { name: 'Create account' }).click();
	await expect(theirs).toHaveURL(/\/$/);
	await expect(theirs.getByTestId('current-user')).toContainText('刘洋');
	// A member: no People link for them.
	await expect(theirs.getByTestId('nav-people')).toHaveCount(0);

	await page.reload();
	const person = row(page, email);
	await expect(person.getByTestId('person-role')).toHaveValue('member');
	page.once('dialog', (dialog) => dialog.accept());
	await person.getByTestId('person-deactivate').click();
	await expect(page.getByText('刘洋 deactivated.')).toBeVisible();
	await expect(person.getByTestId('person-status')).toHaveText('Deactivated');
	await expect(person.getByTestId('person-activate')).toBeVisible();

	// Their session is gone: the next page they open asks them to sign in.
	await theirs.goto('/');
	await expect(theirs).toHaveURL(/\/login\?next=%2F$/);
});

test('people who are not administrators get a 403 page', async ({ browser }) => {
	const admin = await signedInContext(browser);
	contexts.push(admin);
	const member = await createPerson(admin.request, '孙丽');
	const context = await contextFor(browser, member);
	contexts.push(context);
	const page = await context.newPage();
	const response = await page.goto('/admin/people');
	expect(response?.status()).toBe(403);
	await expect(page.getByTestId('error-message')).toHaveText('Only administrators manage people.');
});
