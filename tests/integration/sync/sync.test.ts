/**
 * /sync over real sockets: a real server on port 0 with its own libSQL file, y-websocket's
 * own WebsocketProvider as the client, and raw `ws` sockets for the hostile cases.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { allItems, createItem, getItem, moveItem, readMeta, updateItem } from '../../../src/lib/board/index';
import { CloseCode, MAX_FRAME_BYTES } from '../../../src/lib/sync/close-codes';
import { encodeSyncStep1, encodeSyncUpdate } from '../../../server/sync/protocol';
import { BUSY_BOARDS } from '../../../server/sync/update-writer';
import { startTestServer, type TestServer } from '../../helpers/server';
import { connectProvider, destroyAllProviders, rawSocket, whenSynced } from './clients';

let t: TestServer;
let cookie: string;
let boardId: string;

beforeEach(async () => {
	t = await startTestServer();
	cookie = await t.setupAdmin();
	boardId = await t.createBoard(cookie);
});

afterEach(async () => {
	destroyAllProviders();
	await t.stop();
});

/** Everything the board shows, numbers included, independent of encoding. */
function board(doc: Y.Doc) {
	return {
		meta: readMeta(doc),
		items: allItems(doc).sort((a, b) => (a.id < b.id ? -1 : 1))
	};
}

describe('[SY5] providers converge through the server', () => {
	it('two providers on one board converge; a third joining later gets everything, numbered', async () => {
		const a = connectProvider(t, boardId, cookie);
		const b = connectProvider(t, boardId, cookie);
		await whenSynced(a, b);
		expect(readMeta(a.doc).title).toBe('2026 卫生院管理年活动');

		const first = createItem(a.doc, { title: '建立健康档案' });
		const second = createItem(b.doc, { title: '新农合报销公示' });
		await vi.waitFor(() => expect(getItem(a.doc, second)).not.toBeNull());
		await vi.waitFor(() => expect(getItem(b.doc, first)).not.toBeNull());
		moveItem(b.doc, first, 'done', null, null);
		updateItem(a.doc, second, { title: '新农合报销每月公示' });
		await vi.waitFor(() => expect(board(a.doc)).toEqual(board(b.doc)));
		await vi.waitFor(() => expect(allItems(a.doc).map((i) => i.number).sort()).toEqual([1, 2]));

		const c = connectProvider(t, boardId, cookie);
		await whenSynced(c);
		await vi.waitFor(() => expect(board(c.doc)).toEqual(board(a.doc)));
		expect(getItem(c.doc, first)?.status).toBe('done');
		expect(getItem(c.doc, second)?.title).toBe('新农合报销每月公示');
	});

	it('a server restart keeps everything', async () => {
		const a = connectProvider(t, boardId, cookie);
		await whenSynced(a);
		for (let i = 0; i < 20; i++) createItem(a.doc, { title: `目标 ${i}`, notes: `备注 ${i}` });
		await vi.waitFor(() => expect(allItems(a.doc).every((i) => i.number !== null)).toBe(true));
		const before = board(a.doc);
		a.destroy();

		await t.restart();
		const b = connectProvider(t, boardId, cookie);
		await whenSynced(b);
		expect(board(b.doc)).toEqual(before);
		expect(before.items.map((i) => i.number).sort((x, y) => x! - y!)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
	});
});

describe('[SY5] many boards written at once', () => {
	it('commits spaced under load from more boards than BUSY_BOARDS lose nothing: every edit reaches the other client, numbered, and survives a restart', async () => {
		const boardIds = [boardId];
		while (boardIds.length < BUSY_BOARDS + 4) boardIds.push(await t.createBoard(cookie, `看板 ${boardIds.length}`));
		const writers = boardIds.map((id) => connectProvider(t, id, cookie));
		const readers = boardIds.map((id) => connectProvider(t, id, cookie));
		await whenSynced(...writers, ...readers);
		// Three rounds, every board in each: the first commit stores rows for all of them, so the next ones wait for the window.
		for (let round = 0; round < 3; round++) {
			writers.forEach((w, k) => createItem(w.doc, { title: `第 ${round} 轮 · 看板 ${k}` }));
			await new Promise((resolve) => setTimeout(resolve, 5));
		}
		for (const [k, reader] of readers.entries()) {
			await vi.waitFor(() => expect(allItems(reader.doc).map((i) => i.title).sort()).toEqual([0, 1, 2].map((r) => `第 ${r} 轮 · 看板 ${k}`)));
			await vi.waitFor(() => expect(allItems(reader.doc).map((i) => i.number).sort()).toEqual([1, 2, 3]));
		}
		const before = readers.map((r) => board(r.doc));
		destroyAllProviders();

		await t.restart();
		const again = boardIds.map((id) => connectProvider(t, id, cookie));
		await whenSynced(...again);
		expect(again.map((c) => board(c.doc))).toEqual(before);
	});
});

describe('[SY14] upgrades the HTTP layer refuses', () => {
	it('refuses an upgrade without a cookie (401)', async () => {
		expect(await rawSocket(t, boardId, { cookie: null }).outcome).toEqual({ status: 401 });
	});

	it('refuses an upgrade with a bad cookie (401)', async () => {
		expect(await rawSocket(t, boardId, { cookie: 'planboard_session=forged.token' }).outcome).toEqual({ status: 401 });
	});

	it('refuses an upgrade from a foreign Origin (403)', async () => {
		expect(await rawSocket(t, boardId, { cookie, origin: 'https://evil.example' }).outcome).toEqual({ status: 403 });
	});

	it('refuses an upgrade to a board that does not exist (404)', async () => {
		expect(await rawSocket(t, 'no-such-board', { cookie }).outcome).toEqual({ status: 404 });
	});
});

describe('[SY1][SY2][SY11] hostile frames close that socket only', () => {
	async function withBystanders(attack: (ws: import('ws').WebSocket) => void, expectedCode: number) {
		const a = connectProvider(t, boardId, cookie);
		const b = connectProvider(t, boardId, cookie);
		await whenSynced(a, b);
		const raw = rawSocket(t, boardId, { cookie });
		await raw.opened;
		attack(raw.ws);
		expect(await raw.outcome).toEqual({ code: expectedCode });

		const id = createItem(a.doc, { title: '照常工作' });
		await vi.waitFor(() => expect(getItem(b.doc, id)?.number).toBe(1));
		expect(a.closes).toEqual([]);
		expect(b.closes).toEqual([]);
	}

	it('closes with 1002 on an undecodable binary frame', async () => {
		await withBystanders((ws) => ws.send(Uint8Array.of(0, 2, 100, 1, 2, 3)), CloseCode.ProtocolError);
	});

	it('closes with 1002 on a garbage Yjs update', async () => {
		await withBystanders((ws) => ws.send(encodeSyncUpdate(Uint8Array.of(5, 200, 17, 3, 99, 1, 0, 250))), CloseCode.ProtocolError);
	});

	it('closes with 1002 on a text frame, even one whose bytes would be a valid message', async () => {
		// "\u0003" is the query-awareness message as text.
		await withBystanders((ws) => ws.send('\u0003'), CloseCode.ProtocolError);
	});

	it('closes with 1009 on a frame larger than the limit', async () => {
		await withBystanders((ws) => ws.send(encodeSyncUpdate(new Uint8Array(MAX_FRAME_BYTES + 1))), CloseCode.TooBig);
	});

	it('answers a raw client that speaks the protocol', async () => {
		const raw = rawSocket(t, boardId, { cookie });
		await raw.opened;
		raw.ws.send(encodeSyncStep1(Y.encodeStateVector(new Y.Doc())));
		await vi.waitFor(() => expect(raw.messages.map((m) => [m[0], m[1]])).toEqual(expect.arrayContaining([[0, 0], [0, 1]])));
		raw.ws.close();
	});
});

describe('[SY6] read-only sockets over the wire', () => {
	it('a viewer syncs and sees edits live, and is closed with 4403 when it writes', async () => {
		const { auth, database } = t.server.services;
		const viewer = await auth.createUser({ email: 'viewer@example.test', name: '观察员', password: 'viewer password 123' });
		await database.client.execute({
			sql: 'INSERT INTO board_members (board_id, user_id, role) VALUES (?, ?, ?)',
			args: [boardId, viewer.id, 'viewer']
		});
		const viewerCookie = await t.login('viewer@example.test', 'viewer password 123');
		const lead = connectProvider(t, boardId, cookie);
		const watcher = connectProvider(t, boardId, viewerCookie);
		await whenSynced(lead, watcher);

		const id = createItem(lead.doc, { title: '公示栏更新' });
		await vi.waitFor(() => expect(getItem(watcher.doc, id)?.number).toBe(1));

		updateItem(watcher.doc, id, { title: '被篡改' });
		await vi.waitFor(() => expect(watcher.closes.map((c) => c.code)).toContain(CloseCode.Forbidden));
		expect(watcher.provider.shouldConnect).toBe(false);
		const title = await t.server.services.sync.read(boardId, (doc) => getItem(doc, id)?.title);
		expect(title).toBe('公示栏更新');
		expect(getItem(lead.doc, id)?.title).toBe('公示栏更新');
	});
});

describe('[SY14] sessions', () => {
	it('logout closes the session’s socket with 4401 and the provider stops reconnecting', async () => {
		const a = connectProvider(t, boardId, cookie);
		await whenSynced(a);
		const res = await t.request('POST', '/api/auth/logout', { cookie });
		expect(res.status).toBe(200);
		await vi.waitFor(() => expect(a.closes.map((c) => c.code)).toEqual([CloseCode.Unauthorized]));
		expect(a.provider.shouldConnect).toBe(false);
	});
});
