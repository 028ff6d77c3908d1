/** Who is on a board and with which role; role changes reach open sockets at once. */
import { and, asc, eq } from 'drizzle-orm';
import { canManageBoard, canWriteDocument, effectiveRole, isBoardRole, type BoardRole } from '../../src/lib/board/index';
import type { User } from '../auth/user';
import type { Database } from '../db/client';
import { boardMembers, users } from '../db/schema';
import { AppError, invalid } from '../errors';
import type { SyncService } from '../sync';
import type { BoardService } from './service';

export interface Member {
	userId: string;
	name: string;
	email: string;
	color: string;
	/** The role given on this board (administrators lead every board regardless). */
	role: BoardRole;
	admin: boolean;
}

export interface MemberService {
	list(actor: User, boardId: string): Promise<Member[]>;
	set(actor: User, boardId: string, userId: string, role: unknown): Promise<Member>;
	remove(actor: User, boardId: string, userId: string): Promise<void>;
}

export function createMemberService({ db }: Database, boards: BoardService, sync: Pick<SyncService, 'setAccess'>): MemberService {
	async function requireManager(actor: User, boardId: string) {
		const role = await boards.role(actor, boardId);
		if (!role) throw new AppError(404, 'board_not_found', 'No such board');
		if (!canManageBoard(role)) throw new AppError(403, 'lead_only', 'Only the board’s leads manage its members');
	}

	async function list(actor: User, boardId: string): Promise<Member[]> {
		if (!(await boards.role(actor, boardId))) throw new AppError(404, 'board_not_found', 'No such board');
		const rows = await db
			.select({ userId: users.id, name: users.name, email: users.email, color: users.color, role: boardMembers.role, orgRole: users.role })
			.from(boardMembers)
			.innerJoin(users, eq(users.id, boardMembers.userId))
			.where(eq(boardMembers.boardId, boardId))
			.orderBy(asc(users.name));
		return rows.map(({ orgRole, ...row }) => ({ ...row, admin: orgRole === 'admin' }));
	}

	return {
		list,

		async set(actor, boardId, userId, role) {
			if (!isBoardRole(role)) throw invalid('board_role_invalid', 'Board role must be lead, member or viewer');
			await requireManager(actor, boardId);
			const [target] = await db.select().from(users).where(eq(users.id, userId)).limit(1);
			if (!target || target.deactivatedAt) throw new AppError(404, 'user_not_found', 'No such person');
			await db.insert(boardMembers).values({ boardId, userId, role }).onConflictDoUpdate({ target: [boardMembers.boardId, boardMembers.userId], set: { role } });
			const effective = effectiveRole(target.role, role);
			sync.setAccess(userId, boardId, canWriteDocument(effective) ? 'write' : 'read');
			return (await list(actor, boardId)).find((m) => m.userId === userId)!;
		},

		async remove(actor, boardId, userId) {
			await requireManager(actor, boardId);
			const result = await db.delete(boardMembers).where(and(eq(boardMembers.boardId, boardId), eq(boardMembers.userId, userId)));
			if (result.rowsAffected === 0) throw new AppError(404, 'member_not_found', 'That person is not on this board');
			const [target] = await db.select({ role: users.role }).from(users).where(eq(users.id, userId));
			// Administrators keep their access to every board; everyone else loses it now.
			sync.setAccess(userId, boardId, target?.role === 'admin' ? 'write' : null);
		}
	};
}
