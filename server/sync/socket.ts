/**
 * The thin layer between a `ws` WebSocket and a room: binary frames in, frames out,
 * close and keepalive. Everything the protocol means lives in room.ts.
 */
import { WebSocket } from 'ws';
import { CloseCode } from '../../src/lib/sync/close-codes';
import type { Connection } from './connection';
import { SplitFrame, type Frame } from './protocol';
import { FramePacer, type FrameOutlet } from './frame-pacer';
import type { Logger } from './logger';

/** Every frame is binary and already compact (deflate is off): ws need not look further. */
const SEND_OPTIONS = { binary: true, compress: false } as const;
/** The first part of a SplitFrame: ws sends what follows as its continuation. */
const FIRST_FRAGMENT = { ...SEND_OPTIONS, fin: false } as const;
/** One pacer for the process: large frames of every room share its slots. */
const sharedPacer = new FramePacer();

export interface SocketPeer {
	boardId: string;
	userId: string;
	sessionId: string | null;
	canWrite: boolean;
}

/** Where a socket's frames go (a Room). */
export interface FrameSink {
	handleMessage(conn: Connection, bytes: Uint8Array): void;
}

export class SocketConnection implements Connection, FrameOutlet {
	readonly boardId: string;
	readonly userId: string;
	readonly sessionId: string | null;
	canWrite: boolean;
	/** Answered the last ping; see startKeepalive. */
	alive = true;
	private gone = false;

	constructor(
		readonly ws: WebSocket,
		peer: SocketPeer,
		/** Called once, as soon as the socket is closing for whatever reason. */
		private readonly onGone: (conn: SocketConnection) => void,
		private readonly pacer: FramePacer = sharedPacer
	) {
		this.boardId = peer.boardId;
		this.userId = peer.userId;
		this.sessionId = peer.sessionId;
		this.canWrite = peer.canWrite;
	}

	get isGone(): boolean {
		return this.gone;
	}

	/** Queues a frame; large ones (a big board's step 2) are paced, see frame-pacer.ts. */
	send(bytes: Frame): void {
		if (!this.gone && this.ws.readyState === WebSocket.OPEN) this.pacer.send(this, bytes);
	}

	/** FrameOutlet: hands one frame to ws; `drained` runs once it left for the kernel. */
	write(bytes: Frame, drained?: (error?: Error) => void): void {
		if (this.gone || this.ws.readyState !== WebSocket.OPEN) return drained?.();
		if (!(bytes instanceof SplitFrame)) return this.ws.send(bytes, SEND_OPTIONS, drained);
		// Both fragments are queued now, back to back: nothing else can come between them.
		this.ws.send(bytes.head, FIRST_FRAGMENT);
		this.ws.send(bytes.body, SEND_OPTIONS, drained);
	}

	/**
	 * Starts the closing handshake and leaves the room at once: frames that are still on
	 * their way from a socket we closed (a logged-out session, a read-only writer) are
	 * never handled.
	 */
	close(code: number, reason: string): void {
		if (this.ws.readyState === WebSocket.OPEN || this.ws.readyState === WebSocket.CONNECTING) this.ws.close(code, reason);
		this.markGone();
	}

	terminate(): void {
		this.ws.terminate();
		this.markGone();
	}

	/** Idempotent: the room and the service forget this connection. */
	markGone(): void {
		if (this.gone) return;
		this.gone = true;
		this.pacer.forget(this);
		this.onGone(this);
	}
}

/** Wires a socket's events to its connection and room. */
export function bindSocket(ws: WebSocket, conn: SocketConnection, sink: FrameSink, logger: Logger): void {
	ws.on('message', (data, isBinary) => {
		if (conn.isGone) return;
		// [SY1] y-websocket sends binary frames only.
		if (!isBinary) return conn.close(CloseCode.ProtocolError, 'binary frames only');
		try {
			sink.handleMessage(conn, toBytes(data));
		} catch (error) {
			// A bug of ours must cost one socket, not the process.
			logger.error(`sync: handling a frame on board ${conn.boardId} failed`, error);
			conn.close(CloseCode.InternalError, 'server error');
		}
	});
	ws.on('pong', () => {
		conn.alive = true;
	});
	// ws reports protocol violations and oversize frames (1009) here, then closes by itself.
	ws.on('error', () => undefined);
	ws.on('close', () => conn.markGone());
}

/**
 * [SY11] Pings every socket each interval; a socket that did not answer the previous
 * ping is terminated (a phone that lost its network never sends a close frame).
 */
export function startKeepalive(connections: () => Iterable<SocketConnection>, intervalMs: number): () => void {
	const timer = setInterval(() => {
		for (const conn of [...connections()]) {
			if (conn.ws.readyState !== WebSocket.OPEN) continue;
			if (!conn.alive) {
				conn.terminate();
				continue;
			}
			conn.alive = false;
			conn.ws.ping();
		}
	}, intervalMs);
	timer.unref();
	return () => clearInterval(timer);
}

function toBytes(data: WebSocket.RawData): Uint8Array {
	if (Array.isArray(data)) return new Uint8Array(Buffer.concat(data));
	if (data instanceof ArrayBuffer) return new Uint8Array(data);
	return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
}
