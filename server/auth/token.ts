/**
 * Credentials shaped `<id>.<secret>` after Lucia's guide: session tokens, API tokens and
 * one-time links. The id finds the row; only a SHA-256 hash of the secret is stored, so a
 * leaked database cannot be replayed. The token itself is shown once.
 */
import { sha256 } from '@oslojs/crypto/sha2';
import { constantTimeEqual } from '@oslojs/crypto/subtle';

// Human-safe alphabet (no 0/o/1/l); 5 bits per character, 24 characters = 120 bits.
const ALPHABET = 'abcdefghijkmnpqrstuvwxyz23456789';
const PART = /^[a-z2-9]{24}$/;

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

export interface IssuedSecret {
	id: string;
	secret: string;
	token: string;
	secretHash: Buffer;
}

export function issueSecret(prefix = ''): IssuedSecret {
	const id = generateSecureRandomString();
	const secret = generateSecureRandomString();
	return { id, secret, token: `${prefix}${id}.${secret}`, secretHash: Buffer.from(hashSecret(secret)) };
}

export function parseSecret(token: string, prefix = ''): { id: string; secret: string } | null {
	if (!token.startsWith(prefix)) return null;
	const parts = token.slice(prefix.length).split('.');
	if (parts.length !== 2 || !PART.test(parts[0]) || !PART.test(parts[1])) return null;
	return { id: parts[0], secret: parts[1] };
}

export function secretMatches(secret: string, storedHash: Uint8Array): boolean {
	const hash = hashSecret(secret);
	return hash.length === storedHash.length && constantTimeEqual(hash, storedHash);
}
