/**
 * Session tokens after Lucia's guide: `<id>.<secret>`. The id finds the row; only a
 * SHA-256 hash of the secret is stored, so a leaked database cannot be replayed as cookies.
 */
import { sha256 } from '@oslojs/crypto/sha2';
import { constantTimeEqual } from '@oslojs/crypto/subtle';

// Human-safe alphabet (no 0/o/1/l); 5 bits per character, 24 characters = 120 bits.
const ALPHABET = 'abcdefghijkmnpqrstuvwxyz23456789';

export function generateSecureRandomString(): string {
	const bytes = new Uint8Array(24);
	crypto.getRandomValues(bytes);
	let id = '';
	for (const byte of bytes) id += ALPHABET[byte >> 3];
	return id;
}

export function hashSecret(secret: string): Uint8Array {
	return sha256(new TextEncoder().encode(secret));
}

export function newSessionToken(): { id: string; secret: string; token: string; secretHash: Uint8Array } {
	const id = generateSecureRandomString();
	const secret = generateSecureRandomString();
	return { id, secret, token: `${id}.${secret}`, secretHash: hashSecret(secret) };
}

export function parseSessionToken(token: string): { id: string; secret: string } | null {
	const parts = token.split('.');
	if (parts.length !== 2) return null;
	const [id, secret] = parts;
	if (!/^[a-z2-9]{24}$/.test(id) || !/^[a-z2-9]{24}$/.test(secret)) return null;
	return { id, secret };
}

export function secretMatches(secret: string, storedHash: Uint8Array): boolean {
	const hash = hashSecret(secret);
	return hash.length === storedHash.length && constantTimeEqual(hash, storedHash);
}
