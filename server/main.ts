/** The one Node process: Hono for /api and /sync, SvelteKit for pages, one libSQL database. */
import './v8-tuning';
import { createAdaptorServer } from '@hono/node-server';
import { existsSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createApp, type PagesHandler } from './app';
import { closeServices, createServices } from './boot';
import { configFromEnv, type Config } from './config';
import { createUpgradeHandler } from './http/upgrade';
import type { Services } from './services';

export interface RunningServer {
	url: string;
	port: number;
	services: Services;
	close(): Promise<void>;
}

const handlerPath = fileURLToPath(new URL('../build/handler.js', import.meta.url));

/** The built SvelteKit app, when there is one (API-only tests run without it). */
async function loadPages(config: Config): Promise<PagesHandler | undefined> {
	if (!existsSync(handlerPath)) return undefined;
	// adapter-node reads ORIGIN to build request URLs; without it form posts over http get 403.
	process.env.ORIGIN = config.origin;
	// A dynamic import keeps svelte-check from type-checking the build output.
	const mod = (await import(pathToFileURL(handlerPath).href)) as { handler: PagesHandler };
	return mod.handler;
}

export async function startServer(config: Config, options: { pages?: boolean; unloadGraceMs?: number } = {}): Promise<RunningServer> {
	const services = await createServices(config, options);
	const pages = options.pages === false ? undefined : await loadPages(config);
	const app = createApp(services, pages);
	const server = createAdaptorServer({ fetch: app.fetch }) as Server;
	server.on('upgrade', createUpgradeHandler(services));
	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen(config.port, resolve);
	});
	const port = (server.address() as AddressInfo).port;
	// On port 0 (tests) the origin can only be known now; services share this config object.
	if (config.port === 0 && config.origin.endsWith(':0')) config.origin = `http://localhost:${port}`;
	let closing: Promise<void> | null = null;
	return {
		url: `http://localhost:${port}`,
		port,
		services,
		close: () =>
			(closing ??= (async () => {
				const closed = new Promise<void>((resolve) => server.close(() => resolve()));
				await closeServices(services);
				server.closeAllConnections();
				await closed;
			})())
	};
}

export async function main(): Promise<void> {
	const config = configFromEnv();
	const running = await startServer(config);
	if (!existsSync(handlerPath)) console.warn('No SvelteKit build found: serving the API only (run npm run build)');
	console.log(`Planboard listening on ${config.origin} (port ${running.port}, database ${config.databaseUrl})`);
	const stop = async (signal: string) => {
		console.log(`${signal}: flushing and closing`);
		await running.close();
		process.exit(0);
	};
	process.once('SIGINT', () => void stop('SIGINT'));
	process.once('SIGTERM', () => void stop('SIGTERM'));
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
	main().catch((error) => {
		console.error(error);
		process.exit(1);
	});
}
