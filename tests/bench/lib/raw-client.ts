/**
 * The thin receiver as a raw TCP socket: it does the websocket upgrade by hand and parses
 * server frames with a few lines of code instead of `ws`'s stream machinery. Receivers
 * are where the load generator spends its time (one frame per receiver per update), so
 * this keeps the load generator well below the servers' cost per delivery.
 *
 * It does what a y-websocket client must: sends its step 1 (empty state vector), answers
 * the server's step 1 with an empty step 2, answers pings. Frames it sends are masked with
 * a zero key (valid; servers do not check the key). Large frames (a 6 MB step 2) are
 * counted and skipped, not copied. A message may come in fragments (ours sends a stored
 * full state as its header, then the row): it is handled once its last fragment is in.
 */
import { randomBytes } from 'node:crypto';
import { connect, type Socket } from 'node:net';
import type { Endpoint } from './client';

const EMPTY_STEP1 = Uint8Array.of(0, 0, 1, 0);
const EMPTY_STEP2 = Uint8Array.of(0, 1, 2, 0, 0);
/** Frames up to this size are collected whole (for marker scanning); larger ones only counted. */
const COLLECT_LIMIT = 64 * 1024;

export interface RawOptions {
	sendStep1?: boolean;
	onUpdate?: (frame: Buffer, now: number) => void;
	onAwareness?: (frame: Buffer, now: number) => void;
}

export class RawClient {
	readonly opened: Promise<void>;
	readonly synced: Promise<number>;
	updateFrames = 0;
	awarenessFrames = 0;
	bytesIn = 0;
	syncBytes = 0;
	closeCode: number | null = null;
	private readonly socket: Socket;
	private resolveSynced!: (t: number) => void;
	private upgraded = false;
	private headerText = '';
	private chunks: Buffer[] = [];
	private buffered = 0;
	// current frame
	private inPayload = false;
	private opcode = 0;
	private remaining = 0;
	private collect = false;
	private first = -1;
	private second = -1;
	private frameLength = 0;
	private fin = true;
	// current message (its first fragment's type and step; payload only if every fragment was collected)
	private message: { opcode: number; type: number; step: number; parts: Buffer[] | null; length: number } | null = null;
	private readonly closed: Promise<void>;

	constructor(
		readonly endpoint: Endpoint,
		private readonly options: RawOptions = {}
	) {
		const url = new URL(endpoint.url);
		this.synced = new Promise((resolve) => (this.resolveSynced = resolve));
		this.socket = connect({ host: url.hostname, port: Number(url.port), noDelay: true });
		this.closed = new Promise((resolve) => this.socket.once('close', () => resolve()));
		let rejectOpened!: (e: Error) => void;
		let resolveOpened!: () => void;
		this.opened = new Promise((resolve, reject) => {
			resolveOpened = resolve;
			rejectOpened = reject;
		});
		this.opened.catch(() => undefined);
		this.socket.on('error', (error) => {
			if (!this.upgraded) rejectOpened(error);
		});
		this.socket.on('close', () => {
			this.closeCode ??= 1006;
			if (!this.upgraded) rejectOpened(new Error('socket closed before the upgrade'));
		});
		this.socket.once('connect', () => {
			const headers = [
				`GET ${url.pathname}${url.search} HTTP/1.1`,
				`Host: ${url.host}`,
				'Upgrade: websocket',
				'Connection: Upgrade',
				`Sec-WebSocket-Key: ${randomBytes(16).toString('base64')}`,
				'Sec-WebSocket-Version: 13',
				...Object.entries(endpoint.headers).map(([k, v]) => `${k}: ${v}`)
			];
			this.socket.write(headers.join('\r\n') + '\r\n\r\n');
		});
		this.socket.on('data', (chunk: Buffer) => {
			this.bytesIn += chunk.length;
			if (!this.upgraded) {
				this.headerText += chunk.toString('latin1');
				const end = this.headerText.indexOf('\r\n\r\n');
				if (end === -1) return;
				const status = this.headerText.slice(0, this.headerText.indexOf('\r\n'));
				if (!/^HTTP\/1\.1 101/.test(status)) {
					rejectOpened(new Error(`upgrade refused: ${status}`));
					this.socket.destroy();
					return;
				}
				this.upgraded = true;
				const rest = Buffer.from(this.headerText.slice(end + 4), 'latin1');
				this.headerText = '';
				resolveOpened();
				if (!endpoint.handshake) this.resolveSynced(performance.now());
				else if (options.sendStep1 !== false) this.send(EMPTY_STEP1);
				else this.resolveSynced(performance.now());
				if (rest.length === 0) return;
				chunk = rest;
			}
			this.chunks.push(chunk);
			this.buffered += chunk.length;
			this.parse();
		});
	}

	/** Sends one binary frame, masked with a zero key. */
	send(payload: Uint8Array, opcode = 0x2): void {
		if (!this.upgraded || this.socket.destroyed) return;
		const n = payload.length;
		const head = n < 126 ? Buffer.alloc(6) : n < 65536 ? Buffer.alloc(8) : Buffer.alloc(14);
		head[0] = 0x80 | opcode;
		if (n < 126) head[1] = 0x80 | n;
		else if (n < 65536) {
			head[1] = 0x80 | 126;
			head.writeUInt16BE(n, 2);
		} else {
			head[1] = 0x80 | 127;
			head.writeBigUInt64BE(BigInt(n), 2);
		}
		this.socket.write(Buffer.concat([head, payload]));
	}

	close(): void {
		this.socket.destroy();
	}

	async closeGracefully(timeoutMs = 2000): Promise<void> {
		if (this.socket.destroyed) return;
		this.send(Uint8Array.of(0x03, 0xe8), 0x8);
		const timer = setTimeout(() => this.socket.destroy(), timeoutMs);
		await this.closed;
		clearTimeout(timer);
	}

	/** Makes the first chunk at least `n` bytes long (or all there is), copying as little as possible. */
	private joinHead(n: number): void {
		while (this.chunks[0].length < n && this.chunks.length > 1) {
			this.chunks[0] = Buffer.concat([this.chunks[0], this.chunks[1]]);
			this.chunks.splice(1, 1);
		}
	}

	private take(n: number): Buffer {
		const head = this.chunks[0];
		let out: Buffer;
		if (head.length === n) {
			out = head;
			this.chunks.shift();
		} else if (head.length > n) {
			out = head.subarray(0, n);
			this.chunks[0] = head.subarray(n);
		} else {
			out = Buffer.allocUnsafe(n);
			let at = 0;
			while (at < n) {
				const c = this.chunks[0];
				const k = Math.min(c.length, n - at);
				c.copy(out, at, 0, k);
				at += k;
				if (k === c.length) this.chunks.shift();
				else this.chunks[0] = c.subarray(k);
			}
		}
		this.buffered -= n;
		return out;
	}

	private parse(): void {
		for (;;) {
			if (!this.inPayload) {
				if (this.buffered < 2) return;
				this.joinHead(14);
				const b = this.chunks[0];
				const len7 = b[1] & 0x7f;
				const headLength = len7 < 126 ? 2 : len7 === 126 ? 4 : 10;
				if (this.buffered < headLength) return;
				const header = this.take(headLength);
				this.fin = (header[0] & 0x80) !== 0;
				this.opcode = header[0] & 0x0f;
				this.remaining = len7 < 126 ? len7 : len7 === 126 ? header.readUInt16BE(2) : Number(header.readBigUInt64BE(2));
				this.frameLength = this.remaining;
				this.collect = this.remaining <= COLLECT_LIMIT;
				this.first = -1;
				this.second = -1;
				this.inPayload = true;
			}
			if (this.collect) {
				if (this.buffered < this.remaining) return;
				const payload = this.remaining === 0 ? Buffer.alloc(0) : this.take(this.remaining);
				this.inPayload = false;
				this.onFragment(payload, payload[0] ?? -1, payload[1] ?? -1, payload.length);
			} else {
				// Only the first two bytes matter (message type, sync step): skip the rest.
				if (this.first === -1) {
					if (this.buffered < 2) return;
					this.joinHead(2);
					this.first = this.chunks[0][0];
					this.second = this.chunks[0][1];
				}
				while (this.remaining > 0 && this.buffered > 0) {
					const k = Math.min(this.chunks[0].length, this.remaining);
					this.take(k);
					this.remaining -= k;
				}
				if (this.remaining > 0) return;
				this.inPayload = false;
				this.onFragment(null, this.first, this.second, this.frameLength);
			}
		}
	}

	/** Control frames are whole; data frames are put together into their message. */
	private onFragment(payload: Buffer | null, type: number, step: number, length: number): void {
		if (this.opcode >= 0x8) return this.onFrame(this.opcode, payload, type, step, length);
		if (this.opcode !== 0x0 || !this.message) this.message = { opcode: this.opcode, type, step, parts: [], length: 0 };
		const m = this.message;
		m.length += length;
		if (m.parts && payload) m.parts.push(payload);
		else m.parts = null;
		if (!this.fin) return;
		this.message = null;
		const whole = m.parts === null ? null : m.parts.length === 1 ? m.parts[0] : Buffer.concat(m.parts);
		this.onFrame(m.opcode, whole, m.type, m.step, m.length);
	}

	private onFrame(opcode: number, payload: Buffer | null, type: number, step: number, length: number): void {
		const now = performance.now();
		if (opcode === 0x9) return this.send(payload ?? new Uint8Array(0), 0xa);
		if (opcode === 0x8) {
			this.closeCode = payload && payload.length >= 2 ? payload.readUInt16BE(0) : 1005;
			this.send(Uint8Array.of(0x03, 0xe8), 0x8);
			this.socket.end();
			return;
		}
		if (opcode !== 0x2) return;
		if (type === 0) {
			if (!this.endpoint.handshake) {
				this.updateFrames++;
				if (payload) this.options.onUpdate?.(payload, now);
			} else if (step === 2) {
				this.updateFrames++;
				if (payload) this.options.onUpdate?.(payload, now);
			} else if (step === 0) {
				this.send(EMPTY_STEP2);
			} else if (step === 1) {
				this.syncBytes += length;
				this.resolveSynced(now);
			}
		} else if (type === 1) {
			this.awarenessFrames++;
			if (payload) this.options.onAwareness?.(payload, now);
		}
	}
}
