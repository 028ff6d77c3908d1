/**
 * `npm run dev`: Vite serves the pages with hot reload, and this plugin serves /api and
 * /sync from the same services in the same process, so dev behaves like `npm start`.
 * The server code is loaded through Vite's SSR loader (it is TypeScript, and bundling it
 * into the config would copy it). Only /sync upgrades are ours: Vite's hot-reload socket
 * must keep working.
 */
import type { Plugin } from 'vite';
import type { startDevServices } from './dev-entry';

export function planboardDevServer(): Plugin {
	return {
		name: 'planboard-dev-server',
		apply: 'serve',
		async configureServer(vite) {
			const entry = (await vite.ssrLoadModule('/server/dev-entry.ts')) as { startDevServices: typeof startDevServices };
			const dev = await entry.startDevServices(vite.config.server.port ?? 3000);
			vite.middlewares.use((req, res, next) => (req.url?.startsWith('/api/') ? void dev.api(req, res) : next()));
			vite.httpServer?.on('upgrade', (req, socket, head) => {
				if (req.url?.startsWith('/sync/')) void dev.onUpgrade(req, socket, head);
			});
			vite.httpServer?.once('close', () => void dev.close());
		}
	};
}
