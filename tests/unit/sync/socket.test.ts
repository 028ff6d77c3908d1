/**
 * The socket adapter over a real ws server and client: a SplitFrame (a full-state step 2
 * sent without copying the stored row) leaves as two fragments of one message, and
 * arrives whole and in order with the frames around it.
 */
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket, WebSocketServer } from 'ws';
import { SocketConnection } from '../../../server/sync/socket';
import { FramePacer } from '../../../server/sync/frame-pacer';
import { decodeMessage, splitSyncStep2, wholeFrame } from '../../../server/sync/protocol';

let server: WebSocketServer | null = null;

afterEach(async () => {
	await new Promise((resolve) => server?.close(resolve) ?? resolve(undefined));
	server = null;
});

/** A server socket wrapped as the sync service wraps it, and the client at the other end. */
async function pair(): Promise<{ conn: SocketConnection; client: WebSocket }> {
	server = new WebSocketServer({ port: 0 });
	await new Promise((resolve) => server!.once('listening', resolve));
	const accepted = new Promise<WebSocket>((resolve) => server!.once('connection', resolve));
	const client = new WebSocket(`ws://127.0.0.1:${(server.address() as AddressInfo).port}`);
	const ws = await accepted;
	await new Promise((resolve) => client.once('open', resolve));
	const peer = { boardId: 'b', userId: 'u', sessionId: null, canWrite: true };
	// Pacing large frames one at a time, as in the service, with its own pacer.
	const conn = new SocketConnection(ws, peer, () => undefined, new FramePacer(64, 1));
	return { conn, client };
}

describe('SocketConnection', () => {
	it('sends a split step 2 as two fragments of one message, in order with the frames around it', async () => {
		const { conn, client } = await pair();
		// 'fragments': ws hands over a message as the fragments it came in.
		client.binaryType = 'fragments';
		const received: Buffer[][] = [];
		const all = new Promise<void>((resolve) =>
			client.on('message', (data) => {
				received.push(data as unknown as Buffer[]);
				if (received.length === 3) resolve();
			})
		);
		const row = new Uint8Array(200_000).map((_, i) => i % 251);
		const step2 = splitSyncStep2(row);
		conn.send(Uint8Array.of(3));
		conn.send(step2);
		conn.send(Uint8Array.of(3));
		await all;

		expect(received.map((m) => m.length)).toEqual([1, 2, 1]);
		const whole = new Uint8Array(Buffer.concat(received[1]));
		expect(whole).toEqual(wholeFrame(step2));
		const message = decodeMessage(whole);
		expect(message.kind).toBe('sync-step2');
		expect(message.kind === 'sync-step2' && Buffer.from(message.update).equals(Buffer.from(row))).toBe(true);
		client.close();
	});
});
