/** Resolves the session cookie into the person asking; refuses foreign origins on unsafe requests. */
import { getCookie } from 'hono/cookie';
import { createMiddleware } from 'hono/factory';
import { tokenSessionId } from '../auth/api-tokens';
import { SESSION_COOKIE } from '../auth/cookie';
import { originAllowed, UNSAFE_METHODS } from '../auth/origin';
import { AppError } from '../errors';
import type { AppEnv } from './env';

/**
 * Who is asking: `Authorization: Bearer pbt_…` (scripts) or the session cookie (browsers).
 * A bearer token is not sent by browsers on their own, so only cookie requests need Origin.
 */
export const resolveSession = createMiddleware<AppEnv>(async (c, next) => {
	const { auth, apiTokens, config } = c.var.services;
	const bearer = /^Bearer\s+(\S+)$/i.exec(c.req.header('authorization') ?? '')?.[1] ?? null;
	if (bearer) {
		if (UNSAFE_METHODS.has(c.req.method) && !originAllowed(c.req.header('origin'), config.origin, false))
			throw new AppError(403, 'origin_refused', 'Cross-origin request refused');
		const found = await apiTokens.validate(bearer);
		if (!found) throw new AppError(401, 'token_invalid', 'This API token is invalid or revoked');
		c.set('user', found.user);
		c.set('sessionId', tokenSessionId(found.tokenId));
		c.set('viaCookie', false);
		return next();
	}
	const token = getCookie(c, SESSION_COOKIE) ?? null;
	if (UNSAFE_METHODS.has(c.req.method) && !originAllowed(c.req.header('origin'), config.origin, token !== null))
		throw new AppError(403, 'origin_refused', 'Cross-origin request refused');
	c.set('user', null);
	c.set('sessionId', null);
	c.set('viaCookie', false);
	if (token) {
		const result = await auth.validateSessionToken(token);
		if (result) {
			c.set('user', result.user);
			c.set('sessionId', result.session.id);
			c.set('viaCookie', true);
		}
	}
	await next();
});

export const requireUser = createMiddleware<AppEnv>(async (c, next) => {
	if (!c.var.user) throw new AppError(401, 'signed_out', 'Sign in first');
	await next();
});
