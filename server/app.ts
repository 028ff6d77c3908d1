/** The HTTP surface: /api/* here, everything else handed to SvelteKit. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { RESPONSE_ALREADY_SENT } from '@hono/node-server/utils/response';
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { authRoutes } from './api/auth';
import { boardRoutes } from './api/boards';
import { myItemRoutes } from './api/items';
import { linkRoutes } from './api/links';
import { tokenRoutes } from './api/tokens';
import { userRoutes } from './api/users';
import { AppError } from './errors';
import type { AppEnv } from './http/env';
import { resolveSession } from './http/session';
import type { Services } from './services';

/** adapter-node's handler: a connect-style middleware. */
export type PagesHandler = (req: IncomingMessage, res: ServerResponse, next: () => void) => void;

const API_BODY_LIMIT = 64 * 1024;

export function createApp(services: Services, pages?: PagesHandler): Hono<AppEnv> {
	const app = new Hono<AppEnv>();
	app.use('*', async (c, next) => {
		c.set('services', services);
		await next();
	});

	app.get('/api/health', async (c) => {
		await services.database.client.execute('SELECT 1');
		return c.json({ ok: true });
	});

	app.use(
		'/api/*',
		bodyLimit({
			maxSize: API_BODY_LIMIT,
			onError: () => {
				throw new AppError(413, 'body_too_large', `Bodies are limited to ${API_BODY_LIMIT} bytes`);
			}
		}),
		resolveSession
	);
	app.route('/api', authRoutes);
	app.route('/api', linkRoutes);
	app.route('/api/boards', boardRoutes);
	app.route('/api/users', userRoutes);
	app.route('/api/me/tokens', tokenRoutes);
	app.route('/api/me/items', myItemRoutes);
	app.all('/api/*', (c) => c.json({ error: 'No such API route', code: 'not_found' }, 404));

	if (pages) {
		app.all('*', (c) => {
			const { incoming, outgoing } = c.env;
			return new Promise<Response>((resolve) => {
				outgoing.once('finish', () => resolve(RESPONSE_ALREADY_SENT));
				outgoing.once('close', () => resolve(RESPONSE_ALREADY_SENT));
				pages(incoming, outgoing, () => resolve(c.text('Not found', 404)));
			});
		});
	}

	app.onError((error, c) => {
		if (error instanceof AppError) {
			if (error.retryAfterSeconds) c.header('Retry-After', String(error.retryAfterSeconds));
			return c.json({ error: error.message, code: error.code }, error.status);
		}
		console.error(error);
		return c.json({ error: 'Something went wrong on the server', code: 'internal' }, 500);
	});
	return app;
}
