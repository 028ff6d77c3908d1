/** Passwords are stored as argon2id hashes (OWASP's first choice), never in any other form. */
import { hash, verify } from '@node-rs/argon2';

export const PASSWORD_MIN = 8;
export const PASSWORD_MAX = 256;

// OWASP's baseline for argon2id: 19 MiB, 2 iterations, 1 lane.
const OPTIONS = { memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;

export function hashPassword(password: string): Promise<string> {
	return hash(password, OPTIONS);
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
	try {
		return await verify(passwordHash, password);
	} catch {
		return false;
	}
}

/** A hash of nothing, verified against when the email is unknown, so timing does not reveal accounts. */
let decoy: Promise<string> | null = null;
export async function verifyDecoy(password: string): Promise<void> {
	decoy ??= hashPassword('planboard-decoy-password');
	await verifyPassword(await decoy, password);
}
