/** /api/me/tokens: the signed-in person's API tokens (the secret is shown once, at creation). */
import { Hono } from 'hono';
import { tokenSessionId } from '../auth/api-tokens';
import type { AppEnv } from '../http/env';
import { readJson } from '../http/json';
import { requireUser } from '../http/session';

export const tokenRoutes = new Hono<AppEnv>()
	.use(requireUser)
	.get('/', async (c) => c.json(await c.var.services.apiTokens.list(c.var.user!)))
	.post('/', async (c) => {
		const body = await readJson(c);
		return c.json(await c.var.services.apiTokens.create(c.var.user!, body.name), 201);
	})
	.delete('/:tokenId', async (c) => {
		const id = c.req.param('tokenId');
		await c.var.services.apiTokens.revoke(c.var.user!, id);
		c.var.services.sync.closeSession(tokenSessionId(id));
		return c.json({ ok: true });
	});
