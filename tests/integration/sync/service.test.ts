/**
 * The sync service on its own HTTP server (no auth layer): what only real sockets show —
 * keepalive, flood guard, access changes on open sockets, and shutdown.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { WebSocket } from 'ws';
import * as Y from 'yjs';
import { getItem, readMeta, updateMeta } from '../../../src/lib/board/index';
import { CloseCode } from '../../../src/lib/sync/close-codes';
import { createSyncService, type Access, type SyncDeps, type SyncService } from '../../../server/sync/index';
import { encodeQueryAwareness, encodeSyncStep1, encodeSyncUpdate } from '../../../server/sync/protocol';
import { insertBoard, quietLogger, sqlAllocator, tempDatabase, type TempDatabase } from '../../unit/sync/helpers';

const BOARD = 'board-1';

let temp: TempDatabase;
let server: Server;
let sync: SyncService;
let base: string;
const sockets: WebSocket[] = [];

async function start(options: Partial<SyncDeps> = {}): Promise<void> {
	sync = createSyncService({
		database: temp.database,
		allocateNumbers: sqlAllocator(temp.database).allocateNumbers,
		logger: quietLogger,
		...options
	});
	server = createServer((_req, res) => res.writeHead(404).end());
	// Stand-in for the lead's upgrade handler: who and what access come from the query.
	server.on('upgrade', (req, socket, head) => {
		const url = new URL(req.url ?? '/', 'http://localhost');
		const userId = url.searchParams.get('user') ?? 'user-1';
		sync.accept(req, socket, head, {
			principal: { userId, sessionId: url.searchParams.get('session'), name: userId },
			boardId: url.pathname.split('/').pop()!,
			access: (url.searchParams.get('access') ?? 'write') as Access
		});
	});
	await new Promise<void>((resolve) => server.listen(0, resolve));
	base = `ws://localhost:${(server.address() as AddressInfo).port}/sync/`;
}

interface Opened {
	ws: WebSocket;
	messages: Uint8Array[];
	closed: Promise<number>;
}

async function open(query = '', options: { autoPong?: boolean } = {}): Promise<Opened> {
	const ws = new WebSocket(`${base}${BOARD}${query}`, options);
	sockets.push(ws);
	const messages: Uint8Array[] = [];
	ws.on('message', (data) => messages.push(new Uint8Array(data as Buffer)));
	ws.on('error', () => undefined);
	const closed = new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)));
	await new Promise<void>((resolve) => ws.once('open', () => resolve()));
	return { ws, messages, closed };
}

/** A client doc's update as a y-websocket update frame. */
function edit(change: (doc: Y.Doc) => void): Uint8Array {
	const doc = new Y.Doc();
	change(doc);
	return encodeSyncUpdate(Y.encodeStateAsUpdate(doc));
}

beforeEach(async () => {
	temp = await tempDatabase();
	await insertBoard(temp.database, BOARD);
});

afterEach(async () => {
	for (const ws of sockets.splice(0)) ws.terminate();
	await sync.close();
	await new Promise<void>((resolve) => server.close(() => resolve()));
	temp.cleanup();
});

describe('[SY11] keepalive', () => {
	it('terminates a socket that stops answering pings, and keeps one that answers', async () => {
		await start({ keepaliveMs: 40 });
		const silent = await open('', { autoPong: false });
		const healthy = await open();
		expect(await silent.closed).toBe(1006);
		expect(healthy.ws.readyState).toBe(WebSocket.OPEN);
	});
});

describe('[SY10] flood guard over the wire', () => {
	it('closes a flooding socket with 4429', async () => {
		await start({ flood: { perSecond: 1, burst: 10 } });
		const flooder = await open();
		for (let i = 0; i < 50; i++) flooder.ws.send(encodeQueryAwareness());
		expect(await flooder.closed).toBe(CloseCode.RateLimited);
	});
});

describe('[SY14] access changes on open sockets', () => {
	it('a role change closes the socket with 4205 so the page re-reads its role; null revokes with 4403', async () => {
		await start();
		const lead = await open('?user=lead');
		const colleague = await open('?user=colleague');
		lead.ws.send(edit((doc) => updateMeta(doc, { description: 'allowed' })));
		await vi.waitFor(async () => expect(await sync.read(BOARD, (doc) => readMeta(doc).description)).toBe('allowed'));

		sync.setAccess('lead', BOARD, 'read');
		expect(await lead.closed).toBe(CloseCode.AccessChanged);
		// The page reconnects with its new role: a write from it is refused and not applied.
		const demoted = await open('?user=lead&access=read');
		demoted.ws.send(edit((doc) => updateMeta(doc, { description: 'refused' })));
		expect(await demoted.closed).toBe(CloseCode.Forbidden);
		expect(await sync.read(BOARD, (doc) => readMeta(doc).description)).toBe('allowed');

		sync.setAccess('colleague', 'another-board', null);
		expect(colleague.ws.readyState).toBe(WebSocket.OPEN);
		sync.setAccess('colleague', BOARD, null);
		expect(await colleague.closed).toBe(CloseCode.Forbidden);
	});

	it('closeSession closes only that session’s sockets; closeUser all of the user’s', async () => {
		await start();
		const one = await open('?user=ann&session=s1');
		const two = await open('?user=ann&session=s2');
		const other = await open('?user=bob&session=s3');
		sync.closeSession('s1');
		expect(await one.closed).toBe(CloseCode.Unauthorized);
		expect(two.ws.readyState).toBe(WebSocket.OPEN);
		sync.closeUser('ann');
		expect(await two.closed).toBe(CloseCode.Unauthorized);
		expect(other.ws.readyState).toBe(WebSocket.OPEN);
	});
});

describe('[SY15] shutdown', () => {
	it('stores what was accepted, closes sockets with 1000, and a new service loads it all', async () => {
		await start();
		const a = await open();
		a.ws.send(encodeSyncStep1(Y.encodeStateVector(new Y.Doc())));
		for (let i = 0; i < 10; i++) a.ws.send(edit((doc) => doc.getMap('items').set(`raw-${i}`, new Y.Map())));
		await vi.waitFor(async () => expect(await sync.read(BOARD, (doc) => doc.getMap('items').size)).toBe(10));
		await sync.close();
		expect(await a.closed).toBe(CloseCode.Normal);

		const again = createSyncService({ database: temp.database, allocateNumbers: sqlAllocator(temp.database).allocateNumbers, logger: quietLogger });
		const items = await again.read(BOARD, (doc) => [...doc.getMap('items').keys()].sort());
		expect(items).toEqual(Array.from({ length: 10 }, (_, i) => `raw-${i}`).sort());
		// Numbers assigned before the shutdown came back with the document.
		expect(await again.read(BOARD, (doc) => getItem(doc, 'raw-0')?.number)).toBeTypeOf('number');
		await again.close();
	});
});
