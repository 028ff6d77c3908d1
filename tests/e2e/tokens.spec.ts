/** /settings/tokens: a personal API token, shown once, works as a Bearer token until revoked. */
import { expect, request, test, type BrowserContext } from '@playwright/test';
import { ORIGIN, signedInContext } from './fixtures';

let contexts: BrowserContext[] = [];

test.afterEach(async () => {
	for (const context of contexts) await context.close();
	contexts = [];
});

test('a token is shown once, works as a Bearer token and stops working when revoked', async ({ browser }) => {
	const context = await signedInContext(browser);
	contexts.push(context);
	const page = await context.newPage();
	await page.goto('/');
	await page.getByTestId('current-user').click();
	await page.getByTestId('nav-tokens').click();
	await expect(page).toHaveURL(/\/settings\/tokens$/);
	await expect(page.getByRole('heading', { name: 'API tokens', exact: true })).toBeVisible();

	// A name is needed.
	await page.getByTestId('create-token').click();
	await expect(page.getByText('Give the token a name.')).toBeVisible();

	const name = `Report script ${Date.now()}`;
	await page.getByTestId('token-name').fill(name);
	await page.getByTestId('create-token').click();
	const shown = page.getByTestId('new-token');
	await expect(shown).toContainText('it is shown only this once');
	const token = await shown.getByTestId('new-token-value').inputValue();
	expect(token.length).toBeGreaterThan(20);
	await expect(shown.getByTestId('new-token-example')).toHaveValue(`curl -H "Authorization: Bearer ${token}" ${ORIGIN}/api/boards`);
	const row = page.getByTestId('token-row').filter({ hasText: name });
	await expect(row).toContainText('Never');

	// Gone after a reload: the server never shows the secret again.
	await page.reload();
	await expect(page.getByTestId('new-token')).toHaveCount(0);
	await expect(row).toBeVisible();
	expect(await page.content()).not.toContain(token);

	const api = await request.newContext({ baseURL: ORIGIN, extraHTTPHeaders: { authorization: `Bearer ${token}` } });
	try {
		const boards = await api.get('/api/boards');
		expect(boards.status(), await boards.text()).toBe(200);
		expect(Array.isArray(await boards.json())).toBe(true);

		await page.reload();
		await expect(row).not.toContainText('Never');

		page.once('dialog', (dialog) => dialog.accept());
		await row.getByTestId('token-revoke').click();
		await expect(page.getByText(`“${name}” revoked.`)).toBeVisible();
		await expect(row.getByTestId('token-revoked')).toBeVisible();

		expect((await api.get('/api/boards')).status()).toBe(401);
	} finally {
		await api.dispose();
	}
});
