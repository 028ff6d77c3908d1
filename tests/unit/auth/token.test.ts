import { describe, expect, it } from 'vitest';
import { readCookie } from '../../../server/auth/cookie';
import { originAllowed } from '../../../server/auth/origin';
import { createRateLimiter } from '../../../server/auth/rate-limit';
import { hashSecret, newSessionToken, parseSessionToken, secretMatches } from '../../../server/auth/token';

describe('session tokens', () => {
	it('are id.secret with 120 random bits each, and only the hash of the secret is kept', () => {
		const a = newSessionToken();
		const b = newSessionToken();
		expect(a.token).toMatch(/^[a-z2-9]{24}\.[a-z2-9]{24}$/);
		expect(a.token).not.toBe(b.token);
		expect(a.secretHash).toEqual(hashSecret(a.secret));
		expect(a.secretHash.length).toBe(32);
		expect(Buffer.from(a.secretHash).toString('latin1')).not.toContain(a.secret);
	});

	it('parse refuses malformed tokens', () => {
		const { token, id, secret } = newSessionToken();
		expect(parseSessionToken(token)).toEqual({ id, secret });
		for (const bad of ['', 'abc', `${id}`, `${id}.`, `${id}.${secret}.x`, `${id}.${secret.toUpperCase()}`, `${id}.${secret}0`])
			expect(parseSessionToken(bad)).toBeNull();
	});

	it('a secret matches only its own hash', () => {
		const a = newSessionToken();
		const b = newSessionToken();
		expect(secretMatches(a.secret, a.secretHash)).toBe(true);
		expect(secretMatches(b.secret, a.secretHash)).toBe(false);
		expect(secretMatches(a.secret, a.secretHash.slice(0, 16))).toBe(false);
	});
});

describe('cookies and origins', () => {
	it('reads one cookie from a header', () => {
		expect(readCookie('a=1; planboard_session=x.y; b=2', 'planboard_session')).toBe('x.y');
		expect(readCookie('a=1', 'planboard_session')).toBeNull();
		expect(readCookie(undefined, 'planboard_session')).toBeNull();
	});

	it('cookie-authenticated requests need our exact origin; cookieless ones may omit it', () => {
		const ours = 'http://localhost:3000';
		expect(originAllowed(ours, ours, true)).toBe(true);
		expect(originAllowed('http://evil.test', ours, true)).toBe(false);
		expect(originAllowed('http://evil.test', ours, false)).toBe(false);
		expect(originAllowed(undefined, ours, true)).toBe(false);
		expect(originAllowed(undefined, ours, false)).toBe(true);
		expect(originAllowed('null', ours, false)).toBe(false);
	});
});

describe('rate limiter', () => {
	it('allows a burst, then asks to wait, then refills', () => {
		let t = 0;
		const limiter = createRateLimiter(3, 1 / 10, () => t);
		expect([1, 2, 3].map(() => limiter.take('k'))).toEqual([0, 0, 0]);
		expect(limiter.take('k')).toBeGreaterThan(0);
		expect(limiter.take('other')).toBe(0);
		t += 10_000;
		expect(limiter.take('k')).toBe(0);
		limiter.reset('k');
		expect([1, 2, 3].map(() => limiter.take('k'))).toEqual([0, 0, 0]);
	});
});
