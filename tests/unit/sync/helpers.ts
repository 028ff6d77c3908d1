/**
 * What the sync unit tests share: a real libSQL file per test, and an in-memory client
 * that behaves like y-websocket's WebsocketProvider on the other end of a Connection.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as syncProtocol from 'y-protocols/sync';
import * as Y from 'yjs';
import { openDatabase, type Database } from '../../../server/db/client';
import type { Connection } from '../../../server/sync/connection';
import type { DocStore, DocWrite, StoredDoc } from '../../../server/sync/doc-store';
import { LibsqlDocStore } from '../../../server/sync/libsql-doc-store';
import type { Logger } from '../../../server/sync/logger';
import { MessageType, wholeFrame, type Frame } from '../../../server/sync/protocol';

export interface TempDatabase {
	database: Database;
	path: string;
	cleanup(): void;
}

export async function tempDatabase(): Promise<TempDatabase> {
	const dir = mkdtempSync(join(tmpdir(), 'planboard-sync-'));
	const path = join(dir, 'test.db');
	const database = await openDatabase('file:' + path);
	return {
		database,
		path,
		cleanup() {
			database.close();
			rmSync(dir, { recursive: true, force: true });
		}
	};
}

export async function insertBoard(database: Database, id: string, prefix = 'PB'): Promise<void> {
	await database.client.execute({ sql: 'INSERT INTO boards (id, title, prefix) VALUES (?, ?, ?)', args: [id, `board ${id}`, prefix] });
}

/** The counter the lead's board service keeps: one atomic UPDATE … RETURNING. */
export function sqlAllocator(database: Database) {
	const calls: Array<{ boardId: string; count: number }> = [];
	async function allocateNumbers(boardId: string, count: number): Promise<number[]> {
		calls.push({ boardId, count });
		const result = await database.client.execute({
			sql: 'UPDATE boards SET next_number = next_number + ? WHERE id = ? RETURNING next_number',
			args: [count, boardId]
		});
		const next = Number(result.rows[0][0]);
		return Array.from({ length: count }, (_, i) => next - count + i);
	}
	return { allocateNumbers, calls };
}

/**
 * The libSQL store, plus a record of what it acknowledged: a test can ask, at the moment a
 * client receives an update, whether the store had already committed it.
 */
export class RecordingStore implements DocStore {
	readonly committed: Uint8Array[] = [];
	readonly inner: LibsqlDocStore;

	constructor(database: Database) {
		this.inner = new LibsqlDocStore(database.sql);
	}

	load(boardId: string): Promise<StoredDoc> {
		return this.inner.load(boardId);
	}

	async commit(writes: readonly DocWrite[]): Promise<void> {
		await this.inner.commit(writes);
		for (const write of writes) this.committed.push(...write.updates);
	}

	hasCommitted(update: Uint8Array): boolean {
		return this.committed.some((stored) => equalBytes(stored, update));
	}
}

export function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
	return a.length === b.length && a.every((byte, i) => byte === b[i]);
}

export const quietLogger: Logger & { errors: unknown[][]; warnings: unknown[][] } = {
	errors: [],
	warnings: [],
	warn(...args) {
		quietLogger.warnings.push(args);
	},
	error(...args) {
		quietLogger.errors.push(args);
	}
};

/** A decoded frame as a client sees it. */
export type Received =
	| { kind: 'step1'; payload: Uint8Array }
	| { kind: 'step2'; payload: Uint8Array }
	| { kind: 'update'; payload: Uint8Array }
	| { kind: 'awareness'; payload: Uint8Array }
	| { kind: 'other'; payload: Uint8Array };

export function decodeReceived(bytes: Uint8Array): Received {
	const decoder = decoding.createDecoder(bytes);
	const type = decoding.readVarUint(decoder);
	if (type === MessageType.Awareness) return { kind: 'awareness', payload: decoding.readVarUint8Array(decoder) };
	if (type !== MessageType.Sync) return { kind: 'other', payload: bytes };
	const step = decoding.readVarUint(decoder);
	const payload = decoding.readVarUint8Array(decoder);
	return { kind: step === 0 ? 'step1' : step === 1 ? 'step2' : 'update', payload };
}

interface RoomLike {
	join(conn: Connection): void;
	leave(conn: Connection): void;
	handleMessage(conn: Connection, bytes: Uint8Array): void;
}

/**
 * A client like y-websocket's provider, over an in-memory connection: step 1 and its
 * awareness on connect, every local update sent, server messages answered. Frames to the
 * room go synchronously (like ws.send); frames from the room are handled a microtask
 * later, as a network would.
 */
export class FakeClient implements Connection {
	readonly doc: Y.Doc;
	readonly awareness: awarenessProtocol.Awareness;
	readonly received: Received[] = [];
	closed: { code: number; reason: string } | null = null;
	synced = false;
	/** Runs synchronously when a frame arrives, before the client handles it. */
	onReceive: ((message: Received) => void) | null = null;
	canWrite: boolean;
	readonly userId: string;
	readonly sessionId: string | null;

	constructor(
		private readonly room: RoomLike,
		options: { canWrite?: boolean; userId?: string; doc?: Y.Doc } = {}
	) {
		this.canWrite = options.canWrite ?? true;
		this.userId = options.userId ?? 'user-1';
		this.sessionId = `session-${this.userId}`;
		this.doc = options.doc ?? new Y.Doc();
		this.awareness = new awarenessProtocol.Awareness(this.doc);
		this.doc.on('update', (update: Uint8Array, origin: unknown) => {
			if (origin === this || this.closed) return;
			const encoder = encoding.createEncoder();
			encoding.writeVarUint(encoder, MessageType.Sync);
			syncProtocol.writeUpdate(encoder, update);
			this.sendRaw(encoding.toUint8Array(encoder));
		});
	}

	connect(): this {
		this.room.join(this);
		const encoder = encoding.createEncoder();
		encoding.writeVarUint(encoder, MessageType.Sync);
		syncProtocol.writeSyncStep1(encoder, this.doc);
		this.sendRaw(encoding.toUint8Array(encoder));
		return this;
	}

	/** Publishes the local awareness state, as the provider does on every change. */
	announce(state: Record<string, unknown> | null): void {
		this.awareness.setLocalState(state);
		this.sendRaw(awarenessFrame(this.awareness, [this.doc.clientID]));
	}

	sendRaw(bytes: Uint8Array): void {
		if (!this.closed) this.room.handleMessage(this, bytes);
	}

	disconnect(): void {
		this.closed ??= { code: 1000, reason: 'client left' };
		this.room.leave(this);
		this.awareness.destroy();
	}

	// Connection, as the room sees it:
	send(frame: Frame): void {
		if (this.closed) return;
		const bytes = wholeFrame(frame);
		const message = decodeReceived(bytes);
		this.received.push(message);
		this.onReceive?.(message);
		queueMicrotask(() => this.handle(bytes));
	}

	close(code: number, reason: string): void {
		this.closed ??= { code, reason };
		this.awareness.destroy();
	}

	count(kind: Received['kind']): number {
		return this.received.filter((m) => m.kind === kind).length;
	}

	private handle(bytes: Uint8Array): void {
		if (this.closed) return;
		const decoder = decoding.createDecoder(bytes);
		const type = decoding.readVarUint(decoder);
		if (type === MessageType.Sync) {
			const encoder = encoding.createEncoder();
			encoding.writeVarUint(encoder, MessageType.Sync);
			const step = syncProtocol.readSyncMessage(decoder, encoder, this.doc, this);
			if (step === syncProtocol.messageYjsSyncStep2) this.synced = true;
			if (encoding.length(encoder) > 1) this.sendRaw(encoding.toUint8Array(encoder));
		} else if (type === MessageType.Awareness) {
			awarenessProtocol.applyAwarenessUpdate(this.awareness, decoding.readVarUint8Array(decoder), this);
		}
	}
}

export function awarenessFrame(awareness: awarenessProtocol.Awareness, clients: number[]): Uint8Array {
	const encoder = encoding.createEncoder();
	encoding.writeVarUint(encoder, MessageType.Awareness);
	encoding.writeVarUint8Array(encoder, awarenessProtocol.encodeAwarenessUpdate(awareness, clients));
	return encoding.toUint8Array(encoder);
}

/** Lets queued microtasks and immediates (the writer's tick) run. */
export async function turns(count = 5): Promise<void> {
	for (let i = 0; i < count; i++) await new Promise((resolve) => setImmediate(resolve));
}

/** The board content that matters for equality, independent of encoding. */
export function content(doc: Y.Doc): unknown {
	return {
		meta: doc.getMap('meta').toJSON(),
		items: doc.getMap('items').toJSON(),
		areas: doc.getMap('areas').toJSON()
	};
}

/** A doc rebuilt from everything a store holds for a board. */
export async function docFromStore(store: DocStore, boardId: string): Promise<Y.Doc> {
	const doc = new Y.Doc();
	for (const row of (await store.load(boardId)).rows) Y.applyUpdate(doc, row);
	return doc;
}
