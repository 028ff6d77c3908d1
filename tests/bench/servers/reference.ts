/**
 * The reference server: @y/websocket-server 0.1.1 exactly as its own server.js wires it
 * (http server + `ws` WebSocketServer({ noServer: true }) + setupWSConnection), on
 * 127.0.0.1 and port 0. No auth, no persistence (YPERSISTENCE unset), as shipped.
 * The room name is the last path segment, so /sync/BOARD works like our URLs.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer } from 'ws';
import { docs, setupWSConnection } from '@y/websocket-server/utils';
import { say, serveControl } from './control';

const wss = new WebSocketServer({ noServer: true });
const server = http.createServer((_req, res) => {
	res.writeHead(200, { 'Content-Type': 'text/plain' });
	res.end('okay');
});
wss.on('connection', (ws, req) => {
	const docName = (req.url ?? '/').split('?')[0].split('/').filter(Boolean).pop() ?? 'default';
	setupWSConnection(ws, req, { docName });
});
server.on('upgrade', (req, socket, head) => {
	wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
});
server.listen(0, '127.0.0.1', () => {
	const { port } = server.address() as AddressInfo;
	say({ ready: true, port, origin: `http://127.0.0.1:${port}` });
});

serveControl(
	{
		/** Rooms in memory (the reference keeps a doc until process exit when persistence is off). */
		rooms: () => docs.size
	},
	async () => {
		for (const client of wss.clients) client.terminate();
		await new Promise<void>((resolve) => server.close(() => resolve()));
	}
);
