/** Accounts and sessions, written out after Lucia's guide (lucia-auth.com). */
import { eq, sql } from 'drizzle-orm';
import type { Database } from '../db/client';
import { sessions, users, type UserRow } from '../db/schema';
import { AppError, invalid } from '../errors';
import { hashPassword, PASSWORD_MAX, PASSWORD_MIN, verifyDecoy, verifyPassword } from './password';
import { createRateLimiter } from './rate-limit';
import { issueSecret, parseSecret, secretMatches } from './token';
import { pickColor, type OrgRole, type User } from './user';

const DAY = 24 * 60 * 60 * 1000;
/** A session unused this long ends (a forgotten phone). */
export const INACTIVITY_TIMEOUT_MS = 14 * DAY;
/** No session lives longer than this, however busy. */
export const ABSOLUTE_TIMEOUT_MS = 30 * DAY;
/** lastUsedAt is written at most this often, so reads do not each cost a write. */
const ACTIVITY_WRITE_INTERVAL_MS = 60 * 60 * 1000;

export interface Session {
	id: string;
	userId: string;
	createdAt: Date;
	lastUsedAt: Date;
	/** The earlier of the inactivity and the absolute expiry. */
	expiresAt: Date;
}

export interface NewUser {
	email: string;
	name: string;
	password: string;
	role?: OrgRole;
}

export interface AuthService {
	hasUsers(): Promise<boolean>;
	/** Creates the first administrator; refused once any user exists. */
	setupFirstAdmin(input: NewUser): Promise<User>;
	createUser(input: NewUser): Promise<User>;
	/** Checks the password (rate-limited per email and per client) and opens a session. */
	login(email: string, password: string, clientKey: string): Promise<{ token: string; session: Session; user: User }>;
	createSession(userId: string): Promise<{ token: string; session: Session }>;
	validateSessionToken(token: string): Promise<{ session: Session; user: User } | null>;
	invalidateSession(sessionId: string): Promise<void>;
	invalidateUserSessions(userId: string): Promise<void>;
}

export interface AuthOptions {
	now?: () => number;
	/** Login attempts per email before waiting; refilled one every `loginRefillSeconds`. */
	loginBurst?: number;
	loginRefillSeconds?: number;
}

function toUser(row: UserRow): User {
	return { id: row.id, email: row.email, name: row.name, role: row.role, color: row.color };
}

function normaliseEmail(email: unknown): string {
	if (typeof email !== 'string') throw invalid('email_invalid', 'Enter an email address');
	const value = email.trim().toLowerCase();
	if (value.length > 254 || !/^[^\s@]+@[^\s@]+$/.test(value)) throw invalid('email_invalid', 'Enter a valid email address');
	return value;
}

function validateNewUser(input: NewUser): NewUser {
	const email = normaliseEmail(input.email);
	const name = typeof input.name === 'string' ? input.name.trim() : '';
	if (!name || name.length > 100) throw invalid('name_invalid', 'Enter a name of at most 100 characters');
	const password = input.password;
	if (typeof password !== 'string' || password.length < PASSWORD_MIN)
		throw invalid('password_short', `A password needs at least ${PASSWORD_MIN} characters`);
	if (password.length > PASSWORD_MAX) throw invalid('password_long', `A password has at most ${PASSWORD_MAX} characters`);
	const role = input.role ?? 'member';
	if (role !== 'admin' && role !== 'member') throw invalid('role_invalid', 'Role must be admin or member');
	return { email, name, password, role };
}

export function createAuthService({ db }: Database, options: AuthOptions = {}): AuthService {
	const now = options.now ?? Date.now;
	const refill = options.loginRefillSeconds ?? 12;
	const perEmail = createRateLimiter(options.loginBurst ?? 5, 1 / refill, now);
	// A whole meeting room may sign in from behind one address, so the per-client bucket is wide.
	const perClient = createRateLimiter(60, 1, now);

	function expiry(createdAt: number, lastUsedAt: number): number {
		return Math.min(createdAt + ABSOLUTE_TIMEOUT_MS, lastUsedAt + INACTIVITY_TIMEOUT_MS);
	}

	function toSession(row: { id: string; userId: string; createdAt: number; lastUsedAt: number }): Session {
		return {
			id: row.id,
			userId: row.userId,
			createdAt: new Date(row.createdAt),
			lastUsedAt: new Date(row.lastUsedAt),
			expiresAt: new Date(expiry(row.createdAt, row.lastUsedAt))
		};
	}

	async function insertUser(input: NewUser, onlyIfFirst: boolean): Promise<User> {
		const valid = validateNewUser(input);
		const id = crypto.randomUUID();
		const row = {
			id,
			email: valid.email,
			name: valid.name,
			passwordHash: await hashPassword(valid.password),
			role: valid.role ?? 'member',
			color: pickColor(id)
		};
		try {
			if (onlyIfFirst) {
				// One statement, so two people racing through setup cannot both become the first admin.
				const result = await db.run(sql`INSERT INTO users (id, email, name, password_hash, role, color)
					SELECT ${row.id}, ${row.email}, ${row.name}, ${row.passwordHash}, 'admin', ${row.color}
					WHERE NOT EXISTS (SELECT 1 FROM users)`);
				if (result.rowsAffected === 0) throw new AppError(409, 'setup_done', 'An administrator already exists');
				row.role = 'admin';
			} else {
				await db.insert(users).values(row);
			}
		} catch (error) {
			if (error instanceof AppError) throw error;
			if (String((error as Error).message).includes('UNIQUE')) throw new AppError(409, 'email_taken', 'That email is already in use');
			throw error;
		}
		return { id, email: row.email, name: row.name, role: row.role, color: row.color };
	}

	async function createSession(userId: string) {
		const { id, token, secretHash } = issueSecret();
		const t = now();
		await db.insert(sessions).values({ id, userId, secretHash, createdAt: t, lastUsedAt: t });
		return { token, session: toSession({ id, userId, createdAt: t, lastUsedAt: t }) };
	}

	return {
		async hasUsers() {
			const row = await db.select({ n: sql<number>`count(*)` }).from(users).limit(1);
			return (row[0]?.n ?? 0) > 0;
		},

		setupFirstAdmin: (input) => insertUser({ ...input, role: 'admin' }, true),
		createUser: (input) => insertUser(input, false),

		async login(rawEmail, password, clientKey) {
			const email = typeof rawEmail === 'string' ? rawEmail.trim().toLowerCase() : '';
			if (!email || typeof password !== 'string' || !password)
				throw invalid('credentials_missing', 'Enter your email and password');
			const wait = Math.max(perEmail.take(email), perClient.take(clientKey));
			if (wait > 0) throw new AppError(429, 'too_many_attempts', 'Too many sign-in attempts; try again later', wait);
			const [row] = await db.select().from(users).where(eq(users.email, email)).limit(1);
			if (!row) {
				await verifyDecoy(password);
				throw new AppError(401, 'credentials_wrong', 'Wrong email or password');
			}
			if (!(await verifyPassword(row.passwordHash, password)) || row.deactivatedAt)
				throw new AppError(401, 'credentials_wrong', 'Wrong email or password');
			perEmail.reset(email);
			const { token, session } = await createSession(row.id);
			return { token, session, user: toUser(row) };
		},

		createSession,

		async validateSessionToken(token) {
			const parsed = parseSecret(token);
			if (!parsed) return null;
			const [found] = await db
				.select({ session: sessions, user: users })
				.from(sessions)
				.innerJoin(users, eq(users.id, sessions.userId))
				.where(eq(sessions.id, parsed.id))
				.limit(1);
			if (!found) return null;
			const { session, user } = found;
			if (!secretMatches(parsed.secret, new Uint8Array(session.secretHash))) return null;
			const t = now();
			if (user.deactivatedAt || t >= expiry(session.createdAt, session.lastUsedAt)) {
				await db.delete(sessions).where(eq(sessions.id, session.id));
				return null;
			}
			if (t - session.lastUsedAt >= ACTIVITY_WRITE_INTERVAL_MS) {
				session.lastUsedAt = t;
				await db.update(sessions).set({ lastUsedAt: t }).where(eq(sessions.id, session.id));
			}
			return { session: toSession(session), user: toUser(user) };
		},

		async invalidateSession(sessionId) {
			await db.delete(sessions).where(eq(sessions.id, sessionId));
		},

		async invalidateUserSessions(userId) {
			await db.delete(sessions).where(eq(sessions.userId, userId));
		}
	};
}
