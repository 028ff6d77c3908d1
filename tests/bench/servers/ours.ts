/**
 * Our server as shipped (auth on, persistence on, pages when built): `startServer` with
 * the config `npm start` would read. Only the environment is the bench's: a free port on
 * 127.0.0.1 with ORIGIN set to it (so every request and upgrade, the browser's included,
 * goes to 127.0.0.1) and a database file under the bench's temp dir.
 *
 * Env: BENCH_DB (file path, required), BENCH_COOKIE (reuse a session after a restart;
 * otherwise the first admin is created through POST /api/setup).
 */
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { configFromEnv } from '../../../server/config';
import { startServer } from '../../../server/main';
import { say, serveControl } from './control';

async function freePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const probe = createServer();
		probe.once('error', reject);
		probe.listen(0, '127.0.0.1', () => {
			const { port } = probe.address() as AddressInfo;
			probe.close(() => resolve(port));
		});
	});
}

const ADMIN = { name: 'Bench Admin', email: 'bench@example.test', password: 'bench correct horse battery' };

async function main(): Promise<void> {
	const db = process.env.BENCH_DB;
	if (!db) throw new Error('BENCH_DB is required');
	const port = await freePort();
	const origin = `http://127.0.0.1:${port}`;
	const config = configFromEnv({ ...process.env, PORT: String(port), ORIGIN: origin, DATABASE_URL: `file:${db}` });
	const running = await startServer(config);
	let cookie = process.env.BENCH_COOKIE ?? '';
	if (!cookie) {
		const res = await fetch(`${origin}/api/setup`, {
			method: 'POST',
			headers: { origin, 'content-type': 'application/json' },
			body: JSON.stringify(ADMIN)
		});
		if (res.status !== 201) throw new Error(`setup failed: ${res.status} ${await res.text()}`);
		const header = res.headers.getSetCookie().find((c) => c.startsWith('planboard_session='));
		if (!header) throw new Error('setup set no session cookie');
		cookie = header.split(';')[0];
	}
	serveControl({}, () => running.close());
	say({ ready: true, port, origin, cookie });
}

main().catch((error) => {
	console.error(error);
	process.exit(1);
});
