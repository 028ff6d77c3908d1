/** The board's sharing panel: who is on it now, roles, invitation links and the public board. */
import { expect, test, type BrowserContext } from '@playwright/test';
import { addToBoard, contextFor, createBoard, createPerson, openBoard, ORIGIN, signedInContext, unique } from './fixtures';

let contexts: BrowserContext[] = [];

test.afterEach(async () => {
	for (const context of contexts) await context.close();
	contexts = [];
});

test('a lead changes a member’s role, creates an invitation link and publishes the board', async ({ browser }) => {
	const admin = await signedInContext(browser);
	contexts.push(admin);
	const member = await createPerson(admin.request, '陈静');
	const board = await createBoard(admin.request, unique('2026 教育局督导评估'));
	await addToBoard(admin.request, board.id, member.id, 'member');
	const memberContext = await contextFor(browser, member);
	contexts.push(memberContext);
	const memberPage = await memberContext.newPage();
	await openBoard(memberPage, board.id);

	const page = await admin.newPage();
	await openBoard(page, board.id);
	await page.getByTestId('open-share').click();
	const panel = page.getByTestId('share-panel');
	await expect(panel.getByRole('heading', { name: 'Share this plan' })).toBeVisible();

	// Who is on the board now, by name.
	await expect(panel.getByTestId('share-presence-person').filter({ hasText: '陈静' })).toBeVisible();

	// Change the member's role: the server has it, and the list says so.
	const row = panel.locator(`[data-testid="share-member"][data-user-id="${member.id}"]`);
	await expect(row.getByTestId('share-member-role')).toHaveValue('member');
	await row.getByTestId('share-member-role').selectOption('viewer');
	await expect(page.getByText('陈静 is now Viewer.')).toBeVisible();
	await expect(row.getByTestId('share-member-role')).toHaveValue('viewer');
	const members = (await (await admin.request.get(`/api/boards/${board.id}/members`)).json()) as { userId: string; role: string }[];
	expect(members.find((m) => m.userId === member.id)?.role).toBe('viewer');

	// An invitation link for a lead, valid 30 days.
	await panel.getByTestId('share-invite-role').selectOption('lead');
	await panel.getByTestId('share-invite-validity').selectOption(String(30 * 24));
	await panel.getByTestId('share-invite-create').click();
	const url = panel.getByTestId('share-invite-url');
	await expect(url).toHaveValue(new RegExp(`^${ORIGIN}/invite/.+`));
	await expect(panel.getByTestId('share-invite-expiry')).toContainText('Lead · Valid until');
	const link = (await (await admin.request.get(`/api/links/${(await url.inputValue()).split('/invite/')[1]}`)).json()) as { boardRole: string; expiresAt: number };
	expect(link.boardRole).toBe('lead');
	expect(link.expiresAt - Date.now()).toBeGreaterThan(29 * 24 * 3600 * 1000);

	// The public board: off at first; on, with the owner shown, gives a link that works.
	const settings = panel.getByTestId('public-settings');
	await expect(settings.getByTestId('public-off')).toBeVisible();
	await settings.getByTestId('public-enabled').check();
	await expect(settings.getByTestId('public-link')).toHaveValue(new RegExp(`^${ORIGIN}/p/[a-z2-9]{12}$`));
	await expect(settings.getByTestId('public-screen-link')).toHaveValue(/\/p\/[a-z2-9]{12}\?screen=1$/);
	await settings.locator('[data-testid="public-field"][data-field="owner"]').check();
	await expect(page.getByText('Public board updated.').last()).toBeVisible();
	const saved = (await (await admin.request.get(`/api/boards/${board.id}/public`)).json()) as { enabled: boolean; fields: string[] };
	expect(saved).toMatchObject({ enabled: true, fields: ['owner'] });

	// The member (now a viewer) sees the list read only, with no invitations or public settings.
	await memberPage.reload();
	await expect(memberPage.getByTestId('board')).toBeVisible();
	await memberPage.getByTestId('open-share').click();
	const theirs = memberPage.getByTestId('share-panel');
	await expect(theirs.getByTestId('share-member')).toHaveCount(2);
	await expect(theirs.getByTestId('share-member-role')).toHaveCount(0);
	await expect(theirs.getByTestId('share-invite-form')).toHaveCount(0);
	await expect(theirs.getByTestId('public-settings')).toHaveCount(0);
});

test('a lead removes someone from the board after confirming', async ({ browser }) => {
	const admin = await signedInContext(browser);
	contexts.push(admin);
	const member = await createPerson(admin.request, '赵磊');
	const board = await createBoard(admin.request, unique('2026 卫生监督'));
	await addToBoard(admin.request, board.id, member.id, 'viewer');
	const page = await admin.newPage();
	await openBoard(page, board.id);
	await page.getByTestId('open-share').click();
	const row = page.locator(`[data-testid="share-member"][data-user-id="${member.id}"]`);
	page.once('dialog', (dialog) => dialog.accept());
	await row.getByTestId('share-member-remove').click();
	await expect(row).toHaveCount(0);
	await expect(page.getByText('赵磊 removed from this plan.')).toBeVisible();

	// An administrator adds them back from the organisation's people.
	const panel = page.getByTestId('share-panel');
	await panel.getByTestId('share-add-person').selectOption(member.id);
	await panel.getByTestId('share-add-role').selectOption('member');
	await panel.getByTestId('share-add-submit').click();
	await expect(row.getByTestId('share-member-role')).toHaveValue('member');
});
