import type { User } from '../server/auth/user';

declare global {
	namespace App {
		interface Locals {
			/** The signed-in person, or null (set by hooks.server.ts from the session cookie). */
			user: User | null;
			sessionId: string | null;
		}
		interface Error {
			message: string;
		}
	}
}

export {};
