/** The public progress board (《项目进度公示表》): anonymous, server-rendered, then live. */
import { expect, test, type BrowserContext, type Page } from '@playwright/test';
import { addItem, card, createBoard, openBoard, ORIGIN, signedInContext, unique } from './fixtures';

let contexts: BrowserContext[] = [];

test.afterEach(async () => {
	for (const context of contexts) await context.close();
	contexts = [];
});

const headers = { origin: ORIGIN };

function titles(page: Page) {
	return page.getByTestId('public-item-title');
}

test('anyone sees a published board, live, without its notes, on a big screen, until it is turned off', async ({ browser }) => {
	const admin = await signedInContext(browser);
	contexts.push(admin);
	const board = await createBoard(admin.request, unique('2026 乡镇卫生院管理年'));
	const lead = await admin.newPage();
	await openBoard(lead, board.id);
	await addItem(lead, 'done', '成立管理年活动领导小组');
	await addItem(lead, 'planned', '建立健全医德医风考评制度');
	await addItem(lead, 'blank', '开展“三基”训练');

	// Publish with the responsible person shown.
	const published = await admin.request.post(`/api/boards/${board.id}/public`, { data: { enabled: true, fields: ['owner'] }, headers });
	expect(published.status(), await published.text()).toBe(200);
	const { slug, url } = (await published.json()) as { slug: string; url: string };
	expect(url).toBe(`${ORIGIN}/p/${slug}`);

	// Someone without an account sees the items, grouped by status, with the owner column.
	const anonymous = await browser.newContext();
	contexts.push(anonymous);
	const watcher = await anonymous.newPage();
	await watcher.goto(`/p/${slug}`);
	await expect(watcher.getByTestId('public-title')).toHaveText(board.title);
	await expect(watcher.getByTestId('public-live')).toHaveAttribute('data-state', 'live');
	await expect(titles(watcher)).toHaveText(['开展“三基”训练', '建立健全医德医风考评制度', '成立管理年活动领导小组']);
	await expect(watcher.locator('[data-testid="public-group"][data-status="done"]').getByTestId('public-item-title')).toHaveText(['成立管理年活动领导小组']);
	await expect(watcher.getByTestId('public-item-number').first()).toHaveText(/^[A-Z][A-Z0-9]*-\d{3}$/);
	await expect(watcher.getByRole('columnheader', { name: 'Responsible' })).toBeVisible();
	await expect(watcher.getByRole('columnheader', { name: 'Notes' })).toHaveCount(0);
	await expect(watcher.getByTestId('done-percent')).toContainText('33');
	await expect(watcher.getByTestId('locale-en')).toBeVisible();

	// Without JavaScript the server-rendered table is all there is, and it is complete.
	const noScript = await browser.newContext({ javaScriptEnabled: false });
	contexts.push(noScript);
	const plain = await noScript.newPage();
	await plain.goto(`/p/${slug}`);
	await expect(plain.getByTestId('public-table')).toBeVisible();
	await expect(titles(plain)).toHaveText(['开展“三基”训练', '建立健全医德医风考评制度', '成立管理年活动领导小组']);
	await expect(plain.getByTestId('public-live')).toHaveCount(0);

	// The lead renames an item and adds one: the open public page follows, without a reload.
	await watcher.evaluate(() => ((window as unknown as { notReloaded: boolean }).notReloaded = true));
	const original = card(lead, '开展“三基”训练');
	await original.hover();
	await original.getByTestId('item-edit').click();
	await lead.getByTestId('item-title-input').fill('每周开展“三基”训练');
	await lead.getByTestId('item-title-input').press('Enter');
	await addItem(lead, 'strengthen', '规范服务用语');
	await expect(titles(watcher)).toHaveText(['每周开展“三基”训练', '建立健全医德医风考评制度', '规范服务用语', '成立管理年活动领导小组']);
	await expect(watcher.locator('[data-testid="public-count"][data-status="strengthen"]')).toContainText('1');
	expect(await watcher.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded)).toBe(true);

	// Notes are not published: typed by the lead, they reach neither the live page nor a fresh render.
	const secret = '内部备注：经费尚未到位';
	await card(lead, '规范服务用语').click();
	await lead.getByTestId('panel-notes').fill(secret);
	await lead.getByTestId('panel-close').click();
	await addItem(lead, 'done', '建立就诊患者意见簿');
	await expect(titles(watcher)).toHaveCount(5);
	await expect(watcher.getByText(secret)).toHaveCount(0);
	await plain.reload();
	await expect(titles(plain)).toHaveCount(5);
	expect(await plain.content()).not.toContain('经费尚未到位');

	// The big-screen display: its own layout, a clock, the live state, and no language switch.
	const screen = await anonymous.newPage();
	await screen.goto(`/p/${slug}?screen=1`);
	await expect(screen.getByTestId('public-screen')).toBeVisible();
	await expect(screen.getByTestId('public-clock')).toHaveText(/\d{1,2}:\d{2}/);
	await expect(screen.getByTestId('public-live')).toHaveAttribute('data-state', 'live');
	await expect(screen.getByTestId('public-screen-slide')).toBeVisible();
	await expect(screen.locator('[data-testid^="locale-"]')).toHaveCount(0);
	await expect(screen.getByTestId('public-table')).toHaveCount(0);

	// Turned off: the open pages say so, and the link no longer works.
	const off = await admin.request.post(`/api/boards/${board.id}/public`, { data: { enabled: false, fields: ['owner'] }, headers });
	expect(off.status(), await off.text()).toBe(200);
	await expect(watcher.getByTestId('public-gone')).toBeVisible();
	await expect(watcher.getByTestId('public-gone')).toContainText('This board is no longer public');
	await expect(titles(watcher)).toHaveCount(0);
	await expect(screen.getByTestId('public-gone')).toBeVisible();
	const gone = await plain.goto(`/p/${slug}`);
	expect(gone?.status()).toBe(404);
});

test('an unknown slug is a 404', async ({ browser }) => {
	const anonymous = await browser.newContext();
	contexts.push(anonymous);
	const page = await anonymous.newPage();
	const response = await page.goto('/p/abcdefghjkmn');
	expect(response?.status()).toBe(404);
});

test('a big public board paints its first rows from the server, then the rest; without JavaScript "show all" lists every row', async ({ browser }) => {
	const { WebsocketProvider } = await import('y-websocket');
	const { WebSocket } = await import('ws');
	const Y = await import('yjs');
	const { createItem } = await import('../../src/lib/board/index');
	const admin = await signedInContext(browser);
	contexts.push(admin);
	const board = await createBoard(admin.request, unique('2026 全县文化市场检查'));
	const cookie = (await admin.cookies()).map((c) => `${c.name}=${c.value}`).join('; ');
	class AuthedSocket extends WebSocket {
		constructor(url: string, protocols?: string | string[]) {
			super(url, protocols, { headers: { cookie, origin: ORIGIN } });
		}
	}
	const doc = new Y.Doc();
	const provider = new WebsocketProvider(ORIGIN.replace('http', 'ws') + '/sync', board.id, doc, {
		WebSocketPolyfill: AuthedSocket as unknown as typeof globalThis.WebSocket,
		disableBc: true
	});
	await new Promise<void>((resolve) => provider.once('sync', () => resolve()));
	doc.transact(() => {
		for (let i = 1; i <= 180; i++) createItem(doc, { title: `检查场所 ${i}`, status: 'planned' });
		createItem(doc, { title: '汇总检查结果', status: 'done' });
	});
	const published = await admin.request.post(`/api/boards/${board.id}/public`, { data: { enabled: true, fields: [] }, headers });
	expect(published.status()).toBe(200);
	const { slug } = (await published.json()) as { slug: string };
	// Everything is numbered and stored before anyone looks.
	await expect.poll(async () => ((await (await admin.request.get(`/api/boards/${board.id}/items`)).json()) as unknown[]).length).toBe(181);
	provider.destroy();

	// Without JavaScript: the first 150 of the 180 planned items, a link to the rest, the full counts.
	const noScript = await browser.newContext({ javaScriptEnabled: false });
	contexts.push(noScript);
	const reader = await noScript.newPage();
	await reader.goto(`/p/${slug}`);
	const planned = reader.locator('[data-testid="public-group"][data-status="planned"]');
	await expect(planned.getByTestId('public-item')).toHaveCount(150);
	await expect(planned.getByTestId('public-group-count')).toHaveText('180');
	await expect(reader.locator('[data-testid="public-count"][data-status="planned"]')).toContainText('180');
	await planned.getByTestId('public-show-all').click();
	await expect(reader.locator('[data-testid="public-group"][data-status="planned"]').getByTestId('public-item')).toHaveCount(180);
	await expect(reader.getByTestId('public-show-all')).toHaveCount(0);

	// With JavaScript the live document brings the rest by itself.
	const anonymous = await browser.newContext();
	contexts.push(anonymous);
	const watcher = await anonymous.newPage();
	await watcher.goto(`/p/${slug}`);
	await expect(watcher.locator('[data-testid="public-group"][data-status="planned"]').getByTestId('public-item')).toHaveCount(180);
	await expect(watcher.getByTestId('public-show-all')).toHaveCount(0);
});
