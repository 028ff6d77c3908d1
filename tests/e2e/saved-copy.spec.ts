/**
 * The copy of a board this browser keeps (IndexedDB): the board opens from it without the
 * server, edits made offline survive a closed tab, and it is deleted on signing out and
 * when the board is no longer shared with the person.
 */
import { expect, test, type BrowserContext, type Page } from '@playwright/test';
import { addItem, addToBoard, card, column, contextFor, createBoard, createPerson, openBoard, ORIGIN, signedInContext, unique, writeBoard } from './fixtures';
import { allItems, formatItemNumber } from '../../src/lib/board/index';

/** A page of `context` whose sync socket never reaches the server (as on a train without signal). */
async function pageWithoutSync(context: BrowserContext): Promise<Page> {
	const page = await context.newPage();
	await page.routeWebSocket(/\/sync\//, (socket) => socket.close({ code: 4500, reason: 'no network (test)' }));
	return page;
}

/** Names of the board copies saved in this browser. */
function savedCopies(page: Page): Promise<string[]> {
	return page.evaluate(async () =>
		(await indexedDB.databases()).map((db) => db.name ?? '').filter((name) => name.startsWith('planboard-board:'))
	);
}

test('a board opens from the copy saved in this browser, and edits made offline reach the server on the next visit', async ({ browser }) => {
	const context = await signedInContext(browser);
	const board = await createBoard(context.request, unique('保存副本'));
	const first = await context.newPage();
	await openBoard(first, board.id);
	await addItem(first, 'planned', '每月汇报工作进度');
	await first.close();

	// No server: the board still opens, from the saved copy, and can be edited.
	const offline = await pageWithoutSync(context);
	await offline.goto(`/b/${board.id}`);
	await expect(card(offline, '每月汇报工作进度')).toBeVisible();
	await expect(column(offline, 'planned')).toBeVisible();
	await expect(offline.getByTestId('board-loading')).toHaveCount(0);
	await expect(offline.getByTestId('connection-status')).not.toHaveAttribute('data-state', 'connected');
	await addItem(offline, 'done', '离线完成：整改台账');
	await offline.close();
	// The server has not seen it: the tab was closed before it could connect.
	const stored = await writeBoard(context, board.id, (doc) => allItems(doc).map((item) => item.title));
	expect(stored).toEqual(['每月汇报工作进度']);

	// The next visit with a connection sends it.
	const online = await context.newPage();
	await openBoard(online, board.id);
	await expect(card(online, '离线完成：整改台账')).toBeVisible();
	const elsewhere = await signedInContext(browser);
	const other = await elsewhere.newPage();
	await openBoard(other, board.id);
	await expect(card(other, '离线完成：整改台账')).toBeVisible();
	// Numbered by the server once stored, like any item.
	await expect(card(other, '离线完成：整改台账').getByTestId('item-number')).toHaveText(formatItemNumber(board.prefix, 2));
	await Promise.all([context.close(), elsewhere.close()]);
});

test('leaving a board with edits the server has not received asks nothing: the saved copy keeps them', async ({ browser }) => {
	const context = await signedInContext(browser);
	const board = await createBoard(context.request, unique('离开不丢失'));
	const first = await context.newPage();
	await openBoard(first, board.id);
	await first.close();
	const page = await pageWithoutSync(context);
	const dialogs: string[] = [];
	page.on('dialog', (dialog) => {
		dialogs.push(dialog.message());
		void dialog.dismiss();
	});
	await page.goto(`/b/${board.id}`);
	await addItem(page, 'planned', '未同步：季度考核方案');
	await page.getByRole('link', { name: 'All plans' }).click();
	await expect(page).toHaveURL('/');
	expect(dialogs).toEqual([]);
	await page.goto(`/b/${board.id}`);
	await expect(card(page, '未同步：季度考核方案')).toBeVisible();
	await context.close();
});

test('without a saved copy a board waits for the server', async ({ browser }) => {
	const context = await signedInContext(browser);
	const board = await createBoard(context.request, unique('无副本'));
	const page = await pageWithoutSync(context);
	await page.goto(`/b/${board.id}`);
	await expect(page.getByTestId('board-loading')).toBeVisible();
	// The copy is only started; the board stays "loading" until the server answers.
	await expect.poll(() => savedCopies(page)).toContainEqual(expect.stringContaining(board.id));
	await expect(page.getByTestId('board-loading')).toBeVisible();
	await context.close();
});

test('signing out deletes every saved copy in this browser', async ({ browser }) => {
	// Someone of their own: signing out the shared administrator would end every spec's session.
	const admin = await signedInContext(browser);
	const person = await createPerson(admin.request, '王芳');
	const [a, b] = await Promise.all([createBoard(admin.request, unique('副本甲')), createBoard(admin.request, unique('副本乙'))]);
	await Promise.all([a, b].map((board) => addToBoard(admin.request, board.id, person.id, 'lead')));
	const context = await contextFor(browser, person);
	const page = await context.newPage();
	await openBoard(page, a.id);
	await openBoard(page, b.id);
	await expect.poll(() => savedCopies(page)).toEqual(expect.arrayContaining([expect.stringContaining(a.id), expect.stringContaining(b.id)]));

	await page.getByTestId('current-user').click();
	await page.getByTestId('sign-out').click();
	await expect(page).toHaveURL(/\/login/);
	await expect.poll(() => savedCopies(page)).toEqual([]);
	await Promise.all([admin.close(), context.close()]);
});

test('a board no longer shared with someone loses its saved copy in their browser', async ({ browser }) => {
	const admin = await signedInContext(browser);
	const board = await createBoard(admin.request, unique('撤销共享'));
	const person = await createPerson(admin.request, '李娜');
	await addToBoard(admin.request, board.id, person.id, 'viewer');
	const context = await contextFor(browser, person);
	const page = await context.newPage();
	await openBoard(page, board.id);
	await expect.poll(() => savedCopies(page)).toContainEqual(expect.stringContaining(board.id));

	const response = await admin.request.delete(`/api/boards/${board.id}/members/${person.id}`, { headers: { origin: ORIGIN } });
	expect(response.ok(), await response.text()).toBe(true);
	await expect(page.getByTestId('sync-closed')).toBeVisible();
	await expect.poll(() => savedCopies(page)).toEqual([]);
	await Promise.all([admin.close(), context.close()]);
});
