/**
 * One live board: its Y.Doc, the connections on it, and the path of one edit
 * (DESIGN.md): check the sender may write → apply → store → broadcast. The room takes
 * bytes from a `Connection` and knows nothing of websockets (see socket.ts).
 * Rule ids ([SY…]) refer to PROTOCOL.md.
 */
import * as Y from 'yjs';
import { itemsMap } from '../../src/lib/board/index';
import { CloseCode } from '../../src/lib/sync/close-codes';
import type { Connection } from './connection';
import { DocAnswers, isEmptyUpdate } from './doc-answers';
import type { DocStore, DocWrite } from './doc-store';
import { DEFAULT_FLOOD_LIMITS, TokenBucket, type FloodLimits } from './flood-guard';
import { ItemNumberer, type AllocateNumbers } from './item-numberer';
import { consoleLogger, type Logger } from './logger';
import { decodeMessage, encodeSyncUpdate, ProtocolError, type ClientMessage } from './protocol';
import { RoomAwareness } from './room-awareness';
import type { UpdateWriter, WriteSource } from './update-writer';

/** Transaction origin of changes the server makes itself (numbers, API actions). */
export const SERVER_ORIGIN = Symbol('planboard.sync.server');
/** [SY12] More stored rows than this and the next commit folds them into one snapshot. */
export const DEFAULT_COMPACT_AFTER_ROWS = 500;

export interface RoomOptions {
	store: DocStore;
	writer: UpdateWriter;
	allocateNumbers: AllocateNumbers;
	compactAfterRows?: number;
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
}

interface Peer {
	bucket: TokenBucket;
}

/** An update the doc emitted, waiting to be stored and then broadcast. */
interface Accepted {
	update: Uint8Array;
	origin: unknown;
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
	bytes: Uint8Array;
	index: number;
}

type State = 'loading' | 'ready' | 'closed';

export class Room implements WriteSource {
	readonly doc = new Y.Doc();
	/** Resolves once the stored document is in `doc`; rejects if it could not be loaded. */
	readonly loaded: Promise<void>;
	private state: State = 'loading';
	private readonly peers = new Map<Connection, Peer>();
	/** [SY3] Frames that arrived before the load, handled in order after it. */
	private readonly early: Array<[Connection, Uint8Array]> = [];
	private pending: Accepted[] = [];
	private inFlight: Accepted[] = [];
	private inFlightSnapshot = false;
	/** Updates the doc emitted so far, and how many of them are stored. */
	private applied = 0;
	private stored = 0;
	private afterStored: AfterStored[] = [];
	private deferred: Deferred[] = [];
	private storedRows = 0;
	/** [SY12] The state as loaded, when the load found enough rows to compact right away. */
	private loadSnapshot?: Uint8Array;
	/** Settles once that compaction is stored or failed (for `settled()`). */
	private compaction: { done: Promise<void>; settle(): void } | null = null;
	private itemsAdded = false;
	/** Encodings of the current doc, dropped on every change. */
	private readonly answers = new DocAnswers(this.doc);
	private readonly awareness: RoomAwareness;
	private readonly numberer: ItemNumberer;
	private readonly logger: Logger;
	private readonly now: () => number;

	constructor(
		readonly boardId: string,
		private readonly options: RoomOptions
	) {
		this.logger = options.logger ?? consoleLogger;
		this.now = options.now ?? (() => performance.now());
		this.awareness = new RoomAwareness(this.doc, (bytes) => this.sendToAll(bytes), this.now, options.awarenessWindowMs);
		this.numberer = new ItemNumberer(boardId, this.doc, options.allocateNumbers, SERVER_ORIGIN, this.logger);
		this.loaded = this.load();
		// Failures reach the sockets (1011) and callers of change/read; not an unhandled rejection.
		this.loaded.catch(() => undefined);
	}

	get connectionCount(): number {
		return this.peers.size;
	}

	join(conn: Connection): void {
		if (this.state === 'closed') return conn.close(CloseCode.InternalError, 'room closed');
		this.peers.set(conn, { bucket: new TokenBucket(this.options.flood ?? DEFAULT_FLOOD_LIMITS, this.now) });
		if (this.state === 'ready') this.greet(conn);
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
		await this.loaded;
		this.assertOpen();
		const before = this.applied;
		this.doc.transact(() => fn(this.doc), SERVER_ORIGIN);
		if (this.applied > before) await this.whenStored(this.applied);
	}

	async read<T>(fn: (doc: Y.Doc) => T): Promise<T> {
		await this.loaded;
		this.assertOpen();
		return fn(this.doc);
	}

	/** Resolves when everything applied so far is stored and no numbering is in flight. */
	async settled(): Promise<void> {
		await this.loaded.catch(() => undefined);
		while (this.state !== 'closed') {
			if (this.stored < this.applied) await this.whenStored(this.applied).catch(() => undefined);
			else if (this.compaction) await this.compaction.done;
			else if (this.numberer.busy) await this.numberer.idle();
			else return;
		}
	}

	/** Closes every connection and drops the doc. Call `settled()` first to keep every update. */
	destroy(code: number = CloseCode.Normal, reason = 'room closed'): void {
		this.shutdown(code, reason, new Error(`board ${this.boardId}: ${reason}`));
	}

	// --- loading -------------------------------------------------------------------

	private async load(): Promise<void> {
		let rows: Uint8Array[];
		try {
			rows = await this.options.store.load(this.boardId);
			if (this.state === 'closed') throw new Error(`board ${this.boardId} closed while loading`);
			// All rows in one transaction: Yjs merges structs and cleans up once, not once per
			// row (10k rows: ~0.2 s instead of ~0.3 s). Y.mergeUpdates of the rows first is
			// ~10× slower than either.
			this.doc.transact(() => {
				for (const row of rows) Y.applyUpdate(this.doc, row);
			});
		} catch (error) {
			if (this.state !== 'closed') {
				this.logger.error(`sync: loading board ${this.boardId} failed`, error);
				this.shutdown(CloseCode.InternalError, 'could not load the board', error as Error);
			}
			throw error;
		}
		this.storedRows = rows.length;
		this.afterLoad(rows);
		this.doc.on('update', this.onUpdate);
		itemsMap(this.doc).observe(this.onItemsChanged);
		this.state = 'ready';
		for (const conn of this.peers.keys()) this.greet(conn);
		for (const [conn, bytes] of this.early.splice(0)) {
			if (this.state !== 'ready') break;
			if (this.peers.has(conn)) this.process(conn, bytes);
		}
		// Items a previous run stored but could not number.
		this.numberer.request();
	}

	/**
	 * [SY4] A cold client's answer needs the full state: one stored row is exactly that, so
	 * nothing is encoded. [SY12] A load that found more rows than the limit compacts now
	 * (not at the next edit, so later cold loads are one row); its snapshot is that answer.
	 */
	private afterLoad(rows: Uint8Array[]): void {
		if (rows.length === 1) return this.answers.changed(rows[0]);
		if (rows.length <= this.compactAfterRows) return;
		this.loadSnapshot = Y.encodeStateAsUpdate(this.doc);
		this.answers.changed(this.loadSnapshot);
		let settle!: () => void;
		const done = new Promise<void>((resolve) => (settle = resolve));
		this.compaction = { done, settle };
		this.options.writer.schedule(this);
	}

	private get compactAfterRows(): number {
		return this.options.compactAfterRows ?? DEFAULT_COMPACT_AFTER_ROWS;
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
				return this.receiveUpdate(conn, message.update);
			case 'awareness':
				return this.awareness.apply(conn, message.update, message.entries);
			case 'query-awareness': {
				const states = this.awareness.statesMessage();
				if (states) conn.send(states);
				return;
			}
		}
	}

	private receiveUpdate(conn: Connection, update: Uint8Array): void {
		// A step 2 from a client that has nothing new: y-websocket sends one on every connect.
		if (isEmptyUpdate(update)) return;
		if (!conn.canWrite) return this.receiveReadOnly(conn, update);
		try {
			// [SY7] Parse completely first: applyUpdate would integrate the structs before
			// it finds a broken delete set at the end.
			Y.decodeUpdate(update);
		} catch {
			return this.refuse(conn, CloseCode.ProtocolError, 'undecodable update');
		}
		try {
			Y.applyUpdate(this.doc, update, conn);
		} catch (error) {
			// Whatever Yjs integrated before throwing went through onUpdate and is stored
			// like any edit, so the doc and the store still agree.
			this.logger.warn(`sync: an update to board ${this.boardId} made Yjs throw`, error);
			this.refuse(conn, CloseCode.ProtocolError, 'update rejected');
		}
	}

	/**
	 * [SY6] A read-only client answers our step 1 with its own step 2, which holds its whole
	 * delete set: fine as long as the doc already contains all of it. Anything new is refused
	 * and never applied.
	 */
	private receiveReadOnly(conn: Connection, update: Uint8Array): void {
		let known: boolean;
		try {
			known = this.answers.contains(update);
		} catch {
			return this.refuse(conn, CloseCode.ProtocolError, 'undecodable update');
		}
		if (!known) this.refuse(conn, CloseCode.Forbidden, 'read-only connection');
	}

	private refuse(conn: Connection, code: number, reason: string): void {
		this.logger.warn(`sync: closing a socket of user ${conn.userId} on board ${this.boardId} (${code}): ${reason}`);
		// A close reason must fit in 123 bytes.
		conn.close(code, reason.slice(0, 60));
		this.leave(conn);
	}

	// --- the doc changed -----------------------------------------------------------

	private readonly onUpdate = (update: Uint8Array, origin: unknown): void => {
		this.applied++;
		this.pending.push({ update, origin });
		this.answers.changed();
		this.options.writer.schedule(this);
	};

	private readonly onItemsChanged = (): void => {
		this.itemsAdded = true;
	};

	// --- storing (called by the UpdateWriter) --------------------------------------

	takeWrite(): DocWrite | null {
		const loadSnapshot = this.loadSnapshot;
		this.loadSnapshot = undefined;
		if (this.state === 'closed') return null;
		if (this.pending.length === 0) {
			if (!loadSnapshot) return null;
			// [SY12] Compaction after the load: the doc is still exactly what was loaded.
			this.inFlightSnapshot = true;
			return { boardId: this.boardId, updates: [], snapshot: loadSnapshot };
		}
		this.inFlight = this.pending;
		this.pending = [];
		const write: DocWrite = { boardId: this.boardId, updates: this.inFlight.map((a) => a.update) };
		// The store keeps a write as one row.
		this.inFlightSnapshot = this.storedRows + 1 > this.compactAfterRows;
		if (this.inFlightSnapshot) {
			// [SY12] The doc holds exactly what is stored plus this write, so its state is the snapshot.
			write.snapshot = Y.encodeStateAsUpdate(this.doc);
			this.answers.changed(write.snapshot);
		}
		return write;
	}

	/** [SY5] Stored: now, and only now, the others receive the updates. */
	committed(): void {
		const accepted = this.inFlight;
		this.inFlight = [];
		this.storedRows = this.inFlightSnapshot ? 1 : this.storedRows + 1;
		if (this.inFlightSnapshot) this.endCompaction();
		this.stored += accepted.length;
		if (this.state === 'closed') return;
		for (const { update, origin } of accepted) {
			const message = encodeSyncUpdate(update);
			for (const conn of this.peers.keys()) if (conn !== origin) conn.send(message);
		}
		this.releaseDeferred();
		this.releaseAfterStored();
		if (this.itemsAdded) {
			this.itemsAdded = false;
			// [SY13] Numbers for new items, once the items themselves are stored.
			this.numberer.request();
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
		this.shutdown(CloseCode.InternalError, 'storage failed', error instanceof Error ? error : new Error(String(error)));
	}

	// --- helpers -------------------------------------------------------------------

	private whenStored(index: number): Promise<void> {
		if (this.stored >= index) return Promise.resolve();
		if (this.state === 'closed') return Promise.reject(new Error(`board ${this.boardId} is closed`));
		return new Promise((resolve, reject) => this.afterStored.push({ index, run: resolve, cancel: reject }));
	}

	private sendWhenStored(conn: Connection, bytes: Uint8Array): void {
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
		this.loadSnapshot = undefined;
		this.compaction?.settle();
		this.compaction = null;
	}

	private assertOpen(): void {
		if (this.state === 'closed') throw new Error(`board ${this.boardId} is closed`);
	}

	private shutdown(code: number, reason: string, error: Error): void {
		if (this.state === 'closed') return;
		this.state = 'closed';
		this.numberer.stop();
		const peers = [...this.peers.keys()];
		this.peers.clear();
		for (const conn of peers) conn.close(code, reason);
		for (const entry of this.afterStored.splice(0)) entry.cancel(error);
		this.endCompaction();
		this.deferred = [];
		this.pending = [];
		this.early.length = 0;
		this.awareness.destroy();
		this.doc.off('update', this.onUpdate);
		this.doc.destroy();
		this.options.onClosed?.(this);
	}
}
