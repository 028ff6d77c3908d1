/**
 * Where board documents live between restarts: an append-only log of Yjs updates per
 * board, folded into one snapshot row now and then. Any implementation must pass
 * tests/unit/sync/doc-store-contract.ts.
 */

export interface DocWrite {
	boardId: string;
	/**
	 * Yjs (v1) updates to append, in order. The store may keep them as one merged row:
	 * what a load gives back replays to the same document, not the same bytes.
	 */
	updates: readonly Uint8Array[];
	/**
	 * When set: after appending, every stored row of the board is replaced by this one
	 * update, which must contain everything stored for the board so far (compaction).
	 * A snapshot with no updates changes no content: it keeps the date of the newest row it
	 * replaces, so what compares dates with the document (the items projection) sees no change.
	 */
	snapshot?: Uint8Array;
	/** The snapshot's Yjs version (`Y.encodeSnapshot`), kept with it (see StoredDoc.version). */
	version?: Uint8Array;
}

export interface StoredDoc {
	/** Every stored row of the board, oldest first; [] for a board with none. */
	rows: Uint8Array[];
	/**
	 * The Yjs version (`Y.encodeSnapshot`: state vector and delete set) of the whole stored
	 * document, when the store kept one with its only row (a snapshot): a cold room answers
	 * with it without building the doc ([SY20]). Absent otherwise.
	 */
	version?: Uint8Array;
}

export interface DocStore {
	load(boardId: string): Promise<StoredDoc>;
	/** Applies all writes in one transaction: all of them are stored, or none. */
	commit(writes: readonly DocWrite[]): Promise<void>;
}
