/** Configuration from the environment, read once at start-up. */
export interface Config {
	port: number;
	/** The one origin browsers may send unsafe requests and websocket upgrades from. */
	origin: string;
	databaseUrl: string;
	/** First administrator created at start-up when no user exists (both must be set). */
	adminEmail: string | null;
	adminPassword: string | null;
	/** Secure cookies whenever the app is served over https. */
	secureCookies: boolean;
}

export function configFromEnv(env: NodeJS.ProcessEnv = process.env): Config {
	const port = env.PORT === undefined ? 3000 : Number(env.PORT);
	if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`PORT must be a port number, got ${env.PORT}`);
	const origin = (env.ORIGIN ?? `http://localhost:${port}`).replace(/\/$/, '');
	return {
		port,
		origin,
		databaseUrl: env.DATABASE_URL ?? 'file:data/planboard.db',
		adminEmail: env.PLANBOARD_ADMIN_EMAIL || null,
		adminPassword: env.PLANBOARD_ADMIN_PASSWORD || null,
		secureCookies: origin.startsWith('https:')
	};
}
