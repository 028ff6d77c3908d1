/**
 * The public progress board's live document ([SY16]–[SY19] in PROTOCOL.md): a Y.Doc
 * derived from the board that holds only the fields a lead published. It is never stored
 * and never takes anything from its sockets; the private document never reaches them.
 */
import * as Y from 'yjs';
import {
	areasMap,
	getItem,
	itemsMap,
	metaMap,
	patchPublicDoc,
	projectPublic,
	projectPublicItem,
	projectPublicMeta,
	writePublicDoc,
	type PublicBoard,
	type PublicField,
	type PublicItem
} from '../../src/lib/board/index';
import { CloseCode } from '../../src/lib/sync/close-codes';
import type { Connection } from './connection';
import { DocAnswers, isEmptyUpdate } from './doc-answers';
import { DEFAULT_FLOOD_LIMITS, TokenBucket, type FloodLimits } from './flood-guard';
import type { Logger } from './logger';
import { decodeMessage, encodeAwareness, encodeAwarenessEntries, encodeSyncUpdate, type ClientMessage } from './protocol';
import type { Room } from './room';
import type { Rooms } from './rooms';

export interface PublicView {
	fields: PublicField[];
	ownerNames: ReadonlyMap<string, string>;
}

/** The board's public settings and owner names, or null when the board is not public. */
export type PublicViewSource = (boardId: string) => Promise<PublicView | null>;

export interface PublicRoomsOptions {
	rooms: Rooms;
	publicView: PublicViewSource;
	logger: Logger;
	unloadGraceMs: number;
	flood?: FloodLimits;
	/** [SY17] Under a stream of edits the projection runs at most this often (default 100 ms). */
	reprojectMs?: number;
	now?: () => number;
}

export const PUBLIC_REPROJECT_MS = 100;
const PUBLIC_ORIGIN = Symbol('planboard.sync.public');
/** [SY18] The answer to a watcher's awareness: nobody. It tells y-websocket the socket is alive. */
const NOBODY = encodeAwareness(encodeAwarenessEntries([]));

type State = 'loading' | 'ready' | 'closed';

export class PublicRoom {
	readonly doc = new Y.Doc();
	private readonly answers = new DocAnswers(this.doc);
	private readonly peers = new Map<Connection, TokenBucket>();
	private readonly early: Array<[Connection, Uint8Array]> = [];
	private state: State = 'loading';
	private view: PublicView | null = null;
	/** The board's live document, once attached. */
	private board: Y.Doc | null = null;
	/** Items whose projection may have changed, or 'all'. */
	private dirty: Set<string> | 'all' = 'all';
	private metaDirty = false;
	private timer: ReturnType<typeof setTimeout> | null = null;
	private lastProjection = -Infinity;
	private detach: () => void = () => undefined;
	private readonly now: () => number;

	constructor(
		readonly boardId: string,
		private readonly options: PublicRoomsOptions,
		private readonly onVacated: (room: PublicRoom) => void,
		private readonly onClosed: (room: PublicRoom) => void
	) {
		this.now = options.now ?? (() => performance.now());
		// [SY16] The board's room stays loaded as long as this room is open.
		options.rooms
			.use(boardId, (room) => this.attach(room))
			.catch((error) => {
				this.options.logger.error(`sync: the public document of board ${boardId} failed`, error);
				this.close(CloseCode.InternalError, 'could not load the board');
			});
	}

	get connectionCount(): number {
		return this.peers.size;
	}

	get closed(): boolean {
		return this.state === 'closed';
	}

	join(conn: Connection): void {
		if (this.state === 'closed') return conn.close(CloseCode.InternalError, 'room closed');
		this.peers.set(conn, new TokenBucket(this.options.flood ?? DEFAULT_FLOOD_LIMITS, this.now));
		if (this.state === 'ready') conn.send(this.answers.step1());
	}

	leave(conn: Connection): void {
		if (this.peers.delete(conn) && this.peers.size === 0) this.onVacated(this);
	}

	/** [SY18] Watchers only read. Same decoding, flood guard and answers as a board room. */
	handleMessage(conn: Connection, bytes: Uint8Array): void {
		const bucket = this.peers.get(conn);
		if (!bucket || this.state === 'closed') return;
		if (!bucket.take()) return this.refuse(conn, CloseCode.RateLimited, 'too many messages');
		if (this.state === 'loading') this.early.push([conn, bytes]);
		else this.process(conn, bytes);
	}

	/** Fields or owner names changed, or the page was turned off ([SY19]). */
	async refresh(): Promise<void> {
		const view = await this.options.publicView(this.boardId);
		if (this.state === 'closed') return;
		if (!view) return this.close(CloseCode.NotFound, 'not public');
		this.view = view;
		this.dirty = 'all';
		if (this.state === 'ready') this.project();
	}

	close(code: number, reason: string): void {
		if (this.state === 'closed') return;
		this.state = 'closed';
		if (this.timer) clearTimeout(this.timer);
		this.detach();
		const peers = [...this.peers.keys()];
		this.peers.clear();
		this.early.length = 0;
		for (const conn of peers) conn.close(code, reason);
		this.doc.destroy();
		this.onClosed(this);
	}

	// --- following the board -------------------------------------------------------

	private async attach(board: Room): Promise<void> {
		// Builds the board's doc if its room is cold; the use this runs in keeps it live.
		const doc = await board.liveDoc();
		const view = await this.options.publicView(this.boardId);
		if (this.state === 'closed') return;
		if (!view) return this.close(CloseCode.NotFound, 'not public');
		if (doc.isDestroyed) return this.close(CloseCode.InternalError, 'board closed');
		this.view = view;
		this.board = doc;
		const items = itemsMap(doc);
		const meta = metaMap(doc);
		// Area names and colours are board-level fields of the projection, like the title.
		const areas = areasMap(doc);
		// [SY8] A board room that failed takes its public room with it; watchers reconnect.
		const boardGone = () => this.close(CloseCode.InternalError, 'board closed');
		items.observeDeep(this.onItemsChanged);
		meta.observeDeep(this.onMetaChanged);
		areas.observeDeep(this.onMetaChanged);
		doc.on('destroy', boardGone);
		const released = new Promise<void>((resolve) => {
			this.detach = () => {
				items.unobserveDeep(this.onItemsChanged);
				meta.unobserveDeep(this.onMetaChanged);
				areas.unobserveDeep(this.onMetaChanged);
				doc.off('destroy', boardGone);
				resolve();
			};
		});
		this.project();
		this.doc.on('update', (update: Uint8Array) => {
			this.answers.changed();
			const frame = encodeSyncUpdate(update);
			for (const conn of this.peers.keys()) conn.send(frame);
		});
		this.state = 'ready';
		for (const conn of this.peers.keys()) conn.send(this.answers.step1());
		for (const [conn, bytes] of this.early.splice(0)) {
			if (this.state !== 'ready') break;
			if (this.peers.has(conn)) this.process(conn, bytes);
		}
		await released;
	}

	private readonly onItemsChanged = (events: Array<Y.YEvent<Y.AbstractType<unknown>>>): void => {
		if (this.dirty !== 'all') {
			for (const event of events) {
				// An item added, replaced or removed; or a change inside one (its map, its notes).
				if (event.path.length === 0) for (const id of event.keys.keys()) this.dirty.add(id);
				else this.dirty.add(String(event.path[0]));
			}
		}
		this.schedule();
	};

	private readonly onMetaChanged = (): void => {
		this.metaDirty = true;
		this.schedule();
	};

	/** [SY17] The first change after a quiet spell goes out at once; a stream is coalesced. */
	private schedule(): void {
		if (this.timer || this.state === 'closed') return;
		const wait = Math.max(0, this.lastProjection + (this.options.reprojectMs ?? PUBLIC_REPROJECT_MS) - this.now());
		this.timer = setTimeout(() => {
			this.timer = null;
			this.project();
		}, wait);
	}

	/** Writes what changed since the last projection, and only that. */
	private project(): void {
		const { board, view } = this;
		if (this.state === 'closed' || !board || !view) return;
		if (this.dirty !== 'all' && this.dirty.size === 0 && !this.metaDirty) return;
		this.lastProjection = this.now();
		if (this.dirty === 'all') {
			writePublicDoc(this.doc, projectPublic(board, view.fields, view.ownerNames), PUBLIC_ORIGIN);
		} else {
			const items = new Map<string, PublicItem | null>();
			for (const id of this.dirty) items.set(id, projectPublicItem(getItem(board, id), view.fields, view.ownerNames));
			const meta = this.metaDirty ? projectPublicMeta(board, view.fields) : undefined;
			patchPublicDoc(this.doc, { meta, items }, PUBLIC_ORIGIN);
		}
		this.dirty = new Set();
		this.metaDirty = false;
	}

	// --- one frame -----------------------------------------------------------------

	private process(conn: Connection, bytes: Uint8Array): void {
		let message: ClientMessage;
		try {
			message = decodeMessage(bytes);
		} catch (error) {
			return this.refuse(conn, CloseCode.ProtocolError, (error as Error).message);
		}
		switch (message.kind) {
			case 'sync-step1':
				return conn.send(this.answers.step2(message.stateVector, message.emptyStateVector));
			case 'sync-step2':
				// The watcher's answer to our step 1; fine as long as it holds nothing new.
				if (isEmptyUpdate(message.update)) return;
				try {
					if (this.answers.contains(message.update)) return;
				} catch {
					return this.refuse(conn, CloseCode.ProtocolError, 'undecodable update');
				}
				return this.refuse(conn, CloseCode.Forbidden, 'public board is read-only');
			case 'sync-update':
				return this.refuse(conn, CloseCode.Forbidden, 'public board is read-only');
			case 'awareness':
			case 'query-awareness':
				// Anonymous watchers have no presence and learn nobody's.
				return conn.send(NOBODY);
		}
	}

	private refuse(conn: Connection, code: number, reason: string): void {
		this.options.logger.warn(`sync: closing a public socket on board ${this.boardId} (${code}): ${reason}`);
		conn.close(code, reason.slice(0, 60));
		this.leave(conn);
	}
}

interface Entry {
	room: PublicRoom;
	timer: ReturnType<typeof setTimeout> | null;
}

/** The public rooms of the process: one per public board that someone watches. */
export class PublicRooms {
	private readonly entries = new Map<string, Entry>();
	/** Changes seen per board doc, and the last projection made for a page load. */
	private readonly versions = new WeakMap<Y.Doc, number>();
	private readonly projections = new WeakMap<Y.Doc, { version: number; key: string; board: PublicBoard }>();

	constructor(private readonly options: PublicRoomsOptions) {}

	open(boardId: string): PublicRoom {
		let entry = this.entries.get(boardId);
		if (!entry) {
			const room = new PublicRoom(
				boardId,
				this.options,
				(vacated) => this.unloadLater(vacated),
				(closed) => {
					const current = this.current(closed);
					if (current?.timer) clearTimeout(current.timer);
					if (current) this.entries.delete(boardId);
				}
			);
			entry = { room, timer: null };
			this.entries.set(boardId, entry);
		}
		if (entry.timer) {
			clearTimeout(entry.timer);
			entry.timer = null;
		}
		return entry.room;
	}

	get(boardId: string): PublicRoom | undefined {
		return this.entries.get(boardId)?.room;
	}

	async refresh(boardId: string): Promise<void> {
		await this.entries.get(boardId)?.room.refresh();
	}

	/** The projection now, from the board itself (the page's first paint). */
	async read(boardId: string): Promise<PublicBoard | null> {
		const view = await this.options.publicView(boardId);
		if (!view) return null;
		return this.options.rooms.use(boardId, (room) => room.read((doc) => this.projection(doc, view)));
	}

	/**
	 * A page load on a busy public board re-projects only after the board changed: the
	 * projection of thousands of items is a good part of the page's 100-ms budget.
	 */
	private projection(doc: Y.Doc, view: PublicView): PublicBoard {
		let version = this.versions.get(doc);
		if (version === undefined) {
			this.versions.set(doc, (version = 0));
			doc.on('update', () => this.versions.set(doc, (this.versions.get(doc) ?? 0) + 1));
		}
		const key = JSON.stringify([view.fields, [...view.ownerNames]]);
		const cached = this.projections.get(doc);
		if (cached && cached.version === version && cached.key === key) return cached.board;
		const board = projectPublic(doc, view.fields, view.ownerNames);
		this.projections.set(doc, { version, key, board });
		return board;
	}

	loadedBoards(): string[] {
		return [...this.entries.keys()];
	}

	close(): void {
		for (const { room } of [...this.entries.values()]) room.close(CloseCode.Normal, 'server shutting down');
	}

	/** [SY19] A public room unloads a grace period after its last watcher left, releasing the board. */
	private unloadLater(room: PublicRoom): void {
		const entry = this.current(room);
		if (!entry || entry.timer) return;
		entry.timer = setTimeout(() => {
			entry.timer = null;
			if (room.connectionCount === 0) room.close(CloseCode.Normal, 'unloaded');
		}, this.options.unloadGraceMs);
		entry.timer.unref?.();
	}

	private current(room: PublicRoom): Entry | undefined {
		const entry = this.entries.get(room.boardId);
		return entry?.room === room ? entry : undefined;
	}
}
