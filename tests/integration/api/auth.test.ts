import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ADMIN, sessionCookie, startTestServer, type TestServer } from '../../helpers/server';

let t: TestServer;
beforeEach(async () => {
	t = await startTestServer();
});
afterEach(async () => {
	await t.stop();
});

describe('health and setup', () => {
	it('GET /api/health answers 200 JSON', async () => {
		const res = await fetch(t.url + '/api/health');
		expect(res.status).toBe(200);
		expect(await res.json()).toEqual({ ok: true });
	});

	it('setup creates the first administrator once, with a HttpOnly SameSite=Lax session cookie', async () => {
		const res = await t.request('POST', '/api/setup', { body: ADMIN });
		expect(res.status).toBe(201);
		const body = (await res.json()) as { user: { role: string; email: string } };
		expect(body.user).toMatchObject({ role: 'admin', email: ADMIN.email });
		const cookie = res.headers.getSetCookie().find((c) => c.startsWith('planboard_session='))!;
		expect(cookie).toMatch(/HttpOnly/i);
		expect(cookie).toMatch(/SameSite=Lax/i);
		expect(cookie).toMatch(/Path=\//);
		const again = await t.request('POST', '/api/setup', { body: { ...ADMIN, email: 'other@example.test' } });
		expect(again.status).toBe(409);
		expect(await again.json()).toMatchObject({ code: 'setup_done' });
	});

	it('setup validates its input with clear messages and creates nothing', async () => {
		const cases = [
			[{ ...ADMIN, email: 'not-an-email' }, 'email_invalid'],
			[{ ...ADMIN, password: 'short' }, 'password_short'],
			[{ ...ADMIN, name: '  ' }, 'name_invalid']
		] as const;
		for (const [body, code] of cases) {
			const res = await t.request('POST', '/api/setup', { body });
			expect(res.status).toBe(400);
			expect(await res.json()).toMatchObject({ code });
		}
		expect(await t.server.services.auth.hasUsers()).toBe(false);
	});

	it('the first administrator can come from the environment', async () => {
		const { startServer } = await import('../../../server/main');
		const { configFromEnv } = await import('../../../server/config');
		const config = configFromEnv({
			PORT: '0',
			DATABASE_URL: `file:${t.dir}/env-admin.db`,
			PLANBOARD_ADMIN_EMAIL: 'boss@example.test',
			PLANBOARD_ADMIN_PASSWORD: 'a long enough password'
		});
		const other = await startServer(config, { pages: false });
		try {
			const res = await fetch(other.url + '/api/auth/login', {
				method: 'POST',
				headers: { 'content-type': 'application/json', origin: other.url },
				body: JSON.stringify({ email: 'boss@example.test', password: 'a long enough password' })
			});
			expect(res.status).toBe(200);
		} finally {
			await other.close();
		}
	});
});

describe('login and sessions', () => {
	beforeEach(async () => {
		await t.setupAdmin();
	});

	it('logs in with the right password, 401 JSON with the wrong one or an unknown email', async () => {
		const ok = await t.request('POST', '/api/auth/login', { body: { email: ADMIN.email.toUpperCase(), password: ADMIN.password } });
		expect(ok.status).toBe(200);
		const cookie = sessionCookie(ok);
		const me = await fetch(t.url + '/api/auth/me', { headers: { cookie } });
		expect(((await me.json()) as { user: { email: string } }).user.email).toBe(ADMIN.email);
		for (const body of [{ email: ADMIN.email, password: 'wrong password' }, { email: 'nobody@example.test', password: ADMIN.password }]) {
			const res = await t.request('POST', '/api/auth/login', { body });
			expect(res.status).toBe(401);
			expect(await res.json()).toMatchObject({ code: 'credentials_wrong', error: expect.any(String) });
		}
	});

	it('the database keeps only a hash of the session secret', async () => {
		const cookie = await t.login(ADMIN.email, ADMIN.password);
		const secret = cookie.split('=')[1].split('.')[1];
		const rows = await t.server.services.database.client.execute('SELECT id, hex(secret_hash) AS h FROM sessions');
		expect(rows.rows.length).toBeGreaterThan(0);
		for (const row of rows.rows) expect(String(row.h).toLowerCase()).not.toContain(Buffer.from(secret).toString('hex'));
	});

	it('rate-limits repeated failures for one email', async () => {
		const statuses: number[] = [];
		for (let i = 0; i < 7; i++) {
			const res = await t.request('POST', '/api/auth/login', { body: { email: ADMIN.email, password: `wrong ${i}` } });
			statuses.push(res.status);
		}
		expect(statuses.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
		expect(statuses.at(-1)).toBe(429);
		const limited = await t.request('POST', '/api/auth/login', { body: { email: ADMIN.email, password: ADMIN.password } });
		expect(limited.status).toBe(429);
		expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
	});

	it('logout ends the session on the server', async () => {
		const cookie = await t.login(ADMIN.email, ADMIN.password);
		expect((await fetch(t.url + '/api/auth/me', { headers: { cookie } })).status).toBe(200);
		const out = await t.request('POST', '/api/auth/logout', { cookie });
		expect(out.status).toBe(200);
		expect((await fetch(t.url + '/api/auth/me', { headers: { cookie } })).status).toBe(401);
	});

	it('an expired session is refused', async () => {
		const cookie = await t.login(ADMIN.email, ADMIN.password);
		const longAgo = Date.now() - 31 * 24 * 3600 * 1000;
		await t.server.services.database.client.execute({ sql: 'UPDATE sessions SET created_at = ?, last_used_at = ?', args: [longAgo, Date.now()] });
		expect((await fetch(t.url + '/api/auth/me', { headers: { cookie } })).status).toBe(401);
	});

	it('refuses unsafe requests from a foreign origin, or with the cookie but no origin', async () => {
		const cookie = await t.login(ADMIN.email, ADMIN.password);
		const foreign = await t.request('POST', '/api/boards', { cookie, body: { title: 'x' }, origin: 'http://evil.test' });
		expect(foreign.status).toBe(403);
		const missing = await t.request('POST', '/api/boards', { cookie, body: { title: 'x' }, origin: null });
		expect(missing.status).toBe(403);
		const foreignLogin = await t.request('POST', '/api/auth/login', { body: { email: ADMIN.email, password: ADMIN.password }, origin: 'http://evil.test' });
		expect(foreignLogin.status).toBe(403);
		const list = await fetch(t.url + '/api/boards', { headers: { cookie } });
		expect(await list.json()).toEqual([]);
	});

	it('refuses bodies that are not JSON objects or are too large', async () => {
		const cookie = await t.login(ADMIN.email, ADMIN.password);
		const form = await fetch(t.url + '/api/boards', {
			method: 'POST',
			headers: { cookie, origin: t.origin, 'content-type': 'application/x-www-form-urlencoded' },
			body: 'title=x'
		});
		expect(form.status).toBe(415);
		const broken = await fetch(t.url + '/api/boards', {
			method: 'POST',
			headers: { cookie, origin: t.origin, 'content-type': 'application/json' },
			body: '{"title":'
		});
		expect(broken.status).toBe(400);
		const huge = await t.request('POST', '/api/boards', { cookie, body: { title: 'x'.repeat(100_000) } });
		expect(huge.status).toBe(413);
	});
});
