/** /api/users (administrators): people, deactivation, roles, password-reset links. */
import { Hono } from 'hono';
import type { AppEnv } from '../http/env';
import { readJson } from '../http/json';
import { requireUser } from '../http/session';

export const userRoutes = new Hono<AppEnv>()
	.use(requireUser)
	.get('/', async (c) => c.json(await c.var.services.users.list(c.var.user!)))
	.post('/', async (c) => {
		const body = await readJson(c);
		const user = await c.var.services.users.create(c.var.user!, { email: body.email, name: body.name, password: body.password, role: body.role });
		return c.json({ id: user.id, user }, 201);
	})
	.post('/:userId/deactivate', async (c) => {
		await c.var.services.users.setActive(c.var.user!, c.req.param('userId'), false);
		return c.json({ ok: true });
	})
	.post('/:userId/activate', async (c) => {
		await c.var.services.users.setActive(c.var.user!, c.req.param('userId'), true);
		return c.json({ ok: true });
	})
	.put('/:userId/role', async (c) => {
		const body = await readJson(c);
		await c.var.services.users.setRole(c.var.user!, c.req.param('userId'), body.role);
		return c.json({ ok: true });
	})
	.post('/:userId/reset-link', async (c) => {
		const { token, expiresAt } = await c.var.services.users.createResetLink(c.var.user!, c.req.param('userId'));
		return c.json({ url: `${c.var.services.config.origin}/reset/${token}`, expiresAt }, 201);
	});
