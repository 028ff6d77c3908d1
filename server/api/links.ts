/** One-time links: invitations and password resets (created here, used without a session). */
import { Hono } from 'hono';
import { AppError } from '../errors';
import { setSessionCookie } from '../http/cookie';
import type { AppEnv } from '../http/env';
import { readJson } from '../http/json';
import { requireUser } from '../http/session';

export const linkRoutes = new Hono<AppEnv>()
	.post('/invites', requireUser, async (c) => {
		const body = await readJson(c);
		const { token, expiresAt } = await c.var.services.users.createInvite(c.var.user!, body);
		return c.json({ url: `${c.var.services.config.origin}/invite/${token}`, expiresAt }, 201);
	})
	.get('/links/:token', async (c) => {
		const info = await c.var.services.users.inspectLink(c.req.param('token'));
		if (!info) throw new AppError(404, 'link_invalid', 'This link is invalid, used or expired');
		return c.json(info);
	})
	.post('/invites/accept', async (c) => {
		const body = await readJson(c);
		const { users, auth } = c.var.services;
		const user = await users.acceptInvite(String(body.token ?? ''), { email: body.email, name: body.name, password: body.password });
		const { token, session } = await auth.createSession(user.id);
		setSessionCookie(c, token, session);
		return c.json({ user }, 201);
	})
	.post('/reset', async (c) => {
		const body = await readJson(c);
		const user = await c.var.services.users.useResetLink(String(body.token ?? ''), body.password);
		return c.json({ user: { email: user.email } });
	});
