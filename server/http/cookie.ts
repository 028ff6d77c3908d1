/** Sets the session cookie after sign-in, setup, or accepting an invitation. */
import type { Context } from 'hono';
import { setCookie } from 'hono/cookie';
import { sessionCookieOptions, SESSION_COOKIE } from '../auth/cookie';
import type { Session } from '../auth/service';
import type { AppEnv } from './env';

export function setSessionCookie(c: Context<AppEnv>, token: string, session: Session): void {
	const maxAge = (session.expiresAt.getTime() - Date.now()) / 1000;
	setCookie(c, SESSION_COOKIE, token, sessionCookieOptions(c.var.services.config.secureCookies, maxAge));
}
