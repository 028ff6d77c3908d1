/** Organisation administration: people, deactivation, invitations and password-reset links. */
import { and, asc, eq, gt, isNull } from 'drizzle-orm';
import { isBoardRole, type BoardRole } from '../../src/lib/board/index';
import type { AuthService } from '../auth/service';
import { hashPassword, PASSWORD_MAX, PASSWORD_MIN } from '../auth/password';
import { issueSecret, parseSecret, secretMatches } from '../auth/token';
import type { OrgRole, User } from '../auth/user';
import type { BoardService } from '../boards/service';
import type { Database } from '../db/client';
import { boardMembers, boards, oneTimeLinks, users } from '../db/schema';
import { AppError, invalid } from '../errors';
import type { SyncService } from '../sync';

const HOUR = 3600_000;
export const INVITE_TTL_HOURS = { default: 7 * 24, max: 30 * 24 } as const;
export const RESET_TTL_HOURS = 24;

export interface UserListing extends User {
	createdAt: string;
	deactivatedAt: string | null;
}

export interface InviteInput {
	orgRole?: unknown;
	boardId?: unknown;
	boardRole?: unknown;
	ttlHours?: unknown;
}

export interface LinkInfo {
	kind: 'invite' | 'reset';
	expiresAt: number;
	boardTitle: string | null;
	boardRole: BoardRole | null;
	/** For resets: whose password is being set. */
	email: string | null;
}

export interface UserService {
	list(actor: User): Promise<UserListing[]>;
	create(actor: User, input: { email: unknown; name: unknown; password: unknown; role?: unknown }): Promise<User>;
	/** Deactivating ends every session of the person and closes their sockets at once. */
	setActive(actor: User, userId: string, active: boolean): Promise<void>;
	setRole(actor: User, userId: string, role: unknown): Promise<void>;
	createResetLink(actor: User, userId: string): Promise<{ token: string; expiresAt: number }>;
	/** Administrators invite to the organisation; a board's leads invite to their board. */
	createInvite(actor: User, input: InviteInput): Promise<{ token: string; expiresAt: number }>;
	inspectLink(token: string): Promise<LinkInfo | null>;
	acceptInvite(token: string, input: { email: unknown; name: unknown; password: unknown }): Promise<User>;
	useResetLink(token: string, password: unknown): Promise<User>;
}

function requireAdmin(actor: User) {
	if (actor.role !== 'admin') throw new AppError(403, 'admin_only', 'Only administrators manage people');
}

function isOrgRole(value: unknown): value is OrgRole {
	return value === 'admin' || value === 'member';
}

export function createUserService(
	{ db }: Database,
	auth: AuthService,
	boardsService: BoardService,
	sync: Pick<SyncService, 'closeUser'>,
	now: () => number = Date.now
): UserService {
	async function findLink(token: string, kind?: 'invite' | 'reset') {
		const parsed = parseSecret(token);
		if (!parsed) return null;
		const [row] = await db
			.select()
			.from(oneTimeLinks)
			.where(and(eq(oneTimeLinks.id, parsed.id), isNull(oneTimeLinks.usedAt), gt(oneTimeLinks.expiresAt, now())))
			.limit(1);
		if (!row || (kind && row.kind !== kind) || !secretMatches(parsed.secret, new Uint8Array(row.secretHash))) return null;
		return row;
	}

	/** Marks a link used; false when someone else used it a moment ago. */
	async function consume(id: string): Promise<boolean> {
		const result = await db.update(oneTimeLinks).set({ usedAt: now() }).where(and(eq(oneTimeLinks.id, id), isNull(oneTimeLinks.usedAt)));
		return result.rowsAffected === 1;
	}

	async function endEverything(userId: string) {
		await auth.invalidateUserSessions(userId);
		sync.closeUser(userId);
	}

	return {
		async list(actor) {
			requireAdmin(actor);
			return db
				.select({ id: users.id, email: users.email, name: users.name, role: users.role, color: users.color, createdAt: users.createdAt, deactivatedAt: users.deactivatedAt })
				.from(users)
				.orderBy(asc(users.name));
		},

		async create(actor, input) {
			requireAdmin(actor);
			if (input.role !== undefined && !isOrgRole(input.role)) throw invalid('role_invalid', 'Role must be admin or member');
			return auth.createUser({ email: input.email as string, name: input.name as string, password: input.password as string, role: input.role as OrgRole | undefined });
		},

		async setActive(actor, userId, active) {
			requireAdmin(actor);
			if (userId === actor.id && !active) throw invalid('self_deactivate', 'You cannot deactivate yourself');
			const result = await db
				.update(users)
				.set({ deactivatedAt: active ? null : new Date(now()).toISOString() })
				.where(eq(users.id, userId));
			if (result.rowsAffected === 0) throw new AppError(404, 'user_not_found', 'No such person');
			if (!active) await endEverything(userId);
		},

		async setRole(actor, userId, role) {
			requireAdmin(actor);
			if (!isOrgRole(role)) throw invalid('role_invalid', 'Role must be admin or member');
			if (userId === actor.id && role !== 'admin') throw invalid('self_demote', 'You cannot remove your own administrator role');
			const result = await db.update(users).set({ role }).where(eq(users.id, userId));
			if (result.rowsAffected === 0) throw new AppError(404, 'user_not_found', 'No such person');
			// Board access changes with the organisation role: reconnect to pick up the new rights.
			sync.closeUser(userId, 4000);
		},

		async createResetLink(actor, userId) {
			requireAdmin(actor);
			const [target] = await db.select({ id: users.id }).from(users).where(eq(users.id, userId)).limit(1);
			if (!target) throw new AppError(404, 'user_not_found', 'No such person');
			const { id, token, secretHash } = issueSecret();
			const expiresAt = now() + RESET_TTL_HOURS * HOUR;
			await db.insert(oneTimeLinks).values({ id, kind: 'reset', secretHash, userId, createdBy: actor.id, createdAt: now(), expiresAt });
			return { token, expiresAt };
		},

		async createInvite(actor, input) {
			const boardId = input.boardId === undefined || input.boardId === null ? null : String(input.boardId);
			const boardRole = boardId ? input.boardRole ?? 'member' : null;
			const orgRole = input.orgRole ?? 'member';
			if (!isOrgRole(orgRole)) throw invalid('role_invalid', 'Role must be admin or member');
			if (boardRole !== null && !isBoardRole(boardRole)) throw invalid('board_role_invalid', 'Board role must be lead, member or viewer');
			const ttl = input.ttlHours === undefined ? INVITE_TTL_HOURS.default : Number(input.ttlHours);
			if (!Number.isFinite(ttl) || ttl <= 0 || ttl > INVITE_TTL_HOURS.max)
				throw invalid('ttl_invalid', `An invitation lasts between 1 hour and ${INVITE_TTL_HOURS.max / 24} days`);
			if (actor.role !== 'admin') {
				if (orgRole !== 'member' || !boardId) throw new AppError(403, 'admin_only', 'Only administrators invite to the organisation');
				if ((await boardsService.role(actor, boardId)) !== 'lead') throw new AppError(403, 'lead_only', 'Only the board’s leads invite to it');
			} else if (boardId && !(await boardsService.role(actor, boardId))) {
				throw new AppError(404, 'board_not_found', 'No such board');
			}
			const { id, token, secretHash } = issueSecret();
			const expiresAt = now() + ttl * HOUR;
			await db.insert(oneTimeLinks).values({ id, kind: 'invite', secretHash, orgRole, boardId, boardRole, createdBy: actor.id, createdAt: now(), expiresAt });
			return { token, expiresAt };
		},

		async inspectLink(token) {
			const row = await findLink(token);
			if (!row) return null;
			const [board] = row.boardId ? await db.select({ title: boards.title }).from(boards).where(eq(boards.id, row.boardId)) : [];
			const [user] = row.userId ? await db.select({ email: users.email }).from(users).where(eq(users.id, row.userId)) : [];
			return { kind: row.kind, expiresAt: row.expiresAt, boardTitle: board?.title ?? null, boardRole: row.boardRole, email: user?.email ?? null };
		},

		async acceptInvite(token, input) {
			const row = await findLink(token, 'invite');
			if (!row) throw new AppError(404, 'link_invalid', 'This invitation is invalid, used or expired');
			// Validate before spending the link, so a typo does not burn the invitation.
			const user = await auth.createUser({ email: input.email as string, name: input.name as string, password: input.password as string, role: row.orgRole ?? 'member' });
			if (!(await consume(row.id))) {
				await db.delete(users).where(eq(users.id, user.id));
				throw new AppError(404, 'link_invalid', 'This invitation is invalid, used or expired');
			}
			if (row.boardId && row.boardRole) await db.insert(boardMembers).values({ boardId: row.boardId, userId: user.id, role: row.boardRole }).onConflictDoNothing();
			return user;
		},

		async useResetLink(token, password) {
			if (typeof password !== 'string' || password.length < PASSWORD_MIN) throw invalid('password_short', `A password needs at least ${PASSWORD_MIN} characters`);
			if (password.length > PASSWORD_MAX) throw invalid('password_long', `A password has at most ${PASSWORD_MAX} characters`);
			const row = await findLink(token, 'reset');
			if (!row || !row.userId || !(await consume(row.id))) throw new AppError(404, 'link_invalid', 'This link is invalid, used or expired');
			await db.update(users).set({ passwordHash: await hashPassword(password) }).where(eq(users.id, row.userId));
			await endEverything(row.userId);
			const [u] = await db.select().from(users).where(eq(users.id, row.userId));
			return { id: u.id, email: u.email, name: u.name, role: u.role, color: u.color };
		}
	};
}

