/**
 * The `items` table follows the live documents: after seeded random edits by two real
 * y-websocket clients it holds exactly the document's items, it survives a restart, and a
 * missing or stale projection is rebuilt at start-up.
 */
import { asc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import {
	allItems,
	columns,
	createItem,
	deleteItem,
	HORIZONS,
	itemsMap,
	moveItem,
	restoreItem,
	STATUSES,
	updateItem
} from '../../../src/lib/board/index';
import { itemProjections, items } from '../../../server/db/schema';
import { startTestServer, type TestServer } from '../../helpers/server';
import { connectProvider, destroyAllProviders, whenSynced } from '../sync/clients';

let t: TestServer;
let adminCookie: string;
let leadCookie: string;
const people: string[] = [];

beforeAll(async () => {
	t = await startTestServer();
	adminCookie = await t.setupAdmin();
	for (const name of ['lead', 'alice', 'bob']) {
		const res = await t.request('POST', '/api/users', { cookie: adminCookie, body: { email: `${name}@example.test`, name, password: `password of ${name}` } });
		expect(res.status).toBe(201);
		people.push(((await res.json()) as { id: string }).id);
	}
	leadCookie = await t.login('lead@example.test', 'password of lead');
});

afterAll(async () => {
	destroyAllProviders();
	await t.stop();
});

/** mulberry32: a failure replays from its seed. */
function prng(seed: number): () => number {
	let a = seed;
	return () => {
		a = (a + 0x6d2b79f5) | 0;
		let r = Math.imul(a ^ (a >>> 15), 1 | a);
		r = (r + Math.imul(r ^ (r >>> 7), 61 | r)) ^ r;
		return ((r ^ (r >>> 14)) >>> 0) / 4294967296;
	};
}

/** One random edit of every kind the projection reads, as a lead makes it. */
function randomEdit(doc: Y.Doc, random: () => number, step: number): void {
	const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)];
	const ids = [...itemsMap(doc).keys()];
	const roll = random();
	const owners = [...people, null];
	if (roll < 0.25 || ids.length === 0) {
		createItem(doc, { title: `任务 ${step}`, status: pick(STATUSES), ownerId: pick(owners), due: pick(['2026-04-30', '2026-06-30', null]) });
		return;
	}
	const id = pick(ids);
	if (roll < 0.35) updateItem(doc, id, { ownerId: pick(owners) });
	else if (roll < 0.42) updateItem(doc, id, { start: '2026-03-01', due: `2026-0${1 + Math.floor(random() * 9)}-15` });
	else if (roll < 0.48) updateItem(doc, id, { blocked: random() < 0.5 });
	else if (roll < 0.53) updateItem(doc, id, { areaId: pick(['area-public-health', 'area-clinic', null]) });
	else if (roll < 0.6) updateItem(doc, id, { horizon: pick(HORIZONS), period: pick(['2026-W14', '2026-04', '2026-Q2', '2026']) });
	else if (roll < 0.66) setParent(doc, id, pick([...ids, null]));
	else if (roll < 0.72) deleteItem(doc, id);
	else if (roll < 0.78) restoreItem(doc, id);
	// Gone from the document altogether (never done by the UI, but a document may say so).
	else if (roll < 0.82) itemsMap(doc).delete(id);
	else if (roll < 0.92) moveItem(doc, id, pick(STATUSES), null, null);
	else updateItem(doc, id, { title: `改名 ${step}` });
}

/** The model refuses cycles and parents that are gone; such a roll simply changes nothing. */
function setParent(doc: Y.Doc, id: string, parentId: string | null): void {
	try {
		updateItem(doc, id, { parentId });
	} catch {
		// refused by the model: nothing was written
	}
}

/** What the projection must hold for a document. */
function expectedRows(doc: Y.Doc) {
	return allItems(doc)
		.map((item) => ({
			itemId: item.id,
			number: item.number,
			title: item.title,
			status: item.status,
			blocked: item.blocked,
			horizon: item.horizon,
			period: item.period,
			start: item.start,
			due: item.due,
			areaId: item.areaId,
			ownerId: item.ownerId,
			parentId: item.parentId,
			deleted: item.deletedAt !== null,
			position: item.order
		}))
		.sort((a, b) => a.itemId.localeCompare(b.itemId));
}

async function projectedRows(boardId: string) {
	const rows = await t.server.services.database.db.select().from(items).where(eq(items.boardId, boardId)).orderBy(asc(items.itemId));
	return rows.map(({ boardId: _b, updatedAt: _u, ...row }) => row).sort((a, b) => a.itemId.localeCompare(b.itemId));
}

/** Reads the document and the table in one go, until they agree (numbers arrive shortly after items). */
async function expectProjectionMatches(boardId: string, label: string): Promise<void> {
	await vi.waitFor(
		async () => {
			const expected = await t.server.services.sync.read(boardId, expectedRows);
			expect(await projectedRows(boardId), label).toEqual(expected);
		},
		{ timeout: 10_000, interval: 50 }
	);
}

describe('items projection', () => {
	const boards: string[] = [];

	for (const seed of [7, 2026]) {
		it(`matches the document after random edits by two clients (seed ${seed})`, async () => {
			const boardId = await t.createBoard(adminCookie, `Projection ${seed}`);
			boards.push(boardId);
			const res = await t.request('PUT', `/api/boards/${boardId}/members/${people[0]}`, { cookie: adminCookie, body: { role: 'lead' } });
			expect(res.status).toBe(200);
			const clients = [connectProvider(t, boardId, adminCookie), connectProvider(t, boardId, leadCookie)];
			await whenSynced(...clients);
			const random = prng(seed);
			for (let step = 0; step < 300; step++) {
				randomEdit(random() < 0.5 ? clients[0].doc : clients[1].doc, random, step);
				// Let some edits reach the server one by one and others in bursts.
				if (random() < 0.2) await new Promise((resolve) => setTimeout(resolve, random() * 30));
			}
			// Both clients converged with the server; then the table must follow.
			await vi.waitFor(
				async () => {
					const server = await t.server.services.sync.read(boardId, expectedRows);
					expect(expectedRows(clients[0].doc), `seed ${seed}`).toEqual(server);
					expect(expectedRows(clients[1].doc), `seed ${seed}`).toEqual(server);
				},
				{ timeout: 10_000, interval: 50 }
			);
			await expectProjectionMatches(boardId, `seed ${seed}`);
			for (const client of clients) client.destroy();
		});
	}

	it('previews each column’s first items in board order, with every column’s count', async () => {
		for (const boardId of boards) {
			await expectProjectionMatches(boardId, 'before the preview');
			const preview = await t.server.services.items.preview(boardId, 3);
			const board = await t.server.services.sync.read(boardId, (doc) => columns(doc));
			for (const status of STATUSES) {
				const live = board[status].filter((item) => !item.deletedAt);
				expect(preview.counts[status]).toBe(live.length);
				expect(preview.items.filter((item) => item.status === status).map((item) => item.itemId)).toEqual(live.slice(0, 3).map((item) => item.id));
			}
		}
	});

	it('still matches after a restart, without the boards being opened', async () => {
		const before = await Promise.all(boards.map((boardId) => projectedRows(boardId)));
		await t.restart();
		for (const [index, boardId] of boards.entries()) expect(await projectedRows(boardId)).toEqual(before[index]);
		for (const boardId of boards) await expectProjectionMatches(boardId, 'after restart');
	});

	it('rebuilds a missing or stale projection at start-up', async () => {
		const [missing, stale] = boards;
		const { db } = t.server.services.database;
		// Boards opened by the previous test are being re-projected; let that finish before tampering.
		await t.server.services.itemProjection.flush();
		// A database from before the table: no rows, no marker.
		await db.delete(items).where(eq(items.boardId, missing));
		await db.delete(itemProjections).where(eq(itemProjections.boardId, missing));
		// A crash before the last write: rows behind the stored document.
		await db.update(items).set({ title: 'not what the document says' }).where(eq(items.boardId, stale));
		await db.update(itemProjections).set({ projectedAt: 0 }).where(eq(itemProjections.boardId, stale));
		await t.restart();
		// Rebuilt before the server answers anything: read the table before any board is opened again.
		const rows = await Promise.all(boards.map((boardId) => projectedRows(boardId)));
		for (const [index, boardId] of boards.entries()) {
			const expected = await t.server.services.sync.read(boardId, expectedRows);
			expect(rows[index]).toEqual(expected);
		}
	});

	it('a room that loads rewrites its rows only when they are behind the stored document', async () => {
		const [current, behind] = boards;
		await t.restart();
		const { db } = t.server.services.database;
		// Marked rows show whether a load rewrote them: a current board's rows are left alone…
		await db.update(items).set({ title: 'left alone' }).where(eq(items.boardId, current));
		// …a board whose rows fell behind (a write that failed while it was open) is rewritten.
		await db.update(items).set({ title: 'rewritten' }).where(eq(items.boardId, behind));
		await db.update(itemProjections).set({ projectedAt: 0 }).where(eq(itemProjections.boardId, behind));
		for (const boardId of [current, behind]) await t.server.services.sync.read(boardId, () => undefined);
		await t.server.services.itemProjection.flush();
		expect(new Set((await projectedRows(current)).map((row) => row.title))).toEqual(new Set(['left alone']));
		await expectProjectionMatches(behind, 'after a load that found the rows behind');
		// Put the marked board right again for the next test.
		await db.update(itemProjections).set({ projectedAt: 0 }).where(eq(itemProjections.boardId, current));
		await t.restart();
		expect(await projectedRows(current)).toEqual(await t.server.services.sync.read(current, expectedRows));
	});

	it('moves a row\'s updated_at only when one of its columns changed, even in a full rewrite', async () => {
		const boardId = boards[0];
		const { db } = t.server.services.database;
		await t.server.services.itemProjection.flush();
		const stamps = async () => new Map((await db.select().from(items).where(eq(items.boardId, boardId))).map((row) => [row.itemId, row.updatedAt]));
		const before = await stamps();
		const [changed] = await t.server.services.sync.read(boardId, (doc) => allItems(doc).filter((item) => item.deletedAt === null).map((item) => item.id));
		await new Promise((resolve) => setTimeout(resolve, 5));
		await t.server.services.sync.change(boardId, (doc) => updateItem(doc, changed, { title: '只改这一项' }));
		await t.server.services.itemProjection.flush();
		// A full rewrite of the board (as at start-up) that finds nothing else changed.
		await db.update(itemProjections).set({ projectedAt: 0 }).where(eq(itemProjections.boardId, boardId));
		expect(await t.server.services.itemProjection.rebuildStale(t.server.services.sync)).toContain(boardId);
		const after = await stamps();
		expect(after.size).toBe(before.size);
		for (const [itemId, stamp] of after) {
			if (itemId === changed) expect(stamp).toBeGreaterThan(before.get(itemId)!);
			else expect(stamp, itemId).toBe(before.get(itemId));
		}
		await expectProjectionMatches(boardId, 'after the rewrite');
	});

	it('follows a member action and a server-side change at once', async () => {
		const boardId = boards[0];
		let id = '';
		await t.server.services.sync.change(boardId, (doc) => {
			id = createItem(doc, { title: '新增：院感质控自查', ownerId: people[1], due: '2026-05-31' });
		});
		await expectProjectionMatches(boardId, 'after a server-side change');
		const number = await vi.waitFor(async () => {
			const n = await t.server.services.sync.read(boardId, (doc) => allItems(doc).find((item) => item.id === id)?.number);
			expect(n).toBeTypeOf('number');
			return n!;
		});
		const res = await t.request('POST', `/api/boards/${boardId}/items/${number}/status`, { cookie: adminCookie, body: { status: 'done' } });
		expect(res.status).toBe(200);
		await vi.waitFor(async () => {
			const [row] = await t.server.services.database.db.select().from(items).where(eq(items.itemId, id));
			expect(row.status).toBe('done');
		});
	});
});
