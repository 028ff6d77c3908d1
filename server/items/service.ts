/** Reads of the `items` projection: one person's items across boards, one board's items. */
import { and, asc, eq, sql } from 'drizzle-orm';
import type { Horizon, Status } from '../../src/lib/board/index';
import type { User } from '../auth/user';
import type { Database } from '../db/client';
import { boardMembers, boards, items } from '../db/schema';
import { AppError } from '../errors';
import type { BoardService } from '../boards/service';

/** One of the signed-in person's items, with what a list across boards needs to show and open it. */
export interface MyItem {
	boardId: string;
	boardTitle: string;
	/** For the number as it is shown on the board: PREFIX-NNN. */
	boardPrefix: string;
	itemId: string;
	number: number | null;
	title: string;
	status: Status;
	blocked: boolean;
	horizon: Horizon | null;
	period: string | null;
	start: string | null;
	due: string | null;
	areaId: string | null;
}

export interface BoardItem {
	boardId: string;
	itemId: string;
	number: number | null;
	title: string;
	status: Status;
	blocked: boolean;
	horizon: Horizon | null;
	period: string | null;
	start: string | null;
	due: string | null;
	areaId: string | null;
	ownerId: string | null;
	parentId: string | null;
}

/** The first cards of each column, from the projection: what a board page shows before its document has loaded. */
export interface BoardPreview {
	items: Array<BoardItem & { position: string | null }>;
	counts: Record<Status, number>;
}

export interface ItemService {
	/** The person's items that are not in a bin, on every board they may see; soonest due first, undated last. */
	mine(user: User): Promise<MyItem[]>;
	/** A board's items that are not in the bin, by number; 404 for people who may not see the board. */
	ofBoard(user: User, boardId: string): Promise<BoardItem[]>;
	/** The first `perStatus` items of each column in board order, and every column's count (the caller has checked access). */
	preview(boardId: string, perStatus: number): Promise<BoardPreview>;
}

const itemFields = {
	boardId: items.boardId,
	itemId: items.itemId,
	number: items.number,
	title: items.title,
	status: items.status,
	blocked: items.blocked,
	horizon: items.horizon,
	period: items.period,
	start: items.start,
	due: items.due,
	areaId: items.areaId
};

export function createItemService({ db }: Database, boardService: Pick<BoardService, 'role'>): ItemService {
	return {
		async mine(user) {
			const fields = { ...itemFields, boardTitle: boards.title, boardPrefix: boards.prefix };
			const mineAndLive = and(eq(items.ownerId, user.id), eq(items.deleted, false));
			const order = [sql`${items.due} IS NULL`, asc(items.due), asc(boards.title), asc(items.number)];
			// Administrators lead every board; everyone else sees the boards they are a member of.
			const rows =
				user.role === 'admin'
					? await db.select(fields).from(items).innerJoin(boards, eq(boards.id, items.boardId)).where(mineAndLive).orderBy(...order)
					: await db
							.select(fields)
							.from(items)
							.innerJoin(boards, eq(boards.id, items.boardId))
							.innerJoin(boardMembers, and(eq(boardMembers.boardId, items.boardId), eq(boardMembers.userId, user.id)))
							.where(mineAndLive)
							.orderBy(...order);
			return rows;
		},

		async ofBoard(user, boardId) {
			if (!(await boardService.role(user, boardId))) throw new AppError(404, 'board_not_found', 'No such board');
			return db
				.select({ ...itemFields, ownerId: items.ownerId, parentId: items.parentId })
				.from(items)
				.where(and(eq(items.boardId, boardId), eq(items.deleted, false)))
				.orderBy(sql`${items.number} IS NULL`, asc(items.number));
		},

		async preview(boardId, perStatus) {
			const ranked = db
				.select({
					...itemFields,
					ownerId: items.ownerId,
					parentId: items.parentId,
					position: items.position,
					// Binary text order is the order of the document's fractional keys (compareOrder).
					rank: sql<number>`row_number() OVER (PARTITION BY ${items.status} ORDER BY ${items.position}, ${items.itemId})`.as('rank')
				})
				.from(items)
				.where(and(eq(items.boardId, boardId), eq(items.deleted, false)))
				.as('ranked');
			const [rows, totals] = await Promise.all([
				db.select().from(ranked).where(sql`rank <= ${perStatus}`).orderBy(ranked.status, sql`rank`),
				db
					.select({ status: items.status, count: sql<number>`count(*)` })
					.from(items)
					.where(and(eq(items.boardId, boardId), eq(items.deleted, false)))
					.groupBy(items.status)
			]);
			const counts: Record<Status, number> = { blank: 0, planned: 0, strengthen: 0, done: 0 };
			for (const { status, count } of totals) counts[status] = Number(count);
			return { items: rows.map(({ rank: _rank, ...item }) => item), counts };
		}
	};
}
