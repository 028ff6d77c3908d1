/**
 * The realtime sync service: /sync/:boardId speaks the y-websocket protocol over `ws`
 * (PROTOCOL.md). The HTTP layer checks Origin, session and board access and then hands
 * the upgrade to `accept`; everything after that happens here.
 */
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import type * as Y from 'yjs';
import type { PublicBoard } from '../../src/lib/board/index';
import { CloseCode, MAX_FRAME_BYTES } from '../../src/lib/sync/close-codes';
import type { Database } from '../db/client';
import { BoardChanges, type BoardChangeListener } from './board-changes';
import type { DocStore } from './doc-store';
import type { FloodLimits } from './flood-guard';
import { LibsqlDocStore } from './libsql-doc-store';
import { consoleLogger, type Logger } from './logger';
import { PublicRooms, type PublicViewSource } from './public-rooms';
import { DEFAULT_UNLOAD_GRACE_MS, Rooms } from './rooms';
import { bindSocket, SocketConnection, startKeepalive } from './socket';
import { UpdateWriter } from './update-writer';

export { SERVER_ORIGIN } from './room';
export type { DocStore, DocWrite } from './doc-store';
export type { BoardChangeListener, ChangedItems } from './board-changes';

export interface SyncPrincipal {
	userId: string;
	sessionId: string | null;
	name: string;
}

export type Access = 'write' | 'read';

export interface SyncDeps {
	database: Database;
	/** Reserves `count` consecutive item numbers of a board, atomically. */
	allocateNumbers(boardId: string, count: number): Promise<number[]>;
	/** How long a room stays loaded after its last socket left (default 20 s). */
	unloadGraceMs?: number;
	/** Largest accepted frame; larger ones close the socket with 1009 (default MAX_FRAME_BYTES). */
	maxPayload?: number;
	/** Stored rows per board before they are folded into one snapshot (default 500). */
	compactAfterRows?: number;
	/** [SY20] How long a live document may sit unused before the room goes cold (default 10 s). */
	coolAfterMs?: number;
	/** Per-socket message rate (default 200/s, bursts of 1000). */
	flood?: FloodLimits;
	/** Ping interval; a socket that misses one ping is dropped (default 30 s). */
	keepaliveMs?: number;
	/** The board's public settings and owner names, or null when the board is not public. */
	publicView?: PublicViewSource;
	/** Defaults to the libSQL store on `database`. */
	store?: DocStore;
	logger?: Logger;
}

export interface SyncService {
	/** Called by the HTTP layer AFTER Origin, session and board access were checked on an upgrade to /sync/:boardId. */
	accept(req: IncomingMessage, socket: Duplex, head: Buffer, who: { principal: SyncPrincipal; boardId: string; access: Access }): void;
	/** Server-side edit of a board's live doc (loads the room if needed); persisted and broadcast like a client edit. */
	change(boardId: string, fn: (doc: Y.Doc) => void): Promise<void>;
	/** An anonymous, read-only socket on the board's public document (the HTTP layer resolved the slug and checked the board is public). */
	acceptPublic(req: IncomingMessage, socket: Duplex, head: Buffer, boardId: string): void;
	/** The public projection now (for the server-rendered page); null when the board is not public. Loads the board if needed. */
	readPublic(boardId: string): Promise<PublicBoard | null>;
	/** Public settings or owner names changed: re-read publicView and re-project, or close the watchers (4404) when it is null. */
	refreshPublic(boardId: string): Promise<void>;
	/** Read a board's current doc state (loads if needed). */
	read<T>(boardId: string, fn: (doc: Y.Doc) => T): Promise<T>;
	/**
	 * Follows every live board: 'all' once a room has loaded, then the ids of the items each
	 * applied transaction touched (before they are stored). Returns the unsubscribe function.
	 */
	onBoardChange(listener: BoardChangeListener): () => void;
	/** Logout → close that session's sockets (default 4401). */
	closeSession(sessionId: string, code?: number): void;
	closeUser(userId: string, code?: number): void;
	/** A role change on open sockets: null closes them (4403), otherwise they become read-write or read-only. */
	setAccess(userId: string, boardId: string, access: Access | null): void;
	/** Flushes pending writes, closes sockets, stops timers. The database stays open. */
	close(): Promise<void>;
}

export const DEFAULT_KEEPALIVE_MS = 30_000;
/** The user id of anonymous public watchers; no account has it. */
export const PUBLIC_USER = 'public';
/** How long close() waits for clients to answer the close frame before cutting them off. */
const CLOSE_HANDSHAKE_MS = 1_000;

export function createSyncService(deps: SyncDeps): SyncService {
	const logger = deps.logger ?? consoleLogger;
	const store = deps.store ?? new LibsqlDocStore(deps.database.sql);
	const boardChanges = new BoardChanges(logger);
	const rooms = new Rooms({
		store,
		writer: new UpdateWriter(store, logger),
		allocateNumbers: (boardId, count) => deps.allocateNumbers(boardId, count),
		unloadGraceMs: deps.unloadGraceMs,
		compactAfterRows: deps.compactAfterRows,
		coolAfterMs: deps.coolAfterMs,
		flood: deps.flood,
		logger,
		onLive: (room, doc) => boardChanges.watch(room.boardId, doc)
	});
	const publicRooms = new PublicRooms({
		rooms,
		publicView: deps.publicView ?? (async () => null),
		logger,
		unloadGraceMs: deps.unloadGraceMs ?? DEFAULT_UNLOAD_GRACE_MS,
		flood: deps.flood
	});
	const wss = new WebSocketServer({
		noServer: true,
		maxPayload: deps.maxPayload ?? MAX_FRAME_BYTES,
		// Yjs updates are already compact; deflate would cost CPU on every fan-out.
		perMessageDeflate: false,
		clientTracking: false
	});
	const sockets = new Set<SocketConnection>();
	const stopKeepalive = startKeepalive(() => sockets, deps.keepaliveMs ?? DEFAULT_KEEPALIVE_MS);
	let closing: Promise<void> | null = null;

	function each(match: (conn: SocketConnection) => boolean, act: (conn: SocketConnection) => void): void {
		for (const conn of [...sockets]) if (match(conn)) act(conn);
	}

	return {
		accept(req, socket, head, { principal, boardId, access }) {
			if (closing) {
				socket.destroy();
				return;
			}
			wss.handleUpgrade(req, socket, head, (ws) => {
				if (closing) return ws.close(CloseCode.Normal, 'server shutting down');
				const room = rooms.open(boardId);
				const conn = new SocketConnection(
					ws,
					{ boardId, userId: principal.userId, sessionId: principal.sessionId, canWrite: access === 'write' },
					(gone) => {
						sockets.delete(gone);
						room.leave(gone);
					}
				);
				sockets.add(conn);
				bindSocket(ws, conn, room, logger);
				room.join(conn);
			});
		},

		acceptPublic(req, socket, head, boardId) {
			if (closing) {
				socket.destroy();
				return;
			}
			wss.handleUpgrade(req, socket, head, (ws) => {
				if (closing) return ws.close(CloseCode.Normal, 'server shutting down');
				const room = publicRooms.open(boardId);
				const conn = new SocketConnection(ws, { boardId, userId: PUBLIC_USER, sessionId: null, canWrite: false }, (gone) => {
					sockets.delete(gone);
					room.leave(gone);
				});
				sockets.add(conn);
				bindSocket(ws, conn, room, logger);
				room.join(conn);
			});
		},

		readPublic: (boardId) => publicRooms.read(boardId),

		refreshPublic: (boardId) => publicRooms.refresh(boardId),

		change: (boardId, fn) => rooms.use(boardId, (room) => room.change(fn)),

		read: (boardId, fn) => rooms.use(boardId, (room) => room.read(fn)),

		onBoardChange: (listener) => boardChanges.listen(listener),

		closeSession(sessionId, code = CloseCode.Unauthorized) {
			each((conn) => conn.sessionId === sessionId, (conn) => conn.close(code, 'session ended'));
		},

		closeUser(userId, code = CloseCode.Unauthorized) {
			each((conn) => conn.userId === userId, (conn) => conn.close(code, 'session ended'));
		},

		setAccess(userId, boardId, access) {
			each(
				(conn) => conn.userId === userId && conn.boardId === boardId,
				(conn) => {
					if (access === null) return conn.close(CloseCode.Forbidden, 'access revoked');
					// [SY14] Effective at once; the close tells the page to re-read its role.
					conn.canWrite = access === 'write';
					conn.close(CloseCode.AccessChanged, 'role changed');
				}
			);
		},

		close() {
			return (closing ??= (async () => {
				stopKeepalive();
				const open = [...sockets];
				const closed = open.map((conn) => new Promise<void>((resolve) => conn.ws.once('close', () => resolve())));
				for (const conn of open) conn.close(CloseCode.Normal, 'server shutting down');
				publicRooms.close();
				await rooms.close();
				await Promise.race([Promise.all(closed), delay(CLOSE_HANDSHAKE_MS)]);
				for (const conn of open) conn.terminate();
				wss.close();
			})());
		}
	};
}

function delay(ms: number): Promise<void> {
	return new Promise((resolve) => setTimeout(resolve, ms).unref());
}
