/**
 * What a room answers about its document, shared by board rooms and public rooms: its
 * step 1, step 2 answers ([SY4]) and whether an update is already in it ([SY6]). The
 * encodings are computed at most once per change of the document.
 */
import * as Y from 'yjs';
import { encodeSyncStep1, encodeSyncStep2 } from './protocol';

export class DocAnswers {
	private step1Frame?: Uint8Array;
	private fullStateFrame?: Uint8Array;
	private snapshot?: Y.Snapshot;

	constructor(private readonly doc: Y.Doc) {}

	/** The document changed; `fullState` is its new state when the caller already encoded it. */
	changed(fullState?: Uint8Array): void {
		this.step1Frame = undefined;
		this.snapshot = undefined;
		this.fullStateFrame = fullState && encodeSyncStep2(fullState);
	}

	/** [SY3] The server's step 1. */
	step1(): Uint8Array {
		return (this.step1Frame ??= encodeSyncStep1(Y.encodeStateVector(this.doc)));
	}

	/** [SY4] A step 2 for a client's state vector; the answer to a cold client is shared. */
	step2(stateVector: Uint8Array, empty: boolean): Uint8Array {
		return empty
			? (this.fullStateFrame ??= encodeSyncStep2(Y.encodeStateAsUpdate(this.doc)))
			: encodeSyncStep2(Y.encodeStateAsUpdate(this.doc, stateVector));
	}

	/**
	 * [SY6] Whether the document already holds everything in an update, deletions included
	 * (a client's step 2 carries its whole delete set). Throws on an update that does not parse.
	 */
	contains(update: Uint8Array): boolean {
		return Y.snapshotContainsUpdate((this.snapshot ??= Y.snapshot(this.doc)), update);
	}
}

/** The step 2 y-websocket sends on every connect when it has nothing the server lacks. */
export function isEmptyUpdate(update: Uint8Array): boolean {
	return update.length === 2 && update[0] === 0 && update[1] === 0;
}
