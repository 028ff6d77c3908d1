/** Personal API tokens: `Authorization: Bearer pbt_…` for scripts and integrations. */
import { and, desc, eq, isNull } from 'drizzle-orm';
import type { Database } from '../db/client';
import { apiTokens, users } from '../db/schema';
import { AppError, invalid } from '../errors';
import { issueSecret, parseSecret, secretMatches } from './token';
import type { User } from './user';

export const API_TOKEN_PREFIX = 'pbt_';
/** Sockets opened with a token are tracked under this pseudo-session, so revoking closes them. */
export const tokenSessionId = (tokenId: string) => `token:${tokenId}`;

export interface ApiTokenListing {
	id: string;
	name: string;
	createdAt: number;
	lastUsedAt: number | null;
	revokedAt: number | null;
}

export interface ApiTokenService {
	create(user: User, name: unknown): Promise<{ id: string; name: string; token: string }>;
	list(user: User): Promise<ApiTokenListing[]>;
	revoke(user: User, tokenId: string): Promise<void>;
	validate(token: string): Promise<{ user: User; tokenId: string } | null>;
}

export function createApiTokenService({ db }: Database, now: () => number = Date.now): ApiTokenService {
	return {
		async create(user, rawName) {
			const name = typeof rawName === 'string' ? rawName.trim() : '';
			if (!name || name.length > 100) throw invalid('token_name_invalid', 'Name the token (at most 100 characters)');
			const { id, token, secretHash } = issueSecret(API_TOKEN_PREFIX);
			await db.insert(apiTokens).values({ id, userId: user.id, name, secretHash, createdAt: now() });
			return { id, name, token };
		},

		list: (user) =>
			db
				.select({ id: apiTokens.id, name: apiTokens.name, createdAt: apiTokens.createdAt, lastUsedAt: apiTokens.lastUsedAt, revokedAt: apiTokens.revokedAt })
				.from(apiTokens)
				.where(eq(apiTokens.userId, user.id))
				.orderBy(desc(apiTokens.createdAt)),

		async revoke(user, tokenId) {
			const result = await db
				.update(apiTokens)
				.set({ revokedAt: now() })
				.where(and(eq(apiTokens.id, tokenId), eq(apiTokens.userId, user.id), isNull(apiTokens.revokedAt)));
			if (result.rowsAffected === 0) throw new AppError(404, 'token_not_found', 'No such active token');
		},

		async validate(token) {
			const parsed = parseSecret(token, API_TOKEN_PREFIX);
			if (!parsed) return null;
			const [row] = await db
				.select({ token: apiTokens, user: users })
				.from(apiTokens)
				.innerJoin(users, eq(users.id, apiTokens.userId))
				.where(eq(apiTokens.id, parsed.id))
				.limit(1);
			if (!row || row.token.revokedAt || row.user.deactivatedAt) return null;
			if (!secretMatches(parsed.secret, new Uint8Array(row.token.secretHash))) return null;
			const t = now();
			if (!row.token.lastUsedAt || t - row.token.lastUsedAt > 60_000)
				await db.update(apiTokens).set({ lastUsedAt: t }).where(eq(apiTokens.id, parsed.id));
			const { id, email, name, role, color } = row.user;
			return { user: { id, email, name, role, color }, tokenId: parsed.id };
		}
	};
}
