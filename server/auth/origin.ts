/**
 * Cross-site request forgery guard for unsafe requests and websocket upgrades.
 * Browsers always send Origin on these; a request that authenticates with the ambient
 * session cookie must come from our own origin. A request without Origin and without
 * the cookie (a script with a bearer token, a login from curl) cannot be a forgery.
 */
export function originAllowed(origin: string | undefined | null, expected: string, usesCookie: boolean): boolean {
	if (origin) return origin === expected;
	return !usesCookie;
}

export const UNSAFE_METHODS: ReadonlySet<string> = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
