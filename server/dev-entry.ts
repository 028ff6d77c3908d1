/** What `npm run dev` runs inside Vite (loaded by dev-plugin.ts through Vite's SSR loader). */
import { getRequestListener } from '@hono/node-server';
import { createApp } from './app';
import { closeServices, createServices } from './boot';
import { configFromEnv } from './config';
import { createUpgradeHandler } from './http/upgrade';

export async function startDevServices(port: number) {
	const services = await createServices(configFromEnv({ ...process.env, PORT: String(port) }));
	return {
		api: getRequestListener(createApp(services).fetch),
		onUpgrade: createUpgradeHandler(services),
		close: () => closeServices(services)
	};
}
