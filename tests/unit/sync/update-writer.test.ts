/**
 * The UpdateWriter's timing ([SY5], [SY12]): when commits begin, and which write folds.
 * Sources and store are stand-ins: rooms.test.ts and room.test.ts run it with real rooms.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { DocStore, DocWrite } from '../../../server/sync/doc-store';
import { UpdateWriter, type WriteSource } from '../../../server/sync/update-writer';
import { quietLogger } from './helpers';

/** A board with updates waiting, `rows` stored and a row limit of `limit`; it may ask for a fold (as a room that cools). */
class Board implements WriteSource {
	pending = 0;
	stored = 0;
	foldAsked = false;
	constructor(
		readonly id: string,
		public rows = 0,
		readonly limit = 500
	) {}
	get rowsToFold(): number {
		const rows = this.rows + (this.pending > 0 ? 1 : 0);
		if (this.foldAsked) return rows;
		return this.pending > 0 && rows > this.limit ? rows : 0;
	}
	takeWrite(fold: boolean): DocWrite | null {
		const folds = fold && this.rowsToFold > 0;
		if (this.pending === 0 && !folds) return null;
		const write: DocWrite = { boardId: this.id, updates: this.pending > 0 ? [new Uint8Array([this.pending])] : [] };
		if (folds) write.snapshot = new Uint8Array([0]);
		this.pending = 0;
		this.rows = folds ? 1 : this.rows + 1;
		if (folds) this.foldAsked = false;
		return write;
	}
	committed(): void {
		this.stored++;
	}
	failed(): void {}
}

/** Commits, each with the time it began and the boards written and folded. */
class RecordingStore implements DocStore {
	commits: Array<{ at: number; boards: string[]; folded: string[] }> = [];
	async load() {
		return { rows: [] };
	}
	async commit(writes: readonly DocWrite[]) {
		this.commits.push({ at: Date.now(), boards: writes.map((w) => w.boardId), folded: writes.filter((w) => w.snapshot).map((w) => w.boardId) });
	}
}

let store: RecordingStore;

beforeEach(() => {
	vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setImmediate', 'clearImmediate', 'Date'], now: 0 });
	store = new RecordingStore();
});

afterEach(() => {
	vi.useRealTimers();
});

function writer(options: ConstructorParameters<typeof UpdateWriter>[2] = {}): UpdateWriter {
	return new UpdateWriter(store, quietLogger, { busyBoards: 4, commitWindowMs: 25, foldIntervalMs: 10, now: () => Date.now(), ...options });
}

function write(w: UpdateWriter, ...boards: Board[]): void {
	for (const board of boards) {
		board.pending++;
		w.schedule(board);
	}
}

const boards = (count: number, rows = 0, limit = 500) => Array.from({ length: count }, (_, i) => new Board(`board-${i}`, rows, limit));

describe('[SY5] when a commit begins', () => {
	it('with few boards written, every tick: the next write is stored at the end of its own tick', async () => {
		const w = writer();
		const [a, b, c] = boards(3);
		write(w, a, b, c);
		await vi.advanceTimersByTimeAsync(0);
		expect(store.commits).toHaveLength(1);
		write(w, a);
		await vi.advanceTimersByTimeAsync(0);
		expect(store.commits).toHaveLength(2);
		expect(store.commits[1].at - store.commits[0].at).toBe(0);
		expect(a.stored).toBe(2);
	});

	it('after a commit for many boards, the next begins when the window since it began has passed, with everything written meanwhile', async () => {
		const w = writer();
		const many = boards(4);
		write(w, ...many);
		await vi.advanceTimersByTimeAsync(0);
		expect(store.commits).toHaveLength(1);
		write(w, many[0]);
		await vi.advanceTimersByTimeAsync(10);
		write(w, many[1]);
		await vi.advanceTimersByTimeAsync(14);
		expect(store.commits).toHaveLength(1);
		await vi.advanceTimersByTimeAsync(1);
		expect(store.commits).toHaveLength(2);
		expect(store.commits[1]).toMatchObject({ at: 25, boards: ['board-0', 'board-1'] });
		// That commit was for two boards: the one after it is not held back.
		write(w, many[2]);
		await vi.advanceTimersByTimeAsync(0);
		expect(store.commits).toHaveLength(3);
		expect(store.commits[2].at).toBe(25);
	});
});

describe('[SY12] which write folds', () => {
	it('one fold per commit, none within the interval of the last, the board furthest past the limit first', async () => {
		const w = writer({ busyBoards: 100 });
		const [near, far, farther] = [new Board('near', 500), new Board('far', 520), new Board('farther', 530)];
		write(w, near, far, farther);
		await vi.advanceTimersByTimeAsync(0);
		expect(store.commits[0].folded).toEqual(['farther']);
		// Within the interval: no fold, though two boards are past the limit.
		write(w, near, far);
		await vi.advanceTimersByTimeAsync(0);
		expect(store.commits[1].folded).toEqual([]);
		await vi.advanceTimersByTimeAsync(10);
		write(w, near, far);
		await vi.advanceTimersByTimeAsync(0);
		expect(store.commits[2].folded).toEqual(['far']);
		await vi.advanceTimersByTimeAsync(10);
		write(w, near, far);
		await vi.advanceTimersByTimeAsync(0);
		expect(store.commits[3].folded).toEqual(['near']);
	});

	it('folds asked for (boards gone quiet together) come one per quiet interval, on their own, the most rows first, between other boards\' writes', async () => {
		const w = writer({ busyBoards: 100, quietFoldIntervalMs: 40 });
		const quiet = [new Board('small', 40), new Board('big', 300), new Board('medium', 120)];
		const busy = new Board('busy');
		for (const board of quiet) {
			board.foldAsked = true;
			w.askFold(board);
		}
		write(w, busy);
		await vi.advanceTimersByTimeAsync(0);
		expect(store.commits).toHaveLength(1);
		expect(store.commits[0]).toMatchObject({ boards: ['busy', 'big'], folded: ['big'] });
		// The busy board's next write does not wait; no fold comes with it inside the interval.
		write(w, busy);
		await vi.advanceTimersByTimeAsync(0);
		expect(store.commits[1]).toMatchObject({ boards: ['busy'], folded: [] });
		// A board past the row limit still folds after the (shorter) fold interval.
		const full = new Board('full', 520);
		await vi.advanceTimersByTimeAsync(10);
		write(w, full);
		await vi.advanceTimersByTimeAsync(0);
		expect(store.commits[2]).toMatchObject({ at: 10, boards: ['full'], folded: ['full'] });
		// Nothing else written: the next quiet fold comes on its own once its interval has passed.
		await vi.advanceTimersByTimeAsync(29);
		expect(store.commits).toHaveLength(3);
		await vi.advanceTimersByTimeAsync(1);
		expect(store.commits[3]).toMatchObject({ at: 40, boards: ['medium'], folded: ['medium'] });
		await vi.advanceTimersByTimeAsync(40);
		expect(store.commits[4]).toMatchObject({ at: 80, boards: ['small'], folded: ['small'] });
		await vi.advanceTimersByTimeAsync(200);
		expect(store.commits).toHaveLength(5);
		expect(quiet.map((board) => board.rows)).toEqual([1, 1, 1]);
	});

	it('once drained (shutdown), folds asked for come back to back', async () => {
		const w = writer({ busyBoards: 100, quietFoldIntervalMs: 40 });
		const quiet = boards(3, 50);
		w.drain();
		for (const board of quiet) {
			board.foldAsked = true;
			w.askFold(board);
		}
		await vi.runAllTimersAsync();
		expect(store.commits.map((commit) => commit.folded.length)).toEqual([1, 1, 1]);
		// The clock did not move: no fold waited for an interval.
		expect(store.commits.every((commit) => commit.at === 0)).toBe(true);
	});
});
