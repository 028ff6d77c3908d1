import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createItem, getItem, readMeta, updateMeta } from '../../../src/lib/board/index';
import { Rooms, type RoomsOptions } from '../../../server/sync/rooms';
import { UpdateWriter } from '../../../server/sync/update-writer';
import type { DocStore } from '../../../server/sync/doc-store';
import { content, docFromStore, FakeClient, insertBoard, quietLogger, RecordingStore, sqlAllocator, tempDatabase, turns, type TempDatabase } from './helpers';

const BOARD = 'board-1';

let temp: TempDatabase;
let store: RecordingStore;
let registry: Rooms | null;
const clients: FakeClient[] = [];

beforeEach(async () => {
	temp = await tempDatabase();
	await insertBoard(temp.database, BOARD);
	await insertBoard(temp.database, 'board-2');
	store = new RecordingStore(temp.database);
	registry = null;
});

afterEach(async () => {
	for (const c of clients.splice(0)) c.disconnect();
	await registry?.close();
	temp.cleanup();
});

function rooms(options: Partial<RoomsOptions> = {}): Rooms {
	registry = new Rooms({
		store,
		writer: new UpdateWriter(store, quietLogger),
		allocateNumbers: sqlAllocator(temp.database).allocateNumbers,
		logger: quietLogger,
		...options
	});
	return registry;
}

function connect(r: Rooms, boardId = BOARD): FakeClient {
	const c = new FakeClient(r.open(boardId));
	clients.push(c);
	return c.connect();
}

describe('[SY15] loading and unloading rooms', () => {
	it('loads one room per board, shared by its connections', async () => {
		const r = rooms();
		const a = connect(r);
		const b = connect(r);
		const other = connect(r, 'board-2');
		expect(r.get(BOARD)).toBe(r.open(BOARD));
		expect(r.loadedBoards().sort()).toEqual([BOARD, 'board-2']);
		await vi.waitFor(() => expect([a, b, other].every((c) => c.synced)).toBe(true));
		updateMeta(a.doc, { description: 'shared' });
		await vi.waitFor(() => expect(readMeta(b.doc).description).toBe('shared'));
		expect(readMeta(other.doc).description).toBe('');
	});

	it('unloads a room after the last connection left and the grace period, its writes stored', async () => {
		const r = rooms({ unloadGraceMs: 0 });
		const a = connect(r);
		await vi.waitFor(() => expect(a.synced).toBe(true));
		createItem(a.doc, { title: '最后一笔', id: 'last' });
		a.disconnect();
		await vi.waitFor(() => expect(r.get(BOARD)).toBeUndefined());
		const stored = await docFromStore(store, BOARD);
		expect(getItem(stored, 'last')?.title).toBe('最后一笔');
		// The numbering the item triggered was finished before the unload too.
		expect(getItem(stored, 'last')?.number).toBe(1);
	});

	it('keeps the room when someone joins within the grace period', async () => {
		const r = rooms({ unloadGraceMs: 30 });
		const a = connect(r);
		const room = r.get(BOARD);
		a.disconnect();
		const b = connect(r);
		await new Promise((resolve) => setTimeout(resolve, 80));
		expect(r.get(BOARD)).toBe(room);
		await vi.waitFor(() => expect(b.synced).toBe(true));
	});

	it('loads an unloaded board for change() and read(), and unloads it again', async () => {
		const r = rooms({ unloadGraceMs: 0 });
		await r.use(BOARD, (room) => room.change((doc) => updateMeta(doc, { title: '服务器写入' })));
		await vi.waitFor(() => expect(r.get(BOARD)).toBeUndefined());
		const title = await r.use(BOARD, (room) => room.read((doc) => readMeta(doc).title));
		expect(title).toBe('服务器写入');
		await vi.waitFor(() => expect(r.get(BOARD)).toBeUndefined());
	});

	it('[SY20] close() leaves each live board as one snapshot row, so the next start loads it cold', async () => {
		const r = rooms();
		const a = connect(r);
		await vi.waitFor(() => expect(a.synced).toBe(true));
		for (let i = 0; i < 3; i++) createItem(a.doc, { title: `第${i}项`, id: `i${i}` });
		await r.get(BOARD)!.settled();
		expect((await store.load(BOARD)).rows.length).toBeGreaterThan(1);
		a.disconnect();
		await r.close();
		const stored = await store.load(BOARD);
		expect(stored.rows).toHaveLength(1);
		expect(stored.version).toBeDefined();

		const next = rooms();
		const b = connect(next);
		await vi.waitFor(() => expect(b.synced).toBe(true));
		expect(next.get(BOARD)!.isCold).toBe(true);
		expect(getItem(b.doc, 'i2')?.title).toBe('第2项');
		expect(getItem(b.doc, 'i2')?.number).toBe(3);
	});

	it('forgets a room that failed, so the next join loads the store afresh', async () => {
		const r = rooms();
		const a = connect(r);
		await vi.waitFor(() => expect(a.synced).toBe(true));
		const failed = r.get(BOARD);
		await temp.database.client.execute({ sql: 'DELETE FROM boards WHERE id = ?', args: [BOARD] });
		updateMeta(a.doc, { description: 'will fail' });
		await vi.waitFor(() => expect(a.closed?.code).toBe(1011));
		expect(r.get(BOARD)).toBeUndefined();
		expect(r.open(BOARD)).not.toBe(failed);
	});
});

describe('[SY12] folds spread over time', () => {
	it('boards that go quiet together fold one per commit, spaced, each into one snapshot row', async () => {
		const boards = ['board-1', 'board-2', 'board-3', 'board-4', 'board-5'];
		for (const id of boards.slice(2)) await insertBoard(temp.database, id);
		const commits: Array<{ at: number; folded: string[] }> = [];
		const counting: DocStore = {
			load: (boardId) => store.load(boardId),
			commit: async (writes) => {
				commits.push({ at: performance.now(), folded: writes.filter((write) => write.snapshot).map((write) => write.boardId) });
				await store.commit(writes);
			}
		};
		const r = rooms({ store: counting, writer: new UpdateWriter(counting, quietLogger, { quietFoldIntervalMs: 30 }), coolAfterMs: 100 });
		const cs = boards.map((id) => connect(r, id));
		await vi.waitFor(() => expect(cs.every((c) => c.synced)).toBe(true));
		for (let i = 0; i < 3; i++) {
			cs.forEach((c, k) => updateMeta(c.doc, { description: `edit ${i}, board ${k}` }));
			await turns(2);
		}
		await Promise.all(boards.map((id) => r.get(id)!.settled()));
		for (const id of boards) expect((await store.load(id)).rows.length).toBeGreaterThan(1);
		commits.length = 0;

		// All five cool in the same moment.
		await vi.waitFor(() => expect(boards.every((id) => r.get(id)!.isCold)).toBe(true), { timeout: 2000 });
		await Promise.all(boards.map((id) => r.get(id)!.settled()));
		const folds = commits.filter((commit) => commit.folded.length > 0);
		expect(folds.map((commit) => commit.folded.length)).toEqual([1, 1, 1, 1, 1]);
		expect(new Set(folds.flatMap((commit) => commit.folded))).toEqual(new Set(boards));
		for (let i = 1; i < folds.length; i++) expect(folds[i].at - folds[i - 1].at).toBeGreaterThanOrEqual(20);
		for (const [k, id] of boards.entries()) {
			expect((await store.load(id)).rows).toHaveLength(1);
			expect(content(await docFromStore(store, id))).toEqual(content(cs[k].doc));
		}
	});

	it('boards that reach the row limit together fold one per commit and interval, the one furthest past the limit first', async () => {
		const boards = ['board-1', 'board-2', 'board-3', 'board-4', 'board-5', 'board-6'];
		for (const id of boards.slice(2)) await insertBoard(temp.database, id);
		const foldsPerCommit: string[][] = [];
		const counting: DocStore = {
			load: (boardId) => store.load(boardId),
			commit: async (writes) => {
				foldsPerCommit.push(writes.filter((write) => write.snapshot).map((write) => write.boardId));
				await store.commit(writes);
			}
		};
		let clock = 0;
		// The test moves the clock; once done, it runs on its own, so closing can fold (spaced too).
		let running = false;
		const now = () => (running ? clock + performance.now() : clock);
		const r = rooms({ store: counting, writer: new UpdateWriter(counting, quietLogger, { foldIntervalMs: 100, now }), compactAfterRows: 3 });
		const cs = boards.map((id) => connect(r, id));
		await vi.waitFor(() => expect(cs.every((c) => c.synced)).toBe(true));
		const settled = () => Promise.all(boards.map((id) => r.get(id)!.settled()));
		await settled();
		let round = 0;
		// Every board is written at the same pace, one row per round: all reach the limit in the same commit.
		const writeAll = async () => {
			round++;
			cs.forEach((c, k) => updateMeta(c.doc, { description: `round ${round}, board ${k}` }));
			await turns(1);
			await settled();
		};
		const folded = () => foldsPerCommit.flat();

		// The clock stands still: one fold, then none until the interval has passed.
		for (let i = 0; i < 6; i++) await writeAll();
		expect(folded()).toHaveLength(1);
		// Each interval one more, a board that had none first (it is furthest past the limit).
		for (let i = 0; i < 5; i++) {
			clock += 100;
			await writeAll();
		}
		expect(Math.max(...foldsPerCommit.map((folds) => folds.length))).toBe(1);
		expect(new Set(folded())).toEqual(new Set(boards));
		expect(folded()).toHaveLength(6);

		const rows = await temp.database.client.execute('SELECT board_id, count(*) FROM doc_updates GROUP BY board_id');
		const rowsOf = new Map(rows.rows.map((row) => [String(row[0]), Number(row[1])]));
		for (const [k, id] of boards.entries()) {
			expect(rowsOf.get(id)).toBeLessThan(round);
			expect(content(await docFromStore(store, id))).toEqual(content(cs[k].doc));
		}
		running = true;
	});
});
