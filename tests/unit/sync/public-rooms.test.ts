/**
 * The public document ([SY16]–[SY19]): a board room and its public room over a real
 * libSQL file, a lead editing through the board room and anonymous watchers on the public
 * room, all in-memory clients that behave like y-websocket's provider.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import {
	addCheckIn,
	createArea,
	createItem,
	setMetric,
	updateArea,
	deleteItem,
	HORIZONS,
	itemNotes,
	itemsMap,
	moveItem,
	OPTIONAL_PUBLIC_FIELDS,
	projectPublic,
	readPublicDoc,
	restoreItem,
	STATUSES,
	updateItem,
	updateMeta,
	type PublicField
} from '../../../src/lib/board/index';
import { CloseCode } from '../../../src/lib/sync/close-codes';
import { encodeSyncStep2, encodeSyncUpdate } from '../../../server/sync/protocol';
import { PublicRooms, type PublicRoomsOptions, type PublicView } from '../../../server/sync/public-rooms';
import { Rooms } from '../../../server/sync/rooms';
import { UpdateWriter } from '../../../server/sync/update-writer';
import { FakeClient, insertBoard, quietLogger, RecordingStore, sqlAllocator, tempDatabase, turns, type TempDatabase } from './helpers';

const BOARD = 'board-1';
const SECRET = 'SECRET';
const OWNER_NAMES = new Map([
	['u1', '张伟'],
	['u2', '李娜']
]);
/** What a public item may hold beyond the fields always shown, per published field. */
const KEYS_OF: Record<PublicField, string[]> = {
	owner: ['ownerName'],
	notes: ['notes'],
	dates: ['start', 'due'],
	blocked: ['blocked'],
	period: ['horizon', 'period'],
	area: ['areaId'],
	metric: ['metric']
};
const ALWAYS = ['id', 'number', 'title', 'status', 'order'];

let temp: TempDatabase;
let store: RecordingStore;
let rooms: Rooms;
let publicRooms: PublicRooms;
let view: PublicView | null;
let clients: FakeClient[];

beforeEach(async () => {
	temp = await tempDatabase();
	await insertBoard(temp.database, BOARD);
	store = new RecordingStore(temp.database);
	view = { fields: [], ownerNames: OWNER_NAMES };
	clients = [];
	start();
});

afterEach(async () => {
	for (const c of clients) c.disconnect();
	publicRooms.close();
	await rooms.close();
	temp.cleanup();
});

function start(options: Partial<PublicRoomsOptions> & { unloadGraceMs?: number; coolAfterMs?: number } = {}): void {
	rooms = new Rooms({
		store,
		writer: new UpdateWriter(store, quietLogger),
		allocateNumbers: sqlAllocator(temp.database).allocateNumbers,
		logger: quietLogger,
		unloadGraceMs: options.unloadGraceMs ?? 10_000,
		coolAfterMs: options.coolAfterMs
	});
	publicRooms = new PublicRooms({
		rooms,
		publicView: async () => view,
		logger: quietLogger,
		unloadGraceMs: 10_000,
		...options
	});
}

function lead(): FakeClient {
	const c = new FakeClient(rooms.open(BOARD), { userId: 'lead' });
	clients.push(c);
	return c.connect();
}

function watcher(doc?: Y.Doc): FakeClient {
	const c = new FakeClient(publicRooms.open(BOARD), { canWrite: false, userId: 'public', doc });
	clients.push(c);
	return c.connect();
}

async function synced(...cs: FakeClient[]): Promise<void> {
	await vi.waitFor(() => expect(cs.every((c) => c.synced)).toBe(true));
	await turns();
}

/** The watcher's doc shows exactly the projection of the board room's doc. */
async function caughtUp(w: FakeClient): Promise<void> {
	await vi.waitFor(
		() => {
			const board = rooms.get(BOARD)!.doc;
			expect(readPublicDoc(w.doc)).toEqual(projectPublic(board, view!.fields, view!.ownerNames));
		},
		{ timeout: 3000 }
	);
}

/** Everything wrong with a public doc's content; empty when it holds public fields only. */
function leaks(doc: Y.Doc, fields: readonly PublicField[], binned: ReadonlySet<string>): string[] {
	const problems: string[] = [];
	const json = doc.toJSON() as { meta?: Record<string, unknown>; items?: Record<string, Record<string, unknown>> };
	const roots = Object.keys(json).filter((key) => key !== 'meta' && key !== 'items');
	if (roots.length > 0) problems.push(`other roots ${roots}`);
	const metaKeys = Object.keys(json.meta ?? {}).sort();
	const metaAllowed = ['fields', 'prefix', 'title', ...(fields.includes('area') ? ['areas'] : [])];
	if (metaKeys.some((key) => !metaAllowed.includes(key))) problems.push(`meta keys ${metaKeys}`);
	const allowed = new Set([...ALWAYS, ...fields.flatMap((field) => KEYS_OF[field])]);
	for (const [id, item] of Object.entries(json.items ?? {})) {
		for (const key of Object.keys(item)) if (!allowed.has(key)) problems.push(`item ${id} has ${key}`);
		if (binned.has(id)) problems.push(`binned item ${id} is public`);
	}
	const text = JSON.stringify(json);
	const never = ['ownerId', 'deletedAt', 'createdAt', 'createdBy', `${SECRET}-desc`, ...(fields.includes('area') ? [] : ['areaId', `${SECRET}-area`])];
	for (const word of never) {
		if (text.includes(word)) problems.push(`contains ${word}`);
	}
	if (!fields.includes('notes') && text.includes(`${SECRET}-note`)) problems.push('contains notes');
	if (!fields.includes('dates') && text.includes(`${SECRET}-due`)) problems.push('contains dates');
	if (!fields.includes('period') && text.includes(`${SECRET}-period`)) problems.push('contains periods');
	return problems;
}

/** mulberry32: a failure replays from its seed. */
function prng(seed: number): () => number {
	let a = seed;
	return () => {
		a = (a + 0x6d2b79f5) | 0;
		let t = Math.imul(a ^ (a >>> 15), 1 | a);
		t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

/** One random private or public edit, as a lead would make it. */
function randomEdit(doc: Y.Doc, random: () => number, step: number): void {
	const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)];
	const ids = [...itemsMap(doc).keys()];
	const roll = random();
	if (roll < 0.2 || ids.length === 0) {
		createItem(doc, { title: `任务 ${step}`, status: pick(STATUSES), notes: `${SECRET}-note-${step}`, ownerId: pick(['u1', null]) });
		return;
	}
	const id = pick(ids);
	if (roll < 0.3) updateItem(doc, id, { ownerId: pick(['u1', 'u2', 'u3-no-name', null]) });
	else if (roll < 0.38) itemNotes(doc, id)?.insert(0, `${SECRET}-note+${step} `);
	else if (roll < 0.46) updateItem(doc, id, { start: '2026-03-01', due: `${SECRET}-due-${step}` });
	else if (roll < 0.52) updateItem(doc, id, { blocked: random() < 0.5 });
	else if (roll < 0.58) updateItem(doc, id, { areaId: `${SECRET}-area-${step}` });
	else if (roll < 0.64) updateItem(doc, id, { horizon: pick(HORIZONS), period: `${SECRET}-period-${step}` });
	else if (roll < 0.72) deleteItem(doc, id);
	else if (roll < 0.8) restoreItem(doc, id);
	else if (roll < 0.84) itemsMap(doc).delete(id);
	else if (roll < 0.88) updateMeta(doc, random() < 0.5 ? { title: `进度 ${step}` } : { description: `${SECRET}-desc-${step}` });
	else if (roll < 0.94) moveItem(doc, id, pick(STATUSES), null, null);
	else updateItem(doc, id, { title: `改名 ${step}` });
}

function fieldsFor(seed: number, random: () => number): PublicField[] {
	if (seed % 4 === 0) return [];
	if (seed % 4 === 1) return [...OPTIONAL_PUBLIC_FIELDS];
	return OPTIONAL_PUBLIC_FIELDS.filter(() => random() < 0.5);
}

describe('[SY16][SY17] the public document after random private edits', () => {
	const fromEnv = Number(process.env.PUBLIC_SEED);
	const seeds = Number.isFinite(fromEnv) && process.env.PUBLIC_SEED ? [fromEnv] : [4, 5, 6, 7, 2026, Date.now() % 1_000_000];
	for (const seed of seeds) {
		it(`holds exactly the projection and no unpublished field (seed ${seed}, replay with PUBLIC_SEED=${seed})`, async () => {
			try {
				const random = prng(seed);
				const fields = fieldsFor(seed, random);
				view = { fields, ownerNames: OWNER_NAMES };
				const l = lead();
				await synced(l);
				for (let i = 0; i < 5; i++) randomEdit(l.doc, random, -i);
				const w = watcher();
				const binned = () => new Set(allBinned(rooms.get(BOARD)!.doc));
				const seen: string[] = [];
				w.doc.on('update', () => seen.push(...leaks(w.doc, fields, new Set())));
				await synced(w);
				for (let round = 0; round < 8; round++) {
					// Edits in one tick, and edits spread over ticks.
					const count = 1 + Math.floor(random() * 25);
					for (let i = 0; i < count; i++) {
						randomEdit(l.doc, random, round * 100 + i);
						if (random() < 0.3) await turns(1);
					}
					await caughtUp(w);
					expect(leaks(w.doc, fields, binned()), `seed ${seed}`).toEqual([]);
				}
				expect(seen, `seed ${seed}: a watcher saw a private field at some point`).toEqual([]);
				await rooms.get(BOARD)!.settled();
				await caughtUp(w);
				// The page's first paint agrees with the live document.
				expect(await publicRooms.read(BOARD)).toEqual(readPublicDoc(w.doc));
			} catch (error) {
				console.error(`public projection failed with seed ${seed} (replay: PUBLIC_SEED=${seed})`);
				throw error;
			}
		});
	}
});

function allBinned(doc: Y.Doc): string[] {
	return [...itemsMap(doc).entries()].filter(([, map]) => map.get('deletedAt')).map(([id]) => id);
}

describe('[SY18] watchers only read', () => {
	async function setup() {
		view = { fields: ['owner'], ownerNames: OWNER_NAMES };
		const l = lead();
		await synced(l);
		createItem(l.doc, { title: '公示', id: 'item-1', ownerId: 'u1', notes: `${SECRET}-note` });
		const w = watcher();
		const other = watcher();
		await synced(w, other);
		await caughtUp(w);
		await rooms.get(BOARD)!.settled();
		return { l, w, other };
	}

	function publicState() {
		return JSON.stringify(publicRooms.get(BOARD)!.doc.toJSON());
	}

	it('closes a watcher that sends an update with 4403; nothing is applied, stored or relayed', async () => {
		const { l, w, other } = await setup();
		const before = { public: publicState(), board: JSON.stringify(l.doc.toJSON()), rows: store.committed.length, other: other.count('update') };
		// An update to the public doc's own keys, as an attacker would craft it.
		const forged = new Y.Doc();
		forged.getMap('items').set('item-1', { id: 'item-1', title: 'defaced', number: 1, status: 'done', order: 'a' });
		w.sendRaw(encodeSyncUpdate(Y.encodeStateAsUpdate(forged)));
		expect(w.closed?.code).toBe(CloseCode.Forbidden);
		await turns();
		expect(publicState()).toBe(before.public);
		expect(JSON.stringify(l.doc.toJSON())).toBe(before.board);
		expect(store.committed.length).toBe(before.rows);
		expect(other.count('update')).toBe(before.other);
		expect(other.closed).toBeNull();
		expect(readPublicDoc(other.doc).items[0].title).toBe('公示');
	});

	it('closes a watcher whose step 2 holds anything new with 4403', async () => {
		const { w } = await setup();
		const before = publicState();
		const forged = new Y.Doc();
		forged.getMap('meta').set('title', 'defaced');
		w.sendRaw(encodeSyncStep2(Y.encodeStateAsUpdate(forged)));
		expect(w.closed?.code).toBe(CloseCode.Forbidden);
		expect(publicState()).toBe(before);
	});

	it('accepts the step 2 of a watcher that reconnects with a doc holding deletions', async () => {
		const { l, w } = await setup();
		updateItem(l.doc, 'item-1', { title: '改过' });
		deleteItem(l.doc, 'item-1');
		await caughtUp(w);
		expect(Y.decodeUpdate(Y.encodeStateAsUpdate(w.doc)).ds.clients.size).toBeGreaterThan(0);
		w.disconnect();
		// Same room (no restart): y-websocket's answer to our step 1 carries its delete set.
		const again = watcher(w.doc);
		await synced(again);
		expect(again.received.some((m) => m.kind === 'step1')).toBe(true);
		await turns();
		expect(again.closed).toBeNull();
	});

	it('relays a watcher’s awareness to nobody, and tells watchers of nobody’s', async () => {
		const { l, w, other } = await setup();
		l.announce({ user: { name: '组长' } });
		w.announce({ user: { name: 'anonymous spy' } });
		await turns();
		await vi.waitFor(() => expect(w.count('awareness')).toBeGreaterThan(0));
		// The watcher hears an empty awareness answer (y-websocket needs to hear something), no states.
		for (const m of [...w.received, ...other.received].filter((m) => m.kind === 'awareness')) expect(m.payload).toEqual(Uint8Array.of(0));
		expect([...w.awareness.getStates().keys()]).toEqual([w.doc.clientID]);
		expect(other.awareness.getStates().has(w.doc.clientID)).toBe(false);
		expect(other.awareness.getStates().has(l.doc.clientID)).toBe(false);
		// The lead's room never hears of the watcher.
		const late = lead();
		await synced(late);
		await turns();
		expect(l.awareness.getStates().has(w.doc.clientID)).toBe(false);
		expect(late.awareness.getStates().has(w.doc.clientID)).toBe(false);
		expect(late.awareness.getStates().get(l.doc.clientID)).toEqual({ user: { name: '组长' } });
	});

	it('closes undecodable frames with 1002 and floods with 4429', async () => {
		const { w } = await setup();
		w.sendRaw(Uint8Array.of(0, 9, 9));
		expect(w.closed?.code).toBe(CloseCode.ProtocolError);
		publicRooms.close();
		await rooms.close();
		start({ flood: { perSecond: 1, burst: 5 } });
		const flooder = watcher();
		for (let i = 0; i < 20; i++) flooder.sendRaw(Uint8Array.of(3));
		expect(flooder.closed?.code).toBe(CloseCode.RateLimited);
	});
});

describe('[SY17] re-projection is coalesced', () => {
	it('sends the first change after a quiet spell at once, and a stream at most every 100 ms', async () => {
		const l = lead();
		await synced(l);
		for (let i = 0; i < 20; i++) createItem(l.doc, { title: `任务 ${i}`, id: `i${i}` });
		const w = watcher();
		await synced(w);
		await rooms.get(BOARD)!.settled();
		await caughtUp(w);
		await new Promise((resolve) => setTimeout(resolve, 150));

		let arrived = 0;
		w.onReceive = (m) => {
			if (m.kind === 'update' && !arrived) arrived = performance.now();
		};
		const editedAt = performance.now();
		updateItem(l.doc, 'i0', { title: '第一个改动' });
		await vi.waitFor(() => expect(arrived).toBeGreaterThan(0));
		expect(arrived - editedAt).toBeLessThan(50);

		await new Promise((resolve) => setTimeout(resolve, 150));
		const before = w.count('update');
		const startedAt = performance.now();
		let edits = 0;
		while (performance.now() - startedAt < 600) {
			updateItem(l.doc, `i${edits % 20}`, { title: `改动 ${edits}` });
			edits++;
			await new Promise((resolve) => setTimeout(resolve, 4));
		}
		await caughtUp(w);
		const projections = w.count('update') - before;
		expect(edits).toBeGreaterThan(40);
		// 600 ms of edits: one at once, then at most one per 100 ms, and one for the tail.
		expect(projections).toBeLessThanOrEqual(9);
		expect(projections).toBeGreaterThanOrEqual(3);
	});

	it('sends only the item that changed, not the board', async () => {
		const l = lead();
		await synced(l);
		l.doc.transact(() => {
			for (let i = 0; i < 500; i++) createItem(l.doc, { title: `任务 ${i}`, id: `i${i}` });
		});
		const w = watcher();
		await synced(w);
		await rooms.get(BOARD)!.settled();
		await caughtUp(w);
		const before = w.received.length;
		updateItem(l.doc, 'i250', { title: '只改这一项' });
		await caughtUp(w);
		const updates = w.received.slice(before).filter((m) => m.kind === 'update');
		expect(updates).toHaveLength(1);
		expect(updates[0].payload.length).toBeLessThan(300);
	});
});

describe('[SY16] areas and metrics on the public board', () => {
	it('follows area renames and metric check-ins, never the check-in history', async () => {
		view = { fields: ['area', 'metric'], ownerNames: OWNER_NAMES };
		const l = lead();
		await synced(l);
		const area = createArea(l.doc, { name: '公共卫生' });
		createItem(l.doc, { title: '入园率', id: 'item-1', areaId: area });
		setMetric(l.doc, 'item-1', { unit: '%', baseline: 81.2, target: 90.65, direction: 'up' });
		const w = watcher();
		await synced(w);
		await caughtUp(w);
		expect(readPublicDoc(w.doc).areas.map((a) => a.name)).toEqual(['公共卫生']);
		expect(readPublicDoc(w.doc).items[0]).toMatchObject({ areaId: area, metric: { baseline: 81.2, target: 90.65, current: null } });

		updateArea(l.doc, area, { name: '公共卫生服务' });
		addCheckIn(l.doc, 'item-1', { value: 86.4, at: '2026-05-01', by: 'u1', note: `${SECRET}-checkin` });
		await caughtUp(w);
		expect(readPublicDoc(w.doc).areas.map((a) => a.name)).toEqual(['公共卫生服务']);
		expect(readPublicDoc(w.doc).items[0].metric?.current).toBe(86.4);
		expect(JSON.stringify(w.doc.toJSON())).not.toContain(SECRET);
	});
});

describe('[SY19] settings, unloading and failures', () => {
	it('refresh re-projects with the new fields, and closes watchers with 4404 when the page is off', async () => {
		view = { fields: [], ownerNames: OWNER_NAMES };
		const l = lead();
		await synced(l);
		createItem(l.doc, { title: '公示', id: 'item-1', notes: '可以公开的备注' });
		const w = watcher();
		await synced(w);
		await caughtUp(w);
		expect(readPublicDoc(w.doc).items[0]).not.toHaveProperty('notes');

		view = { fields: ['notes'], ownerNames: OWNER_NAMES };
		await publicRooms.refresh(BOARD);
		await caughtUp(w);
		expect(readPublicDoc(w.doc).items[0].notes).toBe('可以公开的备注');
		view = { fields: [], ownerNames: OWNER_NAMES };
		await publicRooms.refresh(BOARD);
		await caughtUp(w);
		expect(JSON.stringify(w.doc.toJSON())).not.toContain('可以公开的备注');

		view = null;
		await publicRooms.refresh(BOARD);
		expect(w.closed?.code).toBe(CloseCode.NotFound);
		expect(publicRooms.get(BOARD)).toBeUndefined();
		expect(await publicRooms.read(BOARD)).toBeNull();
	});

	it('keeps the board loaded while watched; unloads a grace period after the last watcher, releasing the board', async () => {
		publicRooms.close();
		await rooms.close();
		start({ unloadGraceMs: 30, coolAfterMs: 20 });
		const w = watcher();
		await synced(w);
		await new Promise((resolve) => setTimeout(resolve, 100));
		// Only the public room holds the board room, and keeps its document live ([SY20]) to follow it.
		expect(rooms.loadedBoards()).toEqual([BOARD]);
		expect(rooms.get(BOARD)?.isCold).toBe(false);
		const publicRoom = publicRooms.get(BOARD);
		w.disconnect();
		const again = watcher();
		await new Promise((resolve) => setTimeout(resolve, 60));
		expect(publicRooms.get(BOARD)).toBe(publicRoom);
		again.disconnect();
		await vi.waitFor(() => expect(publicRooms.get(BOARD)).toBeUndefined());
		await vi.waitFor(() => expect(rooms.loadedBoards()).toEqual([]));
	});

	it('closes watchers with 1011 when the board room fails, and rebuilds for the next watcher', async () => {
		const l = lead();
		await synced(l);
		createItem(l.doc, { title: '保存前', id: 'item-1' });
		const w = watcher();
		await synced(w);
		await caughtUp(w);
		await rooms.get(BOARD)!.settled();
		const commit = store.commit;
		store.commit = () => Promise.reject(new Error('disk full'));
		updateItem(l.doc, 'item-1', { title: '保存失败' });
		await vi.waitFor(() => expect(w.closed?.code).toBe(CloseCode.InternalError));
		expect(l.closed?.code).toBe(CloseCode.InternalError);
		expect(publicRooms.get(BOARD)).toBeUndefined();

		store.commit = commit;
		const fresh = watcher();
		await synced(fresh);
		await caughtUp(fresh);
		expect(readPublicDoc(fresh.doc).items.map((i) => i.title)).toEqual(['保存前']);
	});
});

describe('[SY16] frames are decoded like a board room’s', () => {
	it('answers a watcher’s step 1 with the public doc only', async () => {
		view = { fields: [], ownerNames: OWNER_NAMES };
		const l = lead();
		await synced(l);
		createItem(l.doc, { title: '公示', notes: `${SECRET}-note`, ownerId: 'u1' });
		const w = watcher();
		await synced(w);
		const step2 = w.received.find((m) => m.kind === 'step2')!;
		const decoded = new Y.Doc();
		Y.applyUpdate(decoded, step2.payload);
		expect(leaks(decoded, [], new Set())).toEqual([]);
		expect(readPublicDoc(decoded).items.map((i) => i.title)).toEqual(['公示']);
	});
});
