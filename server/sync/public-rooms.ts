/**
 * The public progress board's live document ([SY16]–[SY19] in PROTOCOL.md): a Y.Doc
 * derived from the board that holds only the fields a lead published. It is never stored
 * and never receives anything from its sockets; the private document never reaches them.
 */
import * as Y from 'yjs';
import { projectPublic, writePublicDoc, type PublicBoard, type PublicField } from '../../src/lib/board/index';
import { CloseCode } from '../../src/lib/sync/close-codes';
import type { Connection } from './connection';
import type { Logger } from './logger';
import { decodeMessage, encodeSyncStep1, encodeSyncStep2, encodeSyncUpdate, ProtocolError } from './protocol';
import type { Room } from './room';
import type { Rooms } from './rooms';

export interface PublicView {
	fields: PublicField[];
	ownerNames: ReadonlyMap<string, string>;
}

export type PublicViewSource = (boardId: string) => Promise<PublicView | null>;

/** [SY17] Under a stream of edits the projection runs at most this often. */
export const PUBLIC_REPROJECT_MS = 100;
const PUBLIC_ORIGIN = Symbol('planboard.sync.public');

export function project(doc: Y.Doc, view: PublicView): PublicBoard {
	return projectPublic(doc, view.fields, view.ownerNames);
}

class PublicRoom {
	readonly doc = new Y.Doc();
	private readonly conns = new Set<Connection>();
	private readonly early: Array<[Connection, Uint8Array]> = [];
	private view: PublicView | null = null;
	private board: Room | null = null;
	private ready = false;
	private closed = false;
	private release: () => void = () => undefined;
	private timer: ReturnType<typeof setTimeout> | null = null;
	private lastProjection = 0;
	unloadTimer: ReturnType<typeof setTimeout> | null = null;

	constructor(
		readonly boardId: string,
		private readonly rooms: Rooms,
		private readonly publicView: PublicViewSource,
		private readonly logger: Logger,
		private readonly onClosed: (room: PublicRoom) => void
	) {
		this.doc.on('update', (update: Uint8Array) => this.sendToAll(encodeSyncUpdate(update)));
		// [SY16] The board room stays loaded as long as someone watches its public page.
		void rooms
			.use(boardId, async (room) => {
				await room.loaded;
				this.board = room;
				this.view = await publicView(boardId);
				if (!this.view || this.closed) return this.close(CloseCode.NotFound, 'not public');
				this.reproject();
				room.doc.on('update', this.onBoardUpdate);
				this.ready = true;
				for (const conn of this.conns) this.greet(conn);
				for (const [conn, bytes] of this.early.splice(0)) this.handleMessage(conn, bytes);
				await new Promise<void>((resolve) => (this.release = resolve));
				room.doc.off('update', this.onBoardUpdate);
			})
			.catch((error) => {
				this.logger.error(`sync: public board ${boardId} failed`, error);
				this.close(CloseCode.InternalError, 'could not load the board');
			});
	}

	get size(): number {
		return this.conns.size;
	}

	join(conn: Connection): void {
		if (this.closed) return conn.close(CloseCode.NotFound, 'not public');
		this.conns.add(conn);
		if (this.ready) this.greet(conn);
	}

	leave(conn: Connection): void {
		this.conns.delete(conn);
	}

	/** [SY18] Watchers only read: their step 1 is answered; anything they would write closes them. */
	handleMessage(conn: Connection, bytes: Uint8Array): void {
		if (!this.conns.has(conn)) return;
		if (!this.ready) {
			this.early.push([conn, bytes]);
			return;
		}
		let message;
		try {
			message = decodeMessage(bytes);
		} catch (error) {
			if (error instanceof ProtocolError) return this.drop(conn, CloseCode.ProtocolError, error.message);
			throw error;
		}
		switch (message.kind) {
			case 'sync-step1':
				return conn.send(encodeSyncStep2(Y.encodeStateAsUpdate(this.doc, message.stateVector)));
			case 'sync-step2':
				// A fresh watcher answers our step 1 with an empty doc; anything else is a write.
				if (!isEmptyUpdate(message.update)) this.drop(conn, CloseCode.Forbidden, 'public board is read-only');
				return;
			case 'sync-update':
				return this.drop(conn, CloseCode.Forbidden, 'public board is read-only');
			case 'awareness':
			case 'query-awareness':
				// Anonymous watchers have no presence, and learn nobody else's.
				return;
		}
	}

	/** Fields or names changed, or the page was turned off. */
	async refresh(): Promise<void> {
		const view = await this.publicView(this.boardId);
		if (!view) return this.close(CloseCode.NotFound, 'not public');
		this.view = view;
		if (this.ready) this.reproject();
	}

	close(code: number, reason: string): void {
		if (this.closed) return;
		this.closed = true;
		if (this.timer) clearTimeout(this.timer);
		if (this.unloadTimer) clearTimeout(this.unloadTimer);
		for (const conn of [...this.conns]) conn.close(code, reason);
		this.conns.clear();
		this.release();
		this.doc.destroy();
		this.onClosed(this);
	}

	private greet(conn: Connection): void {
		conn.send(encodeSyncStep1(Y.encodeStateVector(this.doc)));
	}

	private drop(conn: Connection, code: number, reason: string): void {
		this.conns.delete(conn);
		conn.close(code, reason);
	}

	/** [SY17] The first edit after a quiet spell goes out at once; a stream is coalesced. */
	private readonly onBoardUpdate = (): void => {
		if (this.timer) return;
		const wait = Math.max(0, this.lastProjection + PUBLIC_REPROJECT_MS - performance.now());
		this.timer = setTimeout(() => {
			this.timer = null;
			this.reproject();
		}, wait);
	};

	private reproject(): void {
		if (this.closed || !this.board || !this.view) return;
		this.lastProjection = performance.now();
		writePublicDoc(this.doc, project(this.board.doc, this.view), PUBLIC_ORIGIN);
	}

	private sendToAll(bytes: Uint8Array): void {
		for (const conn of this.conns) conn.send(bytes);
	}
}

function isEmptyUpdate(update: Uint8Array): boolean {
	const { structs, ds } = Y.decodeUpdate(update);
	return structs.length === 0 && ds.clients.size === 0;
}

/** The public rooms of the process, one per watched public board. */
export class PublicRooms {
	private readonly rooms = new Map<string, PublicRoom>();

	constructor(
		private readonly boardRooms: Rooms,
		private readonly publicView: PublicViewSource,
		private readonly logger: Logger,
		private readonly unloadGraceMs: number
	) {}

	open(boardId: string): PublicRoom {
		let room = this.rooms.get(boardId);
		if (!room) {
			room = new PublicRoom(boardId, this.boardRooms, this.publicView, this.logger, (closed) => {
				if (this.rooms.get(boardId) === closed) this.rooms.delete(boardId);
			});
			this.rooms.set(boardId, room);
		}
		if (room.unloadTimer) {
			clearTimeout(room.unloadTimer);
			room.unloadTimer = null;
		}
		return room;
	}

	/** [SY19] A public room unloads a grace period after its last watcher left. */
	left(room: PublicRoom, conn: Connection): void {
		room.leave(conn);
		if (room.size > 0 || room.unloadTimer) return;
		room.unloadTimer = setTimeout(() => {
			room.unloadTimer = null;
			if (room.size === 0) room.close(CloseCode.Normal, 'unloaded');
		}, this.unloadGraceMs);
		room.unloadTimer.unref?.();
	}

	async refresh(boardId: string): Promise<void> {
		await this.rooms.get(boardId)?.refresh();
	}

	async read(boardId: string): Promise<PublicBoard | null> {
		const view = await this.publicView(boardId);
		if (!view) return null;
		return this.boardRooms.use(boardId, (room) => room.read((doc) => project(doc, view)));
	}

	loadedBoards(): string[] {
		return [...this.rooms.keys()];
	}

	close(): void {
		for (const room of [...this.rooms.values()]) room.close(CloseCode.Normal, 'server shutting down');
	}
}
