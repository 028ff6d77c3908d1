/** /api/setup and /api/auth/*: the first administrator, sign-in, sign-out, who am I. */
import { getConnInfo } from '@hono/node-server/conninfo';
import { Hono } from 'hono';
import { deleteCookie } from 'hono/cookie';
import { SESSION_COOKIE } from '../auth/cookie';
import { setSessionCookie } from '../http/cookie';
import type { AppEnv } from '../http/env';
import { readJson } from '../http/json';
import { requireUser } from '../http/session';

export const authRoutes = new Hono<AppEnv>()
	.post('/setup', async (c) => {
		const body = await readJson(c);
		const { auth } = c.var.services;
		const user = await auth.setupFirstAdmin({
			email: body.email as string,
			name: body.name as string,
			password: body.password as string
		});
		const { token, session } = await auth.createSession(user.id);
		setSessionCookie(c, token, session);
		return c.json({ user }, 201);
	})
	.post('/auth/login', async (c) => {
		const body = await readJson(c);
		const client = getConnInfo(c).remote.address ?? 'unknown';
		const { token, session, user } = await c.var.services.auth.login(body.email as string, body.password as string, client);
		setSessionCookie(c, token, session);
		return c.json({ user });
	})
	.post('/auth/logout', async (c) => {
		const { sessionId } = c.var;
		if (sessionId && c.var.viaCookie) {
			await c.var.services.auth.invalidateSession(sessionId);
			c.var.services.sync.closeSession(sessionId);
		}
		deleteCookie(c, SESSION_COOKIE, { path: '/' });
		return c.json({ ok: true });
	})
	.get('/auth/me', requireUser, (c) => c.json({ user: c.var.user }));
