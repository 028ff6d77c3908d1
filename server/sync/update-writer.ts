/**
 * Group commit for every room of the process: the updates that arrive during one tick,
 * whatever their board, are stored in one transaction. One commit is in flight at a
 * time, so a busy server writes bigger batches instead of more of them, and updates of
 * one board are stored in the order they were accepted.
 *
 * A compaction ([SY12]) deletes hundreds of rows; boards written at the same pace reach the
 * row limit together, and one commit compacting all of them held the loop for hundreds
 * of milliseconds (bench S5: 200 boards). So a commit folds at most a few boards because
 * they reached the limit; the others fold at one of their next writes.
 */
import type { DocStore, DocWrite } from './doc-store';
import type { Logger } from './logger';

/** A room, as far as the writer is concerned. */
export interface WriteSource {
	/**
	 * Hands over everything accepted since the last call (null: nothing to store).
	 * `mayCompact`: whether the write may fold the stored rows because there are too many
	 * (a snapshot the source was asked to store is always taken).
	 */
	takeWrite(mayCompact: boolean): DocWrite | null;
	/** The write handed over last is stored. */
	committed(): void;
	/** The write handed over last could not be stored. */
	failed(error: unknown): void;
}

/** Once a commit holds this many snapshots, no more sources in it may fold for having reached the row limit (snapshots asked for are always taken, and count). */
export const COMPACTIONS_PER_COMMIT = 4;

export class UpdateWriter {
	private readonly dirty = new Set<WriteSource>();
	private scheduled = false;
	private running = false;

	constructor(
		private readonly store: DocStore,
		private readonly logger: Logger,
		private readonly compactionsPerCommit = COMPACTIONS_PER_COMMIT
	) {}

	/** Asks for the source's writes to be stored at the end of this tick. */
	schedule(source: WriteSource): void {
		this.dirty.add(source);
		if (this.scheduled || this.running) return;
		this.scheduled = true;
		// setImmediate runs after the I/O callbacks of this loop turn: every frame that
		// arrived with this one is already applied and joins the same transaction.
		setImmediate(() => void this.run());
	}

	private async run(): Promise<void> {
		this.scheduled = false;
		this.running = true;
		try {
			while (this.dirty.size > 0) {
				const batch: Array<[WriteSource, DocWrite]> = [];
				let snapshots = 0;
				for (const source of this.dirty) {
					const write = source.takeWrite(snapshots < this.compactionsPerCommit);
					if (!write) continue;
					batch.push([source, write]);
					if (write.snapshot) snapshots++;
				}
				this.dirty.clear();
				if (batch.length > 0) await this.commit(batch);
			}
		} finally {
			this.running = false;
		}
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
