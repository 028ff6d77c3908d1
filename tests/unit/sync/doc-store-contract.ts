/**
 * What every DocStore must do (server/sync/doc-store.ts). Run it against each
 * implementation: `describeDocStoreContract('libSQL', setup)`.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { DocStore } from '../../../server/sync/doc-store';

export interface DocStoreFixture {
	store: DocStore;
	/** Two boards that exist. */
	boards: [string, string];
	/** A board id whose writes the store must refuse (for the all-or-nothing rule). */
	refusedBoard: string;
	/** Another store on the same storage, as after a restart of the process. */
	reopen(): Promise<DocStore>;
	cleanup(): Promise<void> | void;
}

/** Small real Yjs updates: each inserts one entry into the doc's `log` array. */
function edits(count: number, label: string): { doc: Y.Doc; updates: Uint8Array[] } {
	const doc = new Y.Doc();
	const updates: Uint8Array[] = [];
	doc.on('update', (update: Uint8Array) => updates.push(update));
	for (let i = 0; i < count; i++) doc.getArray('log').push([`${label}-${i}`]);
	return { doc, updates };
}

function replay(rows: Uint8Array[]): unknown[] {
	const doc = new Y.Doc();
	for (const row of rows) Y.applyUpdate(doc, row);
	return doc.getArray('log').toArray();
}

export function describeDocStoreContract(name: string, setup: () => Promise<DocStoreFixture>): void {
	describe(`DocStore contract: ${name}`, () => {
		let f: DocStoreFixture;
		beforeEach(async () => {
			f = await setup();
		});
		afterEach(async () => {
			await f.cleanup();
		});

		it('[DS1] loads nothing for a board that has nothing stored', async () => {
			expect((await f.store.load(f.boards[0])).rows).toEqual([]);
		});

		it('[DS2] loads appended updates back in order, per board', async () => {
			const a = edits(3, 'a');
			const b = edits(2, 'b');
			await f.store.commit([{ boardId: f.boards[0], updates: a.updates.slice(0, 2) }]);
			await f.store.commit([
				{ boardId: f.boards[1], updates: b.updates },
				{ boardId: f.boards[0], updates: a.updates.slice(2) }
			]);
			expect(replay((await f.store.load(f.boards[0])).rows)).toEqual(['a-0', 'a-1', 'a-2']);
			expect(replay((await f.store.load(f.boards[1])).rows)).toEqual(['b-0', 'b-1']);
		});

		it('[DS7] keeps at most one row per board per commit', async () => {
			const a = edits(40, 'a');
			for (let start = 0; start < 40; start += 10) {
				await f.store.commit([{ boardId: f.boards[0], updates: a.updates.slice(start, start + 10) }]);
			}
			const rows = (await f.store.load(f.boards[0])).rows;
			expect(rows.length).toBeLessThanOrEqual(4);
			expect(replay(rows)).toEqual(a.doc.getArray('log').toArray());
		});

		it('[DS8] appends after rows an earlier run stored, and after a failed commit', async () => {
			const a = edits(4, 'a');
			const earlier = await f.reopen();
			await earlier.commit([{ boardId: f.boards[0], updates: a.updates.slice(0, 1) }]);
			// This store never loaded the board: it must still number its rows after the earlier ones.
			await f.store.commit([{ boardId: f.boards[0], updates: a.updates.slice(1, 2) }]);
			await expect(
				f.store.commit([
					{ boardId: f.boards[0], updates: edits(1, 'lost').updates },
					{ boardId: f.refusedBoard, updates: edits(1, 'x').updates }
				])
			).rejects.toThrow();
			await f.store.commit([{ boardId: f.boards[0], updates: a.updates.slice(2, 3) }]);
			const restarted = await f.reopen();
			expect(replay((await restarted.load(f.boards[0])).rows)).toEqual(['a-0', 'a-1', 'a-2']);
			await restarted.commit([{ boardId: f.boards[0], updates: a.updates.slice(3) }]);
			expect(replay((await (await f.reopen()).load(f.boards[0])).rows)).toEqual(['a-0', 'a-1', 'a-2', 'a-3']);
		});

		it('[DS3] stores all writes of a commit or none of them', async () => {
			const a = edits(2, 'a');
			await f.store.commit([{ boardId: f.boards[0], updates: a.updates.slice(0, 1) }]);
			await expect(
				f.store.commit([
					{ boardId: f.boards[0], updates: a.updates.slice(1) },
					{ boardId: f.refusedBoard, updates: edits(1, 'x').updates }
				])
			).rejects.toThrow();
			expect(replay((await f.store.load(f.boards[0])).rows)).toEqual(['a-0']);
		});

		it('[DS4] replaces every row of a board with its snapshot, appends of the same write included', async () => {
			const a = edits(6, 'a');
			await f.store.commit([{ boardId: f.boards[0], updates: a.updates.slice(0, 4) }]);
			await f.store.commit([{ boardId: f.boards[1], updates: edits(2, 'b').updates }]);
			await f.store.commit([{ boardId: f.boards[0], updates: a.updates.slice(4), snapshot: Y.encodeStateAsUpdate(a.doc) }]);
			const rows = (await f.store.load(f.boards[0])).rows;
			expect(rows).toHaveLength(1);
			expect(replay(rows)).toEqual(a.doc.getArray('log').toArray());
			expect(replay((await f.store.load(f.boards[1])).rows)).toEqual(['b-0', 'b-1']);
		});

		it('[DS5] loads updates appended after a snapshot after it', async () => {
			const a = edits(5, 'a');
			await f.store.commit([{ boardId: f.boards[0], updates: a.updates.slice(0, 3) }]);
			const snapshot = Y.encodeStateAsUpdate(a.doc, Y.encodeStateVector(new Y.Doc()));
			const before = new Y.Doc();
			a.updates.slice(0, 3).forEach((u) => Y.applyUpdate(before, u));
			await f.store.commit([{ boardId: f.boards[0], updates: [], snapshot: Y.encodeStateAsUpdate(before) }]);
			await f.store.commit([{ boardId: f.boards[0], updates: a.updates.slice(3) }]);
			const rows = (await f.store.load(f.boards[0])).rows;
			expect(rows.length).toBeGreaterThanOrEqual(2);
			expect(rows.length).toBeLessThanOrEqual(3);
			expect(replay(rows.slice(0, 1))).toEqual(['a-0', 'a-1', 'a-2']);
			expect(replay(rows)).toEqual(replay([snapshot]));
		});

		it('[DS9] gives back a snapshot\'s version while the snapshot is the only row', async () => {
			const a = edits(3, 'a');
			await f.store.commit([{ boardId: f.boards[0], updates: a.updates.slice(0, 2) }]);
			expect((await f.store.load(f.boards[0])).version).toBeUndefined();
			const version = Y.encodeSnapshot(Y.snapshot(a.doc));
			await f.store.commit([
				{ boardId: f.boards[0], updates: a.updates.slice(2), snapshot: Y.encodeStateAsUpdate(a.doc), version }
			]);
			const compacted = await f.store.load(f.boards[0]);
			expect(compacted.rows).toHaveLength(1);
			expect(compacted.version).toEqual(version);
			expect((await (await f.reopen()).load(f.boards[0])).version).toEqual(version);
			// A row after the snapshot: the stored version no longer describes the document.
			await f.store.commit([{ boardId: f.boards[0], updates: edits(1, 'b').updates }]);
			expect((await f.store.load(f.boards[0])).version).toBeUndefined();
		});

		it('[DS6] accepts an empty commit', async () => {
			await f.store.commit([]);
			await f.store.commit([{ boardId: f.boards[0], updates: [] }]);
			expect((await f.store.load(f.boards[0])).rows).toEqual([]);
		});
	});
}
