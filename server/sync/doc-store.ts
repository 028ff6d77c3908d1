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
	 */
	snapshot?: Uint8Array;
}

export interface DocStore {
	/** Every stored row of a board, oldest first; [] for a board with none. */
	load(boardId: string): Promise<Uint8Array[]>;
	/** Applies all writes in one transaction: all of them are stored, or none. */
	commit(writes: readonly DocWrite[]): Promise<void>;
}
