/** The session cookie: HttpOnly so scripts cannot read it, SameSite=Lax so other sites cannot post with it. */
export const SESSION_COOKIE = 'planboard_session';

export interface CookieOptions {
	httpOnly: true;
	sameSite: 'lax';
	secure: boolean;
	path: '/';
	maxAge: number;
}

export function sessionCookieOptions(secure: boolean, maxAgeSeconds: number): CookieOptions {
	return { httpOnly: true, sameSite: 'lax', secure, path: '/', maxAge: Math.max(0, Math.floor(maxAgeSeconds)) };
}

/** Reads one cookie from a raw Cookie header (for websocket upgrades, which have no framework). */
export function readCookie(header: string | undefined, name: string): string | null {
	if (!header) return null;
	for (const part of header.split(';')) {
		const eq = part.indexOf('=');
		if (eq === -1) continue;
		if (part.slice(0, eq).trim() === name) {
			try {
				return decodeURIComponent(part.slice(eq + 1).trim());
			} catch {
				return null;
			}
		}
	}
	return null;
}
