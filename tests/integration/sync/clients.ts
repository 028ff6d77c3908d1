/**
 * Real y-websocket providers and raw sockets against a test server, in Node: `ws` with the
 * Cookie and Origin headers a browser would send.
 */
import { WebSocket } from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import type { TestServer } from '../../helpers/server';

export interface Headers {
	cookie?: string | null;
	/** undefined: the server's own origin; null: no Origin header. */
	origin?: string | null;
}

function headersFor(t: TestServer, { cookie, origin }: Headers): Record<string, string> {
	const headers: Record<string, string> = {};
	if (cookie) headers.cookie = cookie;
	if (origin !== null) headers.origin = origin ?? t.origin;
	return headers;
}

/** A WebSocket class as y-websocket expects one (`new WS(url, protocols)`), sending our headers. */
export function socketClass(t: TestServer, headers: Headers) {
	const sent = headersFor(t, headers);
	return class extends WebSocket {
		constructor(url: string | URL, protocols?: string | string[]) {
			super(url, protocols, { headers: sent });
		}
	};
}

export interface Client {
	doc: Y.Doc;
	provider: WebsocketProvider;
	closes: Array<{ code: number; reason: string }>;
	destroy(): void;
}

const live = new Set<Client>();

export function connectProvider(t: TestServer, boardId: string, cookie: string, doc = new Y.Doc()): Client {
	const provider = new WebsocketProvider(t.wsUrl(), boardId, doc, {
		WebSocketPolyfill: socketClass(t, { cookie }) as unknown as typeof globalThis.WebSocket,
		// Providers in one process would otherwise sync through BroadcastChannel, not the server.
		disableBc: true,
		maxBackoffTime: 200
	});
	const closes: Client['closes'] = [];
	provider.on('connection-close', (event) => {
		if (event) closes.push({ code: event.code, reason: event.reason });
	});
	const client: Client = {
		doc,
		provider,
		closes,
		destroy() {
			live.delete(client);
			provider.destroy();
			doc.destroy();
		}
	};
	live.add(client);
	return client;
}

export function destroyAllProviders(): void {
	for (const client of [...live]) client.destroy();
}

export function whenSynced(...clients: Client[]): Promise<void> {
	return Promise.all(
		clients.map(
			({ provider }) => new Promise<void>((resolve) => (provider.synced ? resolve() : provider.once('sync', (s: boolean) => s && resolve())))
		)
	).then(() => undefined);
}

export interface RawSocket {
	ws: WebSocket;
	opened: Promise<void>;
	/** The close code and reason, or the HTTP status of a refused upgrade. */
	outcome: Promise<{ code?: number; status?: number }>;
	messages: Uint8Array[];
}

/** A plain socket for attacker tests: hand-built frames, no provider. */
export function rawSocket(t: TestServer, boardId: string, headers: Headers): RawSocket {
	const ws = new WebSocket(`${t.wsUrl()}/${boardId}`, { headers: headersFor(t, headers) });
	const messages: Uint8Array[] = [];
	ws.on('message', (data) => messages.push(new Uint8Array(data as Buffer)));
	const opened = new Promise<void>((resolve) => ws.once('open', () => resolve()));
	const outcome = new Promise<{ code?: number; status?: number }>((resolve) => {
		ws.once('unexpected-response', (_req, res) => {
			resolve({ status: res.statusCode });
			ws.terminate();
		});
		ws.once('close', (code) => resolve({ code }));
	});
	ws.on('error', () => undefined);
	return { ws, opened, outcome, messages };
}
