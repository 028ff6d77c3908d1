/**
 * One live board: its Y.Doc, the connections on it, and the path of one edit
 * (DESIGN.md): check the sender may write → apply → store → broadcast. The room takes
 * bytes from a `Connection` and knows nothing of websockets (see socket.ts).
 *
 * [SY20] A room is *cold* while nobody writes: it holds the stored document as one update
 * and its Yjs version (state vector and delete set) and answers readers from those bytes. The Y.Doc (≈ 12× the bytes
 * in memory, and most of a big board's load time) is built on the first write or
 * server-side use, and dropped again after `coolAfterMs` without either.
 * Rule ids ([SY…]) refer to PROTOCOL.md.
 */
import * as Y from 'yjs';
import { assignNumbers, itemsMap } from '../../src/lib/board/index';
import { CloseCode } from '../../src/lib/sync/close-codes';
import type { Connection } from './connection';
import { DocAnswers, FullState, isEmptyUpdate, StoredAnswers, type SyncAnswers } from './doc-answers';
import type { DocStore, DocWrite, StoredDoc } from './doc-store';
import { DEFAULT_FLOOD_LIMITS, TokenBucket, type FloodLimits } from './flood-guard';
import { ItemNumberer, type AllocateNumbers } from './item-numberer';
import { consoleLogger, type Logger } from './logger';
import { decodeMessage, encodeSyncUpdate, ProtocolError, type ClientMessage, type Frame } from './protocol';
import { RoomAwareness } from './room-awareness';
import type { UpdateWriter, WriteSource } from './update-writer';

/** Transaction origin of changes the server makes itself (numbers, API actions). */
export const SERVER_ORIGIN = Symbol('planboard.sync.server');
/** [SY12] More stored rows than this and one of the board's next commits folds them into one snapshot (the writer spaces folds). */
export const DEFAULT_COMPACT_AFTER_ROWS = 500;
/** [SY20] A live document nobody wrote to or used for this long is dropped; the room goes cold. */
export const DEFAULT_COOL_AFTER_MS = 10_000;

export interface RoomOptions {
	store: DocStore;
	writer: UpdateWriter;
	allocateNumbers: AllocateNumbers;
	compactAfterRows?: number;
	coolAfterMs?: number;
	flood?: FloodLimits;
	logger?: Logger;
	/** Milliseconds, for the flood guard and awareness heartbeats. */
	now?: () => number;
	/** [SY9] How long clock-only awareness renewals are gathered (default HEARTBEAT_WINDOW_MS). */
	awarenessWindowMs?: number;
	/** The room closed itself (load or storage failure) or was destroyed. */
	onClosed?: (room: Room) => void;
	/** The last connection left. */
	onVacated?: (room: Room) => void;
	/** The room built its live document (after a load, or a cold room's first write). */
	onLive?: (room: Room, doc: Y.Doc) => void;
}

interface Peer {
	bucket: TokenBucket;
}

/** An update the doc emitted, waiting to be stored and then broadcast. */
interface Accepted {
	update: Uint8Array;
	origin: unknown;
}

/**
 * [SY5] Up to this many sockets sending in one commit, each of them gets the others'
 * updates merged into one frame; beyond, one frame per update (k merges of k updates each).
 */
const MERGED_FOR_SENDERS = 4;

function mergeOf(accepted: readonly Accepted[]): Uint8Array {
	return accepted.length === 1 ? accepted[0].update : Y.mergeUpdates(accepted.map((a) => a.update));
}

/** Something that may happen once the doc's first `index` updates are stored. */
interface AfterStored {
	index: number;
	run(): void;
	cancel(error: Error): void;
}

/** A step 2 answer is computed from the doc, which may hold updates not stored yet. */
interface Deferred {
	conn: Connection;
	bytes: Frame;
	index: number;
}

/** A room's document while it is live, and what lives with it. */
interface Live {
	doc: Y.Doc;
	answers: DocAnswers;
	numberer: ItemNumberer;
}

/** The document as one snapshot row ([SY12]): its state as one update, and its version. */
interface Snapshot {
	update: Uint8Array;
	/** `Y.encodeSnapshot` of the document it holds. */
	version: Uint8Array;
}

type State = 'loading' | 'cold' | 'live' | 'closed';

export class Room implements WriteSource {
	/** Resolves once the stored document is known (cold or live); rejects if it could not be loaded. */
	readonly loaded: Promise<void>;
	private live: Live | null = null;
	/** [SY20] The stored document, while the room is cold. */
	private cold: StoredAnswers | null = null;
	private state: State = 'loading';
	private readonly peers = new Map<Connection, Peer>();
	/** [SY3] Frames that arrived before the load, handled in order after it. */
	private readonly early: Array<[Connection, Uint8Array]> = [];
	private pending: Accepted[] = [];
	private inFlight: Accepted[] = [];
	/** The in-flight updates merged into one: what is stored and broadcast. */
	private inFlightMerged: Uint8Array | null = null;
	private inFlightSnapshot = false;
	/** Updates the doc emitted so far, and how many of them are stored. */
	private applied = 0;
	private stored = 0;
	private afterStored: AfterStored[] = [];
	private deferred: Deferred[] = [];
	private storedRows = 0;
	/**
	 * [SY12] A fold asked for (on cooling, at shutdown): the stored rows are to become one
	 * snapshot, with a write the writer picks. Settles once it is stored or failed (for `settled()`).
	 */
	private compaction: { done: Promise<void>; settle(): void } | null = null;
	private itemsAdded = false;
	/** The transaction of the update being applied as it came: what it changed. */
	private lastTransaction: Y.Transaction | null = null;
	/** How the change being made now reaches the store (see `onTransaction`); null: untracked. */
	private capture: 'as-it-came' | 'tracked' | null = null;
	/** Server-side uses in progress (change/read calls, a public room following the board). */
	private uses = 0;
	/** When the live document was last written to or used (performance.now()). */
	private lastActive = 0;
	private coolTimer: ReturnType<typeof setTimeout> | null = null;
	/** Presence needs a Y.Doc only for its client id; a small one outlives the board's. */
	private readonly presenceDoc = new Y.Doc();
	private readonly awareness: RoomAwareness;
	private readonly logger: Logger;
	private readonly now: () => number;

	constructor(
		readonly boardId: string,
		private readonly options: RoomOptions
	) {
		this.logger = options.logger ?? consoleLogger;
		this.now = options.now ?? (() => performance.now());
		this.awareness = new RoomAwareness(this.presenceDoc, (bytes) => this.sendToAll(bytes), this.now, options.awarenessWindowMs);
		this.loaded = this.load();
		// Failures reach the sockets (1011) and callers of change/read; not an unhandled rejection.
		this.loaded.catch(() => undefined);
	}

	get connectionCount(): number {
		return this.peers.size;
	}

	/** Whether the room holds its document as stored bytes only ([SY20]). */
	get isCold(): boolean {
		return this.state === 'cold';
	}

	/** The live document, built now if the room is cold. Only once `loaded` resolved. */
	get doc(): Y.Doc {
		return this.warm().doc;
	}

	/** Whether a server-side use is in progress. */
	get inUse(): boolean {
		return this.uses > 0;
	}

	/** A server-side use begins (Rooms.use): the room stays live until it ends. */
	hold(): void {
		this.uses++;
		this.touch();
	}

	release(): void {
		this.uses--;
		this.touch();
	}

	join(conn: Connection): void {
		if (this.state === 'closed') return conn.close(CloseCode.InternalError, 'room closed');
		this.peers.set(conn, { bucket: new TokenBucket(this.options.flood ?? DEFAULT_FLOOD_LIMITS, this.now) });
		if (this.state === 'cold' || this.state === 'live') this.greet(conn);
	}

	/** The connection is gone (closed by either side); idempotent. */
	leave(conn: Connection): void {
		if (!this.peers.delete(conn)) return;
		this.awareness.remove(conn);
		if (this.peers.size === 0) this.options.onVacated?.(this);
	}

	/** One binary frame from a connection that joined this room. */
	handleMessage(conn: Connection, bytes: Uint8Array): void {
		const peer = this.peers.get(conn);
		if (!peer || this.state === 'closed') return;
		if (!peer.bucket.take()) return this.refuse(conn, CloseCode.RateLimited, 'too many messages');
		if (this.state === 'loading') {
			this.early.push([conn, bytes]);
			return;
		}
		this.process(conn, bytes);
	}

	/** A server-side edit, stored and broadcast like a client's; resolves once stored. */
	async change(fn: (doc: Y.Doc) => void): Promise<void> {
		const doc = await this.liveDoc();
		const before = this.applied;
		this.tracked(() => doc.transact(() => fn(doc), SERVER_ORIGIN));
		if (this.applied > before) await this.whenStored(this.applied);
	}

	async read<T>(fn: (doc: Y.Doc) => T): Promise<T> {
		return fn(await this.liveDoc());
	}

	/** The live document once loaded, built if the room is cold. */
	async liveDoc(): Promise<Y.Doc> {
		await this.loaded;
		this.assertOpen();
		return this.warm().doc;
	}

	/** Resolves when everything applied so far is stored and no numbering is in flight. */
	async settled(): Promise<void> {
		await this.loaded.catch(() => undefined);
		while (this.state !== 'closed') {
			if (this.stored < this.applied) await this.whenStored(this.applied).catch(() => undefined);
			else if (this.compaction) await this.compaction.done;
			else if (this.live?.numberer.busy) await this.live.numberer.idle();
			else return;
		}
	}

	/**
	 * [SY20] Shutdown: a live document stored as several rows becomes one snapshot row, so
	 * the next start loads the board cold. Resolves once stored (or the room closed).
	 */
	async fold(): Promise<void> {
		await this.settled();
		if (this.state !== 'live' || this.storedRows <= 1) return;
		this.askFold();
		await this.settled();
	}

	/** Closes every connection and drops the doc. Call `settled()` first to keep every update. */
	destroy(code: number = CloseCode.Normal, reason = 'room closed'): void {
		this.shutdown(code, reason, new Error(`board ${this.boardId}: ${reason}`));
	}

	// --- loading -------------------------------------------------------------------

	private async load(): Promise<void> {
		try {
			const stored = await this.options.store.load(this.boardId);
			if (this.state === 'closed') throw new Error(`board ${this.boardId} closed while loading`);
			this.storedRows = stored.rows.length;
			if (stored.rows.length === 1) this.becomeCold(stored);
			else this.loadLive(stored.rows);
		} catch (error) {
			if (this.state !== 'closed') {
				this.logger.error(`sync: loading board ${this.boardId} failed`, error);
				this.shutdown(CloseCode.InternalError, 'could not load the board', error as Error);
			}
			throw error;
		}
		for (const conn of this.peers.keys()) this.greet(conn);
		for (const [conn, bytes] of this.early.splice(0)) {
			// A frame may have closed the room.
			if ((this.state as State) === 'closed') break;
			if (this.peers.has(conn)) this.process(conn, bytes);
		}
	}

	/**
	 * [SY20] One stored row is the whole document: keep its bytes, with the version the store
	 * kept beside a snapshot (a board's first row has none; reading it from the bytes costs a
	 * pass over them, still far less than building the doc).
	 */
	private becomeCold({ rows: [row], version }: StoredDoc): void {
		this.cold = StoredAnswers.fromUpdate(row, version);
		this.state = 'cold';
	}

	/**
	 * Several rows (or none): build the doc, all rows in one transaction (Yjs merges structs
	 * and cleans up once, not once per row; Y.mergeUpdates of the rows first is ~10× slower).
	 * [SY12] More rows than the limit are not compacted here: the sockets that waited for
	 * the load get their answers first (the compacting commit of a 10k-row log held the
	 * loop ≈ 60 ms while the joiner's step 2 was still being written). The next commit
	 * compacts, and a room nobody writes to folds its rows when it cools.
	 */
	private loadLive(rows: Uint8Array[]): void {
		const doc = new Y.Doc();
		doc.transact(() => {
			for (const row of rows) Y.applyUpdate(doc, row);
		});
		this.becomeLive(doc);
	}

	/** [SY20] The first write or server-side use of a cold room builds its doc from the stored bytes. */
	private warm(): Live {
		if (this.live) return this.live;
		if (this.state !== 'cold' || !this.cold) throw new Error(`board ${this.boardId} is ${this.state}`);
		const { full } = this.cold;
		const doc = new Y.Doc();
		Y.applyUpdate(doc, full.update);
		this.cold = null;
		return this.becomeLive(doc, full);
	}

	private becomeLive(doc: Y.Doc, full?: FullState): Live {
		const answers = new DocAnswers(doc);
		answers.changed(full);
		const numberer = new ItemNumberer(
			this.boardId,
			doc,
			this.options.allocateNumbers,
			(numbers) => this.tracked(() => assignNumbers(doc, numbers, SERVER_ORIGIN)),
			this.logger
		);
		const live: Live = { doc, answers, numberer };
		this.live = live;
		this.state = 'live';
		doc.on('afterTransaction', this.onTransaction);
		itemsMap(doc).observe(this.onItemsChanged);
		this.touch();
		this.options.onLive?.(this, doc);
		// Items a previous run stored but could not number.
		numberer.request();
		return live;
	}

	/**
	 * [SY20] Nothing happened for a while and everything is stored: keep the document as one
	 * update and its version, and drop the doc. The stored rows become that one
	 * snapshot, so the next load is cold too.
	 */
	private readonly coolWhenIdle = (): void => {
		this.coolTimer = null;
		if (this.state !== 'live') return;
		const wait = this.lastActive + this.coolAfterMs - performance.now();
		if (wait > 0) return this.armCooling(wait);
		// Busy (a write being stored, a use in progress): look again later; release() re-arms too.
		if (!this.idle()) return this.armCooling(this.coolAfterMs);
		const { doc, answers, numberer } = this.live!;
		if (this.storedRows > 1) this.askFold();
		this.live = null;
		numberer.stop();
		doc.off('afterTransaction', this.onTransaction);
		doc.destroy();
		// Both were just computed (or kept since the last change): nothing is encoded twice.
		this.cold = new StoredAnswers(answers.fullState(), answers.version());
		this.state = 'cold';
	};

	/**
	 * Nothing waits to be stored (so no update is pending, in flight or held back for an
	 * answer), compacted or numbered, and no server-side use is in progress.
	 */
	private idle(): boolean {
		return this.uses === 0 && this.stored === this.applied && !this.compaction && !this.live?.numberer.busy;
	}

	private touch(): void {
		this.lastActive = performance.now();
		if (this.state === 'live' && !this.coolTimer) this.armCooling(this.coolAfterMs);
	}

	private armCooling(ms: number): void {
		this.coolTimer = setTimeout(this.coolWhenIdle, ms);
		// A live room must not keep the process alive.
		this.coolTimer.unref?.();
	}

	private get coolAfterMs(): number {
		return this.options.coolAfterMs ?? DEFAULT_COOL_AFTER_MS;
	}

	/**
	 * [SY12] Asks for the stored rows to become one snapshot. The writer spaces folds: boards
	 * that go quiet together (the end of a meeting) no longer fold in one commit, which held
	 * the loop ≈ 1.6 ms per board (bench S5: 239 ms for 149 boards cooling).
	 */
	private askFold(): void {
		if (!this.compaction) {
			let settle!: () => void;
			const done = new Promise<void>((resolve) => (settle = resolve));
			this.compaction = { done, settle };
		}
		this.options.writer.askFold(this);
	}

	/** What is stored, as one snapshot: taken only between commits, when nothing waits to be stored. */
	private storedSnapshot(): Snapshot {
		if (this.live) return snapshotOf(this.live.answers);
		const { full, version } = this.cold!;
		return { update: full.update, version: Y.encodeSnapshot(version) };
	}

	private get compactAfterRows(): number {
		return this.options.compactAfterRows ?? DEFAULT_COMPACT_AFTER_ROWS;
	}

	/** What the room answers now: from the live doc, or from the stored bytes when cold. */
	private get answers(): SyncAnswers {
		return this.live?.answers ?? this.cold!;
	}

	/** [SY3] The server's step 1 (and who is here), sent only once the stored doc is loaded. */
	private greet(conn: Connection): void {
		conn.send(this.answers.step1());
		const states = this.awareness.statesMessage();
		if (states) conn.send(states);
	}

	// --- one frame -----------------------------------------------------------------

	private process(conn: Connection, bytes: Uint8Array): void {
		let message: ClientMessage;
		try {
			message = decodeMessage(bytes);
		} catch (error) {
			return this.refuse(conn, CloseCode.ProtocolError, (error as ProtocolError).message);
		}
		switch (message.kind) {
			case 'sync-step1':
				// [SY4] Held back while the doc holds updates not stored yet.
				return this.sendWhenStored(conn, this.answers.step2(message.stateVector, message.emptyStateVector));
			case 'sync-step2':
			case 'sync-update':
				return this.receiveUpdate(conn, message.update, message.kind);
			case 'awareness':
				return this.awareness.apply(conn, message.update, message.entries);
			case 'query-awareness': {
				const states = this.awareness.statesMessage();
				if (states) conn.send(states);
				return;
			}
		}
	}

	private receiveUpdate(conn: Connection, update: Uint8Array, kind: 'sync-step2' | 'sync-update'): void {
		// A step 2 from a client that has nothing new: y-websocket sends one on every connect.
		if (isEmptyUpdate(update)) return;
		// [SY6] A read-only client answers our step 1 with its own step 2, which holds its whole
		// delete set: fine as long as the document already contains all of it; anything new is
		// refused and never applied. [SY20] A cold room asks the same of every step 2, so a
		// returning client that brings nothing new does not make it build its document.
		if (!conn.canWrite || this.state === 'cold') {
			let known: boolean;
			try {
				known = this.answers.contains(update);
			} catch {
				return this.refuse(conn, CloseCode.ProtocolError, 'undecodable update');
			}
			if (known) return;
			if (!conn.canWrite) return this.refuse(conn, CloseCode.Forbidden, 'read-only connection');
		}
		const { doc } = this.warm();
		try {
			// [SY7] Parse completely first: applyUpdate would integrate the structs before
			// it finds a broken delete set at the end.
			Y.decodeUpdate(update);
		} catch {
			return this.refuse(conn, CloseCode.ProtocolError, 'undecodable update');
		}
		try {
			// [SY5] A step 2 carries the client's whole delete set, and updates Yjs held back for
			// missing parts come out with the update that completes them: what the document
			// gained is then encoded by Yjs. An incremental update is stored as it came.
			if (kind === 'sync-update' && !hasPending(doc)) this.applyAsItCame(doc, update, conn);
			else this.tracked(() => Y.applyUpdate(doc, update, conn));
		} catch (error) {
			// Whatever Yjs integrated before throwing is stored like any edit (applyAsItCame,
			// tracked), so the doc and the store still agree.
			this.logger.warn(`sync: an update to board ${this.boardId} made Yjs throw`, error);
			this.refuse(conn, CloseCode.ProtocolError, 'update rejected');
		}
	}

	private refuse(conn: Connection, code: number, reason: string): void {
		this.logger.warn(`sync: closing a socket of user ${conn.userId} on board ${this.boardId} (${code}): ${reason}`);
		// A close reason must fit in 123 bytes.
		conn.close(code, reason.slice(0, 60));
		this.leave(conn);
	}

	// --- the doc changed -----------------------------------------------------------

	/**
	 * [SY5] Every change to the live doc is stored, then broadcast. Yjs encodes a
	 * transaction's update for its `update` event, which costs more than applying a small
	 * update (≈ 5 µs and 2.8 KB each time, against ≈ 12 µs to apply it), so the room listens to that
	 * event only around changes whose bytes it does not have (`tracked`). A client's
	 * incremental update is kept as it came (`applyAsItCame`). A change made any other way is
	 * still stored, encoded here with the document's whole delete set.
	 */
	private readonly onTransaction = (tx: Y.Transaction): void => {
		if (this.capture === 'as-it-came') this.lastTransaction = tx;
		if (this.capture !== null || !changedDocument(tx)) return;
		this.logger.warn(`sync: board ${this.boardId} changed outside the room's tracked paths; stored with its whole delete set`);
		this.accept(gainedSince(tx), tx.origin);
	};

	/** Runs `fn` with Yjs encoding what each of its transactions changed. */
	private tracked<T>(fn: () => T): T {
		if (this.capture === 'tracked') return fn();
		const { doc } = this.live!;
		this.capture = 'tracked';
		doc.on('update', this.onUpdate);
		try {
			return fn();
		} finally {
			doc.off('update', this.onUpdate);
			this.capture = null;
		}
	}

	/**
	 * [SY5] A client's update as it came is what the document gained, or more (parts it had
	 * already, parts Yjs holds back for missing ones): applying it again changes nothing,
	 * so it is stored and broadcast as it is when it changed anything. Should Yjs throw
	 * halfway, what it integrated is encoded from the transaction instead.
	 */
	private applyAsItCame(doc: Y.Doc, update: Uint8Array, conn: Connection): void {
		this.capture = 'as-it-came';
		this.lastTransaction = null;
		let threw = true;
		try {
			Y.applyUpdate(doc, update, conn);
			threw = false;
		} finally {
			const tx = this.lastTransaction as Y.Transaction | null;
			// Not kept past this call: a transaction holds a dozen maps and sets, which would
			// outlive the young generation's collections.
			this.lastTransaction = null;
			this.capture = null;
			if (tx && changedDocument(tx)) this.accept(threw ? gainedSince(tx) : update, conn);
		}
	}

	private readonly onUpdate = (update: Uint8Array, origin: unknown): void => this.accept(update, origin);

	private accept(update: Uint8Array, origin: unknown): void {
		this.applied++;
		this.pending.push({ update, origin });
		this.live!.answers.changed();
		this.lastActive = performance.now();
		this.options.writer.schedule(this);
	};

	private readonly onItemsChanged = (): void => {
		this.itemsAdded = true;
	};

	// --- storing (called by the UpdateWriter) --------------------------------------

	get rowsToFold(): number {
		if (this.state === 'closed') return 0;
		const rows = this.storedRows + (this.pending.length > 0 ? 1 : 0);
		if (this.compaction) return rows;
		return this.pending.length > 0 && rows > this.compactAfterRows ? rows : 0;
	}

	takeWrite(fold: boolean): DocWrite | null {
		if (this.state === 'closed') return null;
		const folds = fold && this.rowsToFold > 0;
		if (this.pending.length === 0) {
			if (!folds) return null;
			// [SY12] Compaction alone: nothing waits to be stored, so the snapshot is what is stored.
			this.inFlightSnapshot = true;
			const { update, version } = this.storedSnapshot();
			return { boardId: this.boardId, updates: [], snapshot: update, version };
		}
		// Updates are only accepted by a live room.
		const { answers } = this.live!;
		this.inFlight = this.pending;
		this.pending = [];
		// [SY5] Merged once: the row the store keeps, and the frame most sockets receive.
		this.inFlightMerged = mergeOf(this.inFlight);
		const write: DocWrite = { boardId: this.boardId, updates: [this.inFlightMerged] };
		// The store keeps a write as one row; a fold makes it the snapshot of everything.
		this.inFlightSnapshot = folds;
		if (this.inFlightSnapshot) {
			// [SY12] The doc holds exactly what is stored plus this write, so its state is the
			// snapshot (and, encoded once, the answer to the next cold client).
			({ update: write.snapshot, version: write.version } = snapshotOf(answers));
		}
		return write;
	}

	/** [SY5] Stored: now, and only now, the others receive the updates. */
	committed(): void {
		const accepted = this.inFlight;
		const merged = this.inFlightMerged;
		this.inFlight = [];
		this.inFlightMerged = null;
		this.storedRows = this.inFlightSnapshot ? 1 : this.storedRows + 1;
		if (this.inFlightSnapshot) this.endCompaction();
		this.stored += accepted.length;
		if (this.state === 'closed') return;
		if (merged) this.broadcast(accepted, merged);
		this.releaseDeferred();
		this.releaseAfterStored();
		if (this.itemsAdded) {
			this.itemsAdded = false;
			// [SY13] Numbers for new items, once the items themselves are stored.
			this.live?.numberer.request();
		}
	}

	/**
	 * [SY5] One frame per socket for the whole commit: the merged updates, shared by every
	 * socket that sent none of them (a busy board sends a few large frames, not many small
	 * ones to everyone). A socket never gets its own updates back: one that sent some gets
	 * the others' merged, or frame by frame when many sockets sent updates in this commit.
	 */
	private broadcast(accepted: Accepted[], merged: Uint8Array): void {
		const origins = new Set(accepted.map((a) => a.origin));
		// Encoded when a socket needs it: a lone editor's commits go to nobody.
		let toOthers: Uint8Array | null = null;
		let oneByOne: Uint8Array[] | null = null;
		for (const conn of this.peers.keys()) {
			if (!origins.has(conn)) conn.send((toOthers ??= encodeSyncUpdate(merged)));
			else if (origins.size === 1) continue;
			else if (origins.size <= MERGED_FOR_SENDERS) conn.send(encodeSyncUpdate(mergeOf(accepted.filter((a) => a.origin !== conn))));
			else {
				oneByOne ??= accepted.map((a) => encodeSyncUpdate(a.update));
				accepted.forEach((a, i) => a.origin !== conn && conn.send(oneByOne![i]));
			}
		}
	}

	/**
	 * [SY8] The doc now holds updates the store does not. The room closes every socket
	 * (1011) and goes away; the next join loads what is stored, and every client's sync
	 * step 2 sends back what it has that the store lacks.
	 */
	failed(error: unknown): void {
		this.logger.error(
			`sync: storing ${this.inFlight.length} update(s) of board ${this.boardId} failed; closing its sockets so clients resend`,
			error
		);
		this.inFlight = [];
		this.inFlightMerged = null;
		this.shutdown(CloseCode.InternalError, 'storage failed', error instanceof Error ? error : new Error(String(error)));
	}

	// --- helpers -------------------------------------------------------------------

	private whenStored(index: number): Promise<void> {
		if (this.stored >= index) return Promise.resolve();
		if (this.state === 'closed') return Promise.reject(new Error(`board ${this.boardId} is closed`));
		return new Promise((resolve, reject) => this.afterStored.push({ index, run: resolve, cancel: reject }));
	}

	private sendWhenStored(conn: Connection, bytes: Frame): void {
		if (this.stored >= this.applied) conn.send(bytes);
		else this.deferred.push({ conn, bytes, index: this.applied });
	}

	private releaseDeferred(): void {
		if (this.deferred.length === 0) return;
		const waiting: Deferred[] = [];
		for (const entry of this.deferred) {
			if (entry.index > this.stored) waiting.push(entry);
			else if (this.peers.has(entry.conn)) entry.conn.send(entry.bytes);
		}
		this.deferred = waiting;
	}

	private releaseAfterStored(): void {
		if (this.afterStored.length === 0) return;
		const waiting: AfterStored[] = [];
		for (const entry of this.afterStored) {
			if (entry.index > this.stored) waiting.push(entry);
			else entry.run();
		}
		this.afterStored = waiting;
	}

	private sendToAll(bytes: Uint8Array): void {
		for (const conn of this.peers.keys()) conn.send(bytes);
	}

	private endCompaction(): void {
		this.compaction?.settle();
		this.compaction = null;
	}

	private assertOpen(): void {
		if (this.state === 'closed') throw new Error(`board ${this.boardId} is closed`);
	}

	private shutdown(code: number, reason: string, error: Error): void {
		if (this.state === 'closed') return;
		this.state = 'closed';
		if (this.coolTimer) clearTimeout(this.coolTimer);
		const live = this.live;
		this.live = null;
		this.cold = null;
		live?.numberer.stop();
		const peers = [...this.peers.keys()];
		this.peers.clear();
		for (const conn of peers) conn.close(code, reason);
		for (const entry of this.afterStored.splice(0)) entry.cancel(error);
		this.endCompaction();
		this.deferred = [];
		this.pending = [];
		this.early.length = 0;
		this.awareness.destroy();
		this.presenceDoc.destroy();
		if (live) {
			live.doc.off('afterTransaction', this.onTransaction);
			live.doc.destroy();
		}
		this.options.onClosed?.(this);
	}
}

/** Whether a transaction integrated or deleted anything (as Yjs decides whether to emit `update`). */
function changedDocument(tx: Y.Transaction): boolean {
	if (tx.deleteSet.clients.size > 0) return true;
	for (const [client, clock] of tx.afterState) if (tx.beforeState.get(client) !== clock) return true;
	return false;
}

/** Structs a transaction added, with the document's whole delete set (a superset of the transaction's). */
function gainedSince(tx: Y.Transaction): Uint8Array {
	return Y.encodeStateAsUpdate(tx.doc, Y.encodeStateVector(tx.beforeState));
}

/** Whether Yjs holds back parts of earlier updates (waiting for what they build on). */
function hasPending(doc: Y.Doc): boolean {
	return doc.store.pendingStructs !== null || doc.store.pendingDs !== null;
}

/** The live document's full state and version, as a snapshot row stores them. */
function snapshotOf(answers: DocAnswers): Snapshot {
	return { update: answers.fullState().update, version: Y.encodeSnapshot(answers.version()) };
}
