/**
 * Load-generator clients. A thin client does the least a y-websocket client must (sends
 * its step 1, answers the server's step 1 with the step 2 of an empty doc) and then only
 * looks at frames: it never applies updates, so the load generator stays far lighter than
 * the servers it measures. A writer keeps a real Y.Doc and sends each local change as a
 * sync update frame, as y-websocket does.
 */
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import WebSocket from 'ws';
import * as Y from 'yjs';

export interface Endpoint {
	url: string;
	headers: Record<string, string>;
	/** false for the raw relay: no sync handshake, synced on open. */
	handshake: boolean;
}

const EMPTY_STEP2 = Uint8Array.of(0, 1, 2, 0, 0);
const EMPTY_STEP1 = Uint8Array.of(0, 0, 1, 0);

export function syncFrame(step: 0 | 1 | 2, payload: Uint8Array): Uint8Array {
	const encoder = encoding.createEncoder();
	encoding.writeVarUint(encoder, 0);
	encoding.writeVarUint(encoder, step);
	encoding.writeVarUint8Array(encoder, payload);
	return encoding.toUint8Array(encoder);
}

export const updateFrame = (update: Uint8Array): Uint8Array => syncFrame(2, update);

export function awarenessFrame(clientId: number, clock: number, state: unknown): Uint8Array {
	const inner = encoding.createEncoder();
	encoding.writeVarUint(inner, 1);
	encoding.writeVarUint(inner, clientId);
	encoding.writeVarUint(inner, clock);
	encoding.writeVarString(inner, JSON.stringify(state));
	const outer = encoding.createEncoder();
	encoding.writeVarUint(outer, 1);
	encoding.writeVarUint8Array(outer, encoding.toUint8Array(inner));
	return encoding.toUint8Array(outer);
}

export interface ClientOptions {
	/** A real document: answers step 1 with its state, applies what arrives when `apply`. */
	doc?: Y.Doc;
	apply?: boolean;
	/** Send our step 1 on open (default true): the server answers with its whole doc. */
	sendStep1?: boolean;
	onUpdate?: (frame: Buffer, now: number) => void;
	onAwareness?: (frame: Buffer, now: number) => void;
}

export class Client {
	readonly ws: WebSocket;
	readonly opened: Promise<void>;
	/** performance.now() when the server's step 2 arrived (open time for the raw relay). */
	readonly synced: Promise<number>;
	updateFrames = 0;
	awarenessFrames = 0;
	bytesIn = 0;
	syncBytes = 0;
	closeCode: number | null = null;
	private resolveSynced!: (t: number) => void;

	constructor(
		readonly endpoint: Endpoint,
		private readonly options: ClientOptions = {}
	) {
		this.synced = new Promise((resolve) => (this.resolveSynced = resolve));
		this.ws = new WebSocket(endpoint.url, {
			headers: endpoint.headers,
			perMessageDeflate: false,
			maxPayload: 256 * 1024 * 1024,
			handshakeTimeout: 30_000
		});
		this.opened = new Promise((resolve, reject) => {
			this.ws.once('open', () => resolve());
			this.ws.once('error', reject);
			this.ws.once('unexpected-response', (_req, res) => reject(new Error(`upgrade refused: ${res.statusCode}`)));
		});
		this.opened.catch(() => undefined);
		this.ws.on('error', () => undefined);
		this.ws.on('close', (code) => {
			this.closeCode = code;
		});
		this.ws.on('open', () => {
			if (!endpoint.handshake) return this.resolveSynced(performance.now());
			if (options.sendStep1 !== false) {
				this.send(options.doc ? syncFrame(0, Y.encodeStateVector(options.doc)) : EMPTY_STEP1);
			} else {
				this.resolveSynced(performance.now());
			}
		});
		this.ws.on('message', (data: Buffer) => this.receive(data));
	}

	/** Stop applying what arrives (a writer that only needs the board once). */
	stopApplying(): void {
		this.options.apply = false;
	}

	send(frame: Uint8Array): void {
		if (this.ws.readyState === WebSocket.OPEN) this.ws.send(frame);
	}

	close(): void {
		if (this.ws.readyState === WebSocket.OPEN || this.ws.readyState === WebSocket.CONNECTING) this.ws.terminate();
	}

	/** Close with a close frame and wait for it (so the server sees an orderly leave). */
	async closeGracefully(timeoutMs = 2000): Promise<void> {
		if (this.ws.readyState === WebSocket.CLOSED) return;
		const done = new Promise<void>((resolve) => this.ws.once('close', () => resolve()));
		if (this.ws.readyState === WebSocket.OPEN) this.ws.close(1000);
		const timer = setTimeout(() => this.ws.terminate(), timeoutMs);
		await done;
		clearTimeout(timer);
	}

	private receive(frame: Buffer): void {
		const now = performance.now();
		this.bytesIn += frame.length;
		const type = frame[0];
		if (type === 0) {
			const step = frame[1];
			if (step === 2) {
				this.updateFrames++;
				if (this.options.doc && this.options.apply) this.applySync(frame);
				this.options.onUpdate?.(frame, now);
			} else if (step === 0) {
				if (!this.endpoint.handshake) {
					this.options.onUpdate?.(frame, now);
					return;
				}
				const doc = this.options.doc;
				if (!doc) return this.send(EMPTY_STEP2);
				const decoder = decoding.createDecoder(frame);
				decoding.readVarUint(decoder);
				decoding.readVarUint(decoder);
				const sv = decoding.readVarUint8Array(decoder);
				this.send(syncFrame(1, Y.encodeStateAsUpdate(doc, sv)));
			} else if (step === 1) {
				this.syncBytes += frame.length;
				if (this.options.doc && this.options.apply) this.applySync(frame);
				this.resolveSynced(now);
				this.options.onUpdate?.(frame, now);
			}
		} else if (type === 1) {
			this.awarenessFrames++;
			this.options.onAwareness?.(frame, now);
		}
	}

	private applySync(frame: Buffer): void {
		const decoder = decoding.createDecoder(frame);
		decoding.readVarUint(decoder);
		decoding.readVarUint(decoder);
		Y.applyUpdate(this.options.doc!, decoding.readVarUint8Array(decoder), 'remote');
	}
}

/** Opens `count` clients, `concurrency` handshakes at a time; waits until every one is synced. */
export interface Connecting {
	opened: Promise<void>;
	synced: Promise<number>;
	close(): void;
}

export async function connectMany<T extends Connecting>(count: number, make: (i: number) => T, concurrency = 100, timeoutMs = 60_000): Promise<T[]> {
	const clients: T[] = new Array(count);
	let next = 0;
	const deadline = performance.now() + timeoutMs;
	const worker = async () => {
		while (next < count) {
			if (performance.now() > deadline) throw new Error(`connecting ${count} clients took over ${timeoutMs} ms`);
			const i = next++;
			const client = make(i);
			clients[i] = client;
			await client.opened;
			await withTimeout(client.synced, Math.max(1, deadline - performance.now()), `client ${i} never synced`);
		}
	};
	try {
		await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
	} catch (error) {
		for (const c of clients) c?.close();
		throw error;
	}
	return clients;
}

export function closeAll(clients: Iterable<{ close(): void } | undefined>): void {
	for (const c of clients) c?.close();
}

export async function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
	let timer: NodeJS.Timeout | undefined;
	try {
		return await Promise.race([
			promise,
			new Promise<never>((_, reject) => {
				timer = setTimeout(() => reject(new Error(`${what} (after ${Math.round(ms)} ms)`)), ms);
			})
		]);
	} finally {
		clearTimeout(timer);
	}
}
