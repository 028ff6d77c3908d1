/**
 * Group commit for every room of the process: the updates that arrive during one tick,
 * whatever their board, are stored in one transaction. One commit is in flight at a
 * time, so a busy server writes bigger batches instead of more of them, and updates of
 * one board are stored in the order they were accepted.
 */
import type { DocStore, DocWrite } from './doc-store';
import type { Logger } from './logger';

/** A room, as far as the writer is concerned. */
export interface WriteSource {
	/** Hands over everything accepted since the last call (null: nothing to store). */
	takeWrite(): DocWrite | null;
	/** The write handed over last is stored. */
	committed(): void;
	/** The write handed over last could not be stored. */
	failed(error: unknown): void;
}

export class UpdateWriter {
	private readonly dirty = new Set<WriteSource>();
	private scheduled = false;
	private running = false;

	constructor(
		private readonly store: DocStore,
		private readonly logger: Logger
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
				for (const source of this.dirty) {
					const write = source.takeWrite();
					if (write) batch.push([source, write]);
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
