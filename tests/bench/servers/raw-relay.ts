/**
 * The floor: a plain `ws` relay with no Yjs. Every binary frame a socket sends is
 * forwarded as is to every other socket of the same path. It does no handshake, so
 * clients treat it as synced on open. Nothing a real sync server could beat.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { say, serveControl } from './control';

const rooms = new Map<string, Set<WebSocket>>();
const wss = new WebSocketServer({ noServer: true, perMessageDeflate: false });
const server = http.createServer((_req, res) => {
	res.writeHead(200);
	res.end('relay');
});
server.on('upgrade', (req, socket, head) => {
	wss.handleUpgrade(req, socket, head, (ws) => {
		const name = (req.url ?? '/').split('?')[0];
		let room = rooms.get(name);
		if (!room) rooms.set(name, (room = new Set()));
		const members = room;
		members.add(ws);
		ws.on('message', (data, isBinary) => {
			for (const other of members) if (other !== ws && other.readyState === 1) other.send(data, { binary: isBinary });
		});
		ws.on('error', () => undefined);
		ws.on('close', () => {
			members.delete(ws);
			if (members.size === 0) rooms.delete(name);
		});
	});
});
server.listen(0, '127.0.0.1', () => {
	const { port } = server.address() as AddressInfo;
	say({ ready: true, port, origin: `http://127.0.0.1:${port}` });
});

serveControl({ rooms: () => rooms.size }, async () => {
	for (const client of wss.clients) client.terminate();
	await new Promise<void>((resolve) => server.close(() => resolve()));
});
