import { describe, expect, it } from 'vitest';
import { readCookie } from '../../../server/auth/cookie';
import { originAllowed } from '../../../server/auth/origin';
import { createRateLimiter } from '../../../server/auth/rate-limit';
import { hashSecret, issueSecret, parseSecret, secretMatches } from '../../../server/auth/token';

describe('session tokens', () => {
	it('are id.secret with 120 random bits each, and only the hash of the secret is kept', () => {
		const a = issueSecret();
		const b = issueSecret();
		expect(a.token).toMatch(/^[a-z2-9]{24}\.[a-z2-9]{24}$/);
		expect(a.token).not.toBe(b.token);
		expect(new Uint8Array(a.secretHash)).toEqual(hashSecret(a.secret));
		expect(a.secretHash.length).toBe(32);
		expect(Buffer.from(a.secretHash).toString('latin1')).not.toContain(a.secret);
	});

	it('parse refuses malformed tokens', () => {
		const { token, id, secret } = issueSecret();
		expect(parseSecret(token)).toEqual({ id, secret });
		for (const bad of ['', 'abc', `${id}`, `${id}.`, `${id}.${secret}.x`, `${id}.${secret.toUpperCase()}`, `${id}.${secret}0`])
			expect(parseSecret(bad)).toBeNull();
	});

	it('a secret matches only its own hash', () => {
		const a = issueSecret();
		const b = issueSecret();
		expect(secretMatches(a.secret, a.secretHash)).toBe(true);
		expect(secretMatches(b.secret, a.secretHash)).toBe(false);
		expect(secretMatches(a.secret, a.secretHash.subarray(0, 16))).toBe(false);
	});

	it('a prefix is part of the format', () => {
		const t = issueSecret('pbt_');
		expect(t.token.startsWith('pbt_')).toBe(true);
		expect(parseSecret(t.token, 'pbt_')).toEqual({ id: t.id, secret: t.secret });
		expect(parseSecret(t.token)).toBeNull();
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
