/** The public progress board over real sockets: anonymous, read-only, live, and only public fields. */
import * as encoding from 'lib0/encoding';
import * as syncProtocol from 'y-protocols/sync';
import { WebSocket } from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createItem, itemNotes, readPublicDoc, updateItem } from '../../../src/lib/board/index';
import { CloseCode } from '../../../src/lib/sync/close-codes';
import { startTestServer, type TestServer } from '../../helpers/server';
import { connectProvider, destroyAllProviders, whenSynced } from '../sync/clients';

let t: TestServer;
let admin: string;
let boardId: string;
const watchers: WebsocketProvider[] = [];

beforeEach(async () => {
	t = await startTestServer();
	admin = await t.setupAdmin();
	boardId = await t.createBoard(admin);
});

afterEach(async () => {
	for (const w of watchers.splice(0)) w.destroy();
	destroyAllProviders();
	await t.stop();
});

async function publish(fields: string[], enabled = true): Promise<string> {
	const res = await t.request('POST', `/api/boards/${boardId}/public`, { cookie: admin, body: { enabled, fields } });
	expect(res.status).toBe(200);
	return ((await res.json()) as { slug: string }).slug;
}

/** An anonymous watcher: no cookie, like a browser on /p/SLUG. */
function watch(slug: string) {
	const doc = new Y.Doc();
	const closes: number[] = [];
	const provider = new WebsocketProvider(t.wsUrl() + '/public', slug, doc, { WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket, disableBc: true, maxBackoffTime: 200 });
	provider.on('connection-close', (event) => event && closes.push(event.code));
	watchers.push(provider);
	return { doc, provider, closes };
}

describe('public progress board', () => {
	it('is refused while the board is not public', async () => {
		const settings = await (await fetch(`${t.url}/api/boards/${boardId}/public`, { headers: { cookie: admin } })).json();
		expect(settings).toEqual({ enabled: false, slug: null, fields: [] });
		const ws = new WebSocket(`${t.wsUrl()}/public/abcdefghijkm`);
		ws.on('error', () => undefined);
		const status = await new Promise<number>((resolve) => ws.once('unexpected-response', (_q, res) => resolve(res.statusCode ?? 0)));
		expect(status).toBe(404);
	});

	it('shows a lead’s edits live to an anonymous watcher, with published fields only', async () => {
		const lead = connectProvider(t, boardId, admin);
		await whenSynced(lead);
		const id = createItem(lead.doc, { title: '成立管理年活动领导小组', notes: '内部备注：不公开', ownerId: null });
		const slug = await publish(['dates']);
		const watcher = watch(slug);
		await vi.waitFor(() => expect(readPublicDoc(watcher.doc).items.map((i) => i.title)).toEqual(['成立管理年活动领导小组']));

		updateItem(lead.doc, id, { title: '成立领导小组并公示', due: '2026-06-30' });
		itemNotes(lead.doc, id)?.insert(0, '更多内部信息');
		await vi.waitFor(() => expect(readPublicDoc(watcher.doc).items[0]).toMatchObject({ title: '成立领导小组并公示', due: '2026-06-30' }));
		const json = JSON.stringify(watcher.doc.toJSON());
		expect(json).not.toContain('内部');
		expect(json).not.toContain('ownerId');
		expect(json).not.toContain('notes');
	});

	it('server-side projection for the page matches the live one', async () => {
		const slug = await publish(['owner']);
		await t.server.services.sync.change(boardId, (doc) => {
			createItem(doc, { title: '公共卫生档案规范化管理' });
		});
		const board = await t.server.services.sync.readPublic(boardId);
		expect(board).toMatchObject({ fields: ['owner'], items: [{ title: '公共卫生档案规范化管理', ownerName: null }] });
		expect(await t.server.services.boards.boardForSlug(slug)).toBe(boardId);
	});

	it('a watcher that writes is closed with 4403 and nothing changes', async () => {
		const slug = await publish([]);
		const ws = new WebSocket(`${t.wsUrl()}/public/${slug}`);
		await new Promise((resolve) => ws.once('open', resolve));
		const closed = new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)));
		const doc = new Y.Doc();
		createItem(doc, { title: 'vandalism' });
		const encoder = encoding.createEncoder();
		encoding.writeVarUint(encoder, 0);
		syncProtocol.writeUpdate(encoder, Y.encodeStateAsUpdate(doc));
		ws.send(encoding.toUint8Array(encoder));
		expect(await closed).toBe(CloseCode.Forbidden);
		expect((await t.server.services.sync.readPublic(boardId))?.items).toEqual([]);
	});

	it('refuses a foreign Origin, and turning the page off closes watchers with 4404', async () => {
		const slug = await publish(['owner']);
		const foreign = new WebSocket(`${t.wsUrl()}/public/${slug}`, { headers: { origin: 'http://evil.test' } });
		foreign.on('error', () => undefined);
		expect(await new Promise<number>((resolve) => foreign.once('unexpected-response', (_q, res) => resolve(res.statusCode ?? 0)))).toBe(403);

		const watcher = watch(slug);
		await vi.waitFor(() => expect(watcher.provider.synced).toBe(true));
		await publish(['owner'], false);
		await vi.waitFor(() => expect(watcher.closes).toContain(CloseCode.NotFound));
		// Turning it on again keeps the same address.
		expect(await publish(['owner'])).toBe(slug);
	});
});
