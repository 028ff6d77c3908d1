/** /api/me/items: the signed-in person's items across boards, from the `items` projection. */
import { Hono } from 'hono';
import type { AppEnv } from '../http/env';
import { requireUser } from '../http/session';

export const myItemRoutes = new Hono<AppEnv>().use(requireUser).get('/', async (c) => c.json(await c.var.services.items.mine(c.var.user!)));
