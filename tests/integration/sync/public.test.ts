/**
 * The public progress board over real sockets on the real server ([SY16]–[SY19]): a lead's
 * WebsocketProvider edits the board, an anonymous WebsocketProvider (no cookie) watches
 * /sync/public/SLUG.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { createItem, deleteItem, itemNotes, readPublicDoc, updateItem, updateMeta, type PublicField } from '../../../src/lib/board/index';
import { CloseCode } from '../../../src/lib/sync/close-codes';
import { startTestServer, type TestServer } from '../../helpers/server';
import { connectProvider, destroyAllProviders, socketClass, whenSynced } from './clients';

const PRIVATE = '内部';
const ALWAYS = ['id', 'number', 'title', 'status', 'order'];

let t: TestServer;
let admin: string;
let boardId: string;
const watchers: Array<{ provider: WebsocketProvider; doc: Y.Doc }> = [];

beforeEach(async () => {
	t = await startTestServer();
	admin = await t.setupAdmin();
	boardId = await t.createBoard(admin);
});

afterEach(async () => {
	for (const { provider, doc } of watchers.splice(0)) {
		provider.destroy();
		doc.destroy();
	}
	destroyAllProviders();
	await t.stop();
});

async function setPublic(enabled: boolean, fields: PublicField[]): Promise<string> {
	const res = await t.request('POST', `/api/boards/${boardId}/public`, { cookie: admin, body: { enabled, fields } });
	expect(res.status, await res.clone().text()).toBe(200);
	return ((await res.json()) as { slug: string }).slug;
}

/** An anonymous watcher, as the /p/SLUG page opens it: our Origin, no cookie, a fresh doc. */
function watch(slug: string) {
	const doc = new Y.Doc();
	const provider = new WebsocketProvider(`${t.wsUrl()}/public`, slug, doc, {
		WebSocketPolyfill: socketClass(t, { cookie: null }) as unknown as typeof globalThis.WebSocket,
		disableBc: true,
		maxBackoffTime: 200
	});
	const closes: number[] = [];
	provider.on('connection-close', (event) => event && closes.push(event.code));
	// Checked on every change the watcher receives, not only at the end.
	const leaks: string[] = [];
	doc.on('update', () => leaks.push(...privateFields(doc)));
	watchers.push({ provider, doc });
	return { doc, provider, closes, leaks };
}

/** Anything in a public doc that is not a published field. */
function privateFields(doc: Y.Doc): string[] {
	const json = doc.toJSON() as { meta?: Record<string, unknown>; items?: Record<string, Record<string, unknown>> };
	const fields = (json.meta?.fields ?? []) as string[];
	const allowed = new Set([...ALWAYS, ...(fields.includes('dates') ? ['start', 'due'] : [])]);
	const found: string[] = [];
	for (const item of Object.values(json.items ?? {})) for (const key of Object.keys(item)) if (!allowed.has(key)) found.push(key);
	for (const key of Object.keys(json.meta ?? {})) if (!['title', 'prefix', 'fields', ...(fields.includes('area') ? ['areas'] : [])].includes(key)) found.push(`meta.${key}`);
	if (JSON.stringify(json).includes(PRIVATE)) found.push('private text');
	return found;
}

describe('[SY16]–[SY19] the public progress board', () => {
	it('shows a lead’s edits live to an anonymous watcher, never a private field, and closes it with 4404 when turned off', async () => {
		const lead = connectProvider(t, boardId, admin);
		await whenSynced(lead);
		const slug = await setPublic(true, ['dates']);
		const id = createItem(lead.doc, { title: '成立管理年活动领导小组', notes: `${PRIVATE}备注`, ownerId: 'someone', areaId: `${PRIVATE}区域` });
		createItem(lead.doc, { title: '将要删除', id: 'binned' });

		const watcher = watch(slug);
		await vi.waitFor(() => expect(watcher.provider.synced).toBe(true));
		await vi.waitFor(() => expect(readPublicDoc(watcher.doc).items.map((i) => i.title)).toEqual(['成立管理年活动领导小组', '将要删除']));

		// Live: title and dates (published), notes, owner and description (not), the bin.
		updateItem(lead.doc, id, { title: '成立领导小组并公示', due: '2026-06-30', ownerId: 'another' });
		itemNotes(lead.doc, id)?.insert(0, `${PRIVATE}更多`);
		updateMeta(lead.doc, { description: `${PRIVATE}说明` });
		deleteItem(lead.doc, 'binned');
		await vi.waitFor(() => {
			const items = readPublicDoc(watcher.doc).items;
			expect(items).toHaveLength(1);
			expect(items[0]).toMatchObject({ title: '成立领导小组并公示', due: '2026-06-30', number: 1 });
		});
		expect(watcher.leaks).toEqual([]);
		expect(privateFields(watcher.doc)).toEqual([]);
		expect(Object.keys(readPublicDoc(watcher.doc).items[0]).sort()).toEqual([...ALWAYS, 'due', 'start'].sort());

		// An edit of private fields only sends the watcher nothing at all.
		let received = 0;
		watcher.doc.on('update', () => received++);
		itemNotes(lead.doc, id)?.insert(0, `${PRIVATE}再改`);
		updateItem(lead.doc, id, { ownerId: 'a-third' });
		await new Promise((resolve) => setTimeout(resolve, 300));
		expect(received).toBe(0);

		await setPublic(false, ['dates']);
		await vi.waitFor(() => expect(watcher.closes).toContain(CloseCode.NotFound));
		expect(watcher.provider.wsconnected).toBe(false);
		// 4404 is final: the provider does not come back.
		await new Promise((resolve) => setTimeout(resolve, 400));
		expect(watcher.closes.filter((code) => code === CloseCode.NotFound)).toHaveLength(1);
		expect(watcher.leaks).toEqual([]);
	});

	it('after a restart a watcher starts from a fresh doc and gets the board rebuilt', async () => {
		const lead = connectProvider(t, boardId, admin);
		await whenSynced(lead);
		const slug = await setPublic(true, []);
		createItem(lead.doc, { title: '重启之前' });
		const before = watch(slug);
		await vi.waitFor(() => expect(readPublicDoc(before.doc).items).toHaveLength(1));
		await t.restart();
		await vi.waitFor(() => expect(before.closes.length).toBeGreaterThan(0));
		const after = watch(slug);
		await vi.waitFor(() => expect(readPublicDoc(after.doc).items.map((i) => i.title)).toEqual(['重启之前']));
		expect(after.leaks).toEqual([]);
	});
});
