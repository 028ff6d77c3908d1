/**
 * A real Planboard server on port 0 with its own libSQL file, and the few HTTP calls
 * tests need to set themselves up. Nothing here is a mock: it is the server `npm start` runs.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { configFromEnv, type Config } from '../../server/config';
import { startServer, type RunningServer } from '../../server/main';

export const ADMIN = { email: 'admin@example.test', name: '管理员', password: 'correct horse battery' };

export interface TestServer {
	url: string;
	origin: string;
	server: RunningServer;
	dir: string;
	databaseUrl: string;
	/** Stops and starts the server on the same database (and a new port). */
	restart(): Promise<void>;
	stop(): Promise<void>;
	/** POST/PUT/PATCH with our Origin and an optional session cookie. */
	request(method: string, path: string, options?: { cookie?: string; body?: unknown; origin?: string | null }): Promise<Response>;
	/** Creates the first administrator and returns their session cookie (`name=value`). */
	setupAdmin(): Promise<string>;
	login(email: string, password: string): Promise<string>;
	createBoard(cookie: string, title?: string): Promise<string>;
	wsUrl(): string;
}

export async function startTestServer(options: { unloadGraceMs?: number } = {}): Promise<TestServer> {
	const dir = mkdtempSync(join(tmpdir(), 'planboard-test-'));
	const databaseUrl = `file:${join(dir, 'planboard.db')}`;
	const makeConfig = (): Config => ({ ...configFromEnv({ PORT: '0', DATABASE_URL: databaseUrl }) });
	let config = makeConfig();
	let server = await startServer(config, { pages: false, unloadGraceMs: options.unloadGraceMs ?? 200 });

	const test: TestServer = {
		get url() {
			return server.url;
		},
		get origin() {
			return config.origin;
		},
		get server() {
			return server;
		},
		dir,
		databaseUrl,
		async restart() {
			await server.close();
			config = makeConfig();
			server = await startServer(config, { pages: false, unloadGraceMs: options.unloadGraceMs ?? 200 });
		},
		async stop() {
			await server.close();
			rmSync(dir, { recursive: true, force: true });
		},
		request(method, path, { cookie, body, origin } = {}) {
			const headers: Record<string, string> = {};
			if (origin !== null) headers.origin = origin ?? config.origin;
			if (cookie) headers.cookie = cookie;
			if (body !== undefined) headers['content-type'] = 'application/json';
			return fetch(server.url + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
		},
		async setupAdmin() {
			const res = await test.request('POST', '/api/setup', { body: ADMIN });
			if (res.status !== 201) throw new Error(`setup failed: ${res.status} ${await res.text()}`);
			return sessionCookie(res);
		},
		async login(email, password) {
			const res = await test.request('POST', '/api/auth/login', { body: { email, password } });
			if (res.status !== 200) throw new Error(`login failed: ${res.status} ${await res.text()}`);
			return sessionCookie(res);
		},
		async createBoard(cookie, title = '2026 卫生院管理年活动') {
			const res = await test.request('POST', '/api/boards', { cookie, body: { title } });
			if (res.status !== 201) throw new Error(`create board failed: ${res.status} ${await res.text()}`);
			return ((await res.json()) as { id: string }).id;
		},
		wsUrl() {
			return server.url.replace(/^http/, 'ws') + '/sync';
		}
	};
	return test;
}

/** The `name=value` part of the session cookie a response set. */
export function sessionCookie(res: Response): string {
	const header = res.headers.getSetCookie().find((c) => c.startsWith('planboard_session='));
	if (!header) throw new Error('no session cookie in response');
	return header.split(';')[0];
}
