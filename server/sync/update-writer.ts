/**
 * Group commit for every room of the process: the updates that arrive during one tick,
 * whatever their board, are stored in one transaction. One commit is in flight at a
 * time, so a busy server writes bigger batches instead of more of them, and updates of
 * one board are stored in the order they were accepted.
 *
 * Under load from many boards, commits are spaced ([SY5]): after a commit that stored
 * rows for BUSY_BOARDS boards or more, the next one begins COMMIT_WINDOW_MS after it
 * began, not at the next tick (PostgreSQL's commit_delay with commit_siblings is the same
 * idea). A commit stores one row per board, its updates merged, and sends one frame per
 * socket: with 200 boards written ~60 times a second each, nearly every update was a row
 * and a frame of its own, and most of a stored update's cost went to rows (inserting, later
 * folding) and frames (bench S5: 78 % of the core at 12,656 updates/s, 60 % with the
 * window). A server with few busy boards (a meeting on one board) commits every tick.
 *
 * A compaction ([SY12]) deletes hundreds of rows (≈ 2–5 ms for 500); boards written at the
 * same pace reach the row limit together, and boards that go quiet together (the end of a
 * meeting, a shutdown) ask for their folds together. Folding them as they came held the
 * loop for seconds (bench S5: 200 boards), and so did four per commit. So folds are spaced:
 * one per commit at most, and none within FOLD_INTERVAL_MS of the previous fold, the board
 * with the most rows to fold first. A wave of boards then folds over a few seconds (their
 * rows grow a little past the limit meanwhile) and stays spread out. Folds of quiet boards
 * are housekeeping, spaced wider (QUIET_FOLD_INTERVAL_MS): 200 boards going quiet while
 * others were busy took 2–7 ms a fold every 10 ms (bench S5); at shutdown nobody waits,
 * and `drain()` lifts the spacing.
 */
import type { DocStore, DocWrite } from './doc-store';
import type { Logger } from './logger';

/** A room, as far as the writer is concerned. */
export interface WriteSource {
	/**
	 * How many stored rows a fold with the source's next write would replace: after its next
	 * write, if that passes the row limit or the source asked for a fold (0: no fold wanted).
	 */
	readonly rowsToFold: number;
	/**
	 * Hands over everything accepted since the last call (null: nothing to store).
	 * `fold`: the write folds the stored rows, if the source wants a fold.
	 */
	takeWrite(fold: boolean): DocWrite | null;
	/** The write handed over last is stored. */
	committed(): void;
	/** The write handed over last could not be stored. */
	failed(error: unknown): void;
}

export interface UpdateWriterOptions {
	/** A commit with rows for at least this many boards spaces the next one (default BUSY_BOARDS). */
	busyBoards?: number;
	/** How long after a busy commit began the next one may begin (default COMMIT_WINDOW_MS). */
	commitWindowMs?: number;
	/** The least time between folds (default FOLD_INTERVAL_MS). */
	foldIntervalMs?: number;
	/** The least time between folds asked for by quiet boards (default QUIET_FOLD_INTERVAL_MS). */
	quietFoldIntervalMs?: number;
	/** Milliseconds; performance.now() unless a test drives the clock. */
	now?: () => number;
}

export const BUSY_BOARDS = 16;
/**
 * Under load from 200 boards a commit every 15 ms still stores a few updates per row, and
 * leaves most of the 50 ms an update may take to reach readers (bench S5's limit) for
 * whatever else holds the loop: with 25 ms, a 25-ms pause anywhere (a collection, a fold,
 * the scheduler) failed S5's steps, and S5 reached 20,000 updates/s in 3 of 8 runs; with
 * 15 ms in 5 of 6, at a few points more CPU.
 */
export const COMMIT_WINDOW_MS = 15;
/** 100 folds a second keep up with 50,000 stored rows a second, more than one core's worth of updates. */
export const FOLD_INTERVAL_MS = 10;
/** 20 quiet boards' folds a second: 1,000 boards that went quiet together are folded in 50 s. */
export const QUIET_FOLD_INTERVAL_MS = 50;

export class UpdateWriter {
	private readonly dirty = new Set<WriteSource>();
	/** Sources that asked for a fold that was not taken yet. */
	private readonly foldsAsked = new Set<WriteSource>();
	private scheduled = false;
	private foldTimer: ReturnType<typeof setTimeout> | null = null;
	private running = false;
	/** When the last commit that stored rows for BUSY_BOARDS boards or more began. */
	private lastBusyCommit = -Infinity;
	private lastFold = -Infinity;
	private lastQuietFold = -Infinity;
	private readonly busyBoards: number;
	private readonly commitWindowMs: number;
	private foldIntervalMs: number;
	private quietFoldIntervalMs: number;
	private readonly now: () => number;

	constructor(
		private readonly store: DocStore,
		private readonly logger: Logger,
		options: UpdateWriterOptions = {}
	) {
		this.busyBoards = options.busyBoards ?? BUSY_BOARDS;
		this.commitWindowMs = options.commitWindowMs ?? COMMIT_WINDOW_MS;
		this.foldIntervalMs = options.foldIntervalMs ?? FOLD_INTERVAL_MS;
		this.quietFoldIntervalMs = options.quietFoldIntervalMs ?? QUIET_FOLD_INTERVAL_MS;
		this.now = options.now ?? (() => performance.now());
	}

	/** Asks for the source's writes to be stored: at the end of this tick, or when the commit window ends. */
	schedule(source: WriteSource): void {
		this.dirty.add(source);
		this.arm();
	}

	/** Asks for the source's stored rows to be folded: with one of its writes, or on their own, spaced as quiet boards' folds. */
	askFold(source: WriteSource): void {
		this.foldsAsked.add(source);
		this.arm();
	}

	/** The process is shutting down: folds asked for from now on are not spaced (nobody is served). */
	drain(): void {
		this.foldIntervalMs = 0;
		this.quietFoldIntervalMs = 0;
	}

	private arm(): void {
		if (this.running) return;
		if (this.dirty.size > 0) {
			if (this.scheduled) return;
			this.scheduled = true;
			const wait = this.lastBusyCommit + this.commitWindowMs - this.now();
			if (wait > 0) setTimeout(() => void this.run(), wait);
			// setImmediate runs after the I/O callbacks of this loop turn: every frame that
			// arrived with this one is already applied and joins the same transaction.
			else setImmediate(() => void this.run());
		} else if (this.foldsAsked.size > 0 && !this.scheduled && !this.foldTimer) {
			// Nothing but folds to do: the next once the intervals since the last folds have passed.
			// A write meanwhile does not wait for this timer; its commit takes the fold if it is due.
			const wait =
				Math.max(this.lastFold + this.foldIntervalMs, this.lastQuietFold + this.quietFoldIntervalMs, this.lastBusyCommit + this.commitWindowMs) -
				this.now();
			this.foldTimer = setTimeout(() => {
				this.foldTimer = null;
				if (!this.running && !this.scheduled) void this.run();
			}, Math.max(0, wait));
		}
	}

	private async run(): Promise<void> {
		this.scheduled = false;
		this.running = true;
		try {
			const batch = this.takeBatch();
			if (batch.length > 0) await this.commit(batch);
		} finally {
			this.running = false;
		}
		// What arrived while the commit was in flight, and folds still to come.
		this.arm();
	}

	private takeBatch(): Array<[WriteSource, DocWrite]> {
		const began = this.now();
		const batch: Array<[WriteSource, DocWrite]> = [];
		const folding = began - this.lastFold >= this.foldIntervalMs ? this.nextFold(began - this.lastQuietFold >= this.quietFoldIntervalMs) : null;
		// A source whose fold was asked for writes in this commit even with nothing new.
		if (folding) this.dirty.add(folding);
		for (const source of this.dirty) {
			const write = source.takeWrite(source === folding);
			if (!write) continue;
			batch.push([source, write]);
			if (write.snapshot) {
				this.lastFold = began;
				if (this.foldsAsked.delete(source)) this.lastQuietFold = began;
			}
		}
		this.dirty.clear();
		if (batch.length >= this.busyBoards) this.lastBusyCommit = began;
		return batch;
	}

	/**
	 * The source with the most rows to fold (none: null), among those written past the row
	 * limit and, when `quietDue`, those that asked.
	 */
	private nextFold(quietDue: boolean): WriteSource | null {
		let most: WriteSource | null = null;
		for (const source of this.foldsAsked) {
			// Folded meanwhile with a write of its own, or gone.
			if (source.rowsToFold === 0) this.foldsAsked.delete(source);
			else if (quietDue && source.rowsToFold > (most?.rowsToFold ?? 0)) most = source;
		}
		for (const source of this.dirty) {
			if ((quietDue || !this.foldsAsked.has(source)) && source.rowsToFold > (most?.rowsToFold ?? 0)) most = source;
		}
		return most;
	}

	private async commit(batch: Array<[WriteSource, DocWrite]>): Promise<void> {
		try {
			await this.store.commit(batch.map(([, write]) => write));
		} catch (error) {
			if (batch.length === 1) return this.notify(batch[0][0], false, error);
			// One board's failure (say, deleted meanwhile) must not fail every other board:
			// the batch rolled back as a whole, so store each write on its own.
			this.logger.warn('sync: batched commit failed, retrying board by board', error);
			for (const [source, write] of batch) {
				try {
					await this.store.commit([write]);
					this.notify(source, true);
				} catch (single) {
					this.notify(source, false, single);
				}
			}
			return;
		}
		for (const [source] of batch) this.notify(source, true);
	}

	private notify(source: WriteSource, stored: boolean, error?: unknown): void {
		try {
			if (stored) source.committed();
			else source.failed(error);
		} catch (callbackError) {
			this.logger.error('sync: a room failed to handle its commit result', callbackError);
		}
	}
}
