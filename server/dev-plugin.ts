/**
 * `npm run dev`: Vite serves the pages with hot reload, and this plugin serves /api and
 * /sync from the same services in the same process, so dev behaves like `npm start`.
 * Only /sync upgrades are ours: Vite's own hot-reload socket must keep working.
 */
import type { Plugin } from 'vite';

export function planboardDevServer(): Plugin {
	return {
		name: 'planboard-dev-server',
		apply: 'serve',
		async configureServer(vite) {
			const [{ getRequestListener }, { createApp }, { createServices, closeServices }, { configFromEnv }, { createUpgradeHandler }] =
				await Promise.all([
					import('@hono/node-server'),
					import('./app'),
					import('./boot'),
					import('./config'),
					import('./http/upgrade')
				]);
			const port = vite.config.server.port ?? 3000;
			const services = await createServices(configFromEnv({ ...process.env, PORT: String(port) }));
			const api = getRequestListener(createApp(services).fetch);
			vite.middlewares.use((req, res, next) => (req.url?.startsWith('/api/') ? void api(req, res) : next()));
			const onUpgrade = createUpgradeHandler(services);
			vite.httpServer?.on('upgrade', (req, socket, head) => {
				if (req.url?.startsWith('/sync/')) void onUpgrade(req, socket, head);
			});
			vite.httpServer?.once('close', () => void closeServices(services));
		}
	};
}
