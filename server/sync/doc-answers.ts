/**
 * What a room answers about its document: its step 1 and step 2 answers ([SY4]), and for a
 * live document whether an update is already in it ([SY6]). A live document's encodings
 * are computed at most once per change; a cold room ([SY20]) answers from the stored bytes
 * without building a document. Shared by board rooms and public rooms.
 */
import * as Y from 'yjs';
import { encodeSyncStep1, encodeSyncStep2, splitSyncStep2, type Frame, type SplitFrame } from './protocol';

export interface SyncAnswers {
	/** [SY3] The server's step 1. */
	step1(): Uint8Array;
	/** [SY4] A step 2 for a client's state vector; the answer to a cold client is shared. */
	step2(stateVector: Uint8Array, empty: boolean): Frame;
	/**
	 * [SY6] Whether the document already holds everything in an update, deletions included
	 * (a client's step 2 carries its whole delete set). Throws on an update that does not parse.
	 */
	contains(update: Uint8Array): boolean;
}

/** A document's full state as one update, and the step 2 frame that carries it (the same bytes, not a copy). */
export class FullState {
	readonly frame: SplitFrame;

	constructor(readonly update: Uint8Array) {
		this.frame = splitSyncStep2(update);
	}
}

/** Answers from a live Y.Doc. */
export class DocAnswers implements SyncAnswers {
	private step1Frame?: Uint8Array;
	private full?: FullState;
	private snapshot?: Y.Snapshot;

	constructor(private readonly doc: Y.Doc) {}

	/** The document changed; `full` is its new state when the caller already has it. */
	changed(full?: FullState): void {
		this.step1Frame = undefined;
		this.snapshot = undefined;
		this.full = full;
	}

	step1(): Uint8Array {
		return (this.step1Frame ??= encodeSyncStep1(Y.encodeStateVector(this.doc)));
	}

	step2(stateVector: Uint8Array, empty: boolean): Frame {
		return empty ? this.fullState().frame : encodeSyncStep2(Y.encodeStateAsUpdate(this.doc, stateVector));
	}

	/** The document's full state, encoded once per change. */
	fullState(): FullState {
		return (this.full ??= new FullState(Y.encodeStateAsUpdate(this.doc)));
	}

	contains(update: Uint8Array): boolean {
		return Y.snapshotContainsUpdate(this.version(), update);
	}

	/** The document's Yjs version (state vector and delete set), once per change. */
	version(): Y.Snapshot {
		return (this.snapshot ??= Y.snapshot(this.doc));
	}
}

/**
 * [SY20] Answers of a cold room: the whole stored document as one update, and its Yjs
 * version (state vector and delete set). A cold client gets the stored bytes as they are;
 * any other state vector gets `Y.diffUpdate` of them, which reads the bytes without
 * building a document; whether an update is already contained needs only the version.
 */
export class StoredAnswers implements SyncAnswers {
	private readonly step1Frame: Uint8Array;

	constructor(
		readonly full: FullState,
		readonly version: Y.Snapshot
	) {
		this.step1Frame = encodeSyncStep1(Y.encodeStateVector(version.sv));
	}

	/** Without a stored version (a board's first row): read it from the bytes, one pass each. */
	static fromUpdate(update: Uint8Array, version?: Uint8Array): StoredAnswers {
		const known = version
			? Y.decodeSnapshot(version)
			: Y.createSnapshot(Y.decodeUpdate(update).ds, Y.decodeStateVector(Y.encodeStateVectorFromUpdate(update)));
		return new StoredAnswers(new FullState(update), known);
	}

	step1(): Uint8Array {
		return this.step1Frame;
	}

	step2(stateVector: Uint8Array, empty: boolean): Frame {
		return empty ? this.full.frame : encodeSyncStep2(Y.diffUpdate(this.full.update, stateVector));
	}

	/** [SY6] As DocAnswers.contains. */
	contains(update: Uint8Array): boolean {
		return Y.snapshotContainsUpdate(this.version, update);
	}
}

/** The step 2 y-websocket sends on every connect when it has nothing the server lacks. */
export function isEmptyUpdate(update: Uint8Array): boolean {
	return update.length === 2 && update[0] === 0 && update[1] === 0;
}
