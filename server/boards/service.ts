/** Boards as rows (who may see them, their counter) alongside their live documents. */
import { and, desc, eq, sql } from 'drizzle-orm';
import {
	BOARD_TITLE_MAX,
	canManageBoard,
	canWriteDocument,
	DEFAULT_PREFIX,
	effectiveRole,
	isPublicField,
	isValidPrefix,
	updateMeta,
	type BoardRole,
	type PublicField
} from '../../src/lib/board/index';
import { generateSecureRandomString } from '../auth/token';
import type { User } from '../auth/user';
import type { Database } from '../db/client';
import { boardMembers, boards, users } from '../db/schema';
import { AppError, invalid } from '../errors';
import type { Access, SyncService } from '../sync';


export interface PublicSettings {
	enabled: boolean;
	slug: string | null;
	fields: PublicField[];
}

/** The slug is stored with a marker while the page is off, so turning it on again keeps its address. */
const OFF = '~off~';

export interface BoardSummary {
	id: string;
	title: string;
	prefix: string;
	createdAt: string;
	updatedAt: string;
}

export interface BoardService {
	list(user: User): Promise<BoardSummary[]>;
	get(user: User, boardId: string): Promise<{ board: BoardSummary; access: Access; role: BoardRole } | null>;
	/** The user's role on the board (administrators lead every board), or null. */
	role(user: User, boardId: string): Promise<BoardRole | null>;
	access(user: User, boardId: string): Promise<Access | null>;
	create(user: User, input: { title: unknown; prefix?: unknown }): Promise<BoardSummary>;
	/** Renames a board or changes its numbering prefix (leads); the live document follows. */
	update(user: User, boardId: string, input: { title?: unknown; prefix?: unknown }): Promise<BoardSummary>;
	/** Turns the public progress board on or off and chooses its fields; the slug survives off/on. */
	setPublic(user: User, boardId: string, input: { enabled: unknown; fields?: unknown }): Promise<PublicSettings>;
	publicSettings(boardId: string): Promise<PublicSettings>;
	/** The board behind a public slug, when it is public. */
	boardForSlug(slug: string): Promise<string | null>;
	/** What the public document needs: the fields and the names of the people items belong to. */
	publicView(boardId: string): Promise<{ fields: PublicField[]; ownerNames: ReadonlyMap<string, string> } | null>;
	/** Reserves `count` consecutive item numbers; atomic, so numbers are never handed out twice. */
	allocateNumbers(boardId: string, count: number): Promise<number[]>;
}

const summary = {
	id: boards.id,
	title: boards.title,
	prefix: boards.prefix,
	createdAt: boards.createdAt,
	updatedAt: boards.updatedAt
};

function cleanTitle(title: unknown): string {
	const value = typeof title === 'string' ? title.trim() : '';
	if (!value) throw invalid('title_required', 'A board needs a title');
	if (value.length > BOARD_TITLE_MAX) throw invalid('title_long', `A title has at most ${BOARD_TITLE_MAX} characters`);
	return value;
}

/** "Health Centre Year 2026" → "HCY"; titles without Latin words get the default prefix. */
export function prefixFromTitle(title: string): string {
	const initials = (title.match(/[A-Za-z][A-Za-z0-9]*/g) ?? []).map((w) => w[0].toUpperCase()).join('');
	return isValidPrefix(initials.slice(0, 4)) ? initials.slice(0, 4) : DEFAULT_PREFIX;
}

export function createBoardService({ db }: Database, sync: Pick<SyncService, 'change'>): BoardService {
	async function role(user: User, boardId: string): Promise<BoardRole | null> {
		const [row] = await db
			.select({ id: boards.id, role: boardMembers.role })
			.from(boards)
			.leftJoin(boardMembers, and(eq(boardMembers.boardId, boards.id), eq(boardMembers.userId, user.id)))
			.where(eq(boards.id, boardId))
			.limit(1);
		if (!row) return null;
		return effectiveRole(user.role, row.role);
	}

	async function access(user: User, boardId: string): Promise<Access | null> {
		const r = await role(user, boardId);
		if (!r) return null;
		return canWriteDocument(r) ? 'write' : 'read';
	}

	async function get(user: User, boardId: string) {
		const r = await role(user, boardId);
		if (!r) return null;
		const [board] = await db.select(summary).from(boards).where(eq(boards.id, boardId)).limit(1);
		return board ? { board, role: r, access: canWriteDocument(r) ? ('write' as const) : ('read' as const) } : null;
	}

	async function publicSettings(boardId: string): Promise<PublicSettings> {
		const [row] = await db.select({ slug: boards.publicSlug, fields: boards.publicFields }).from(boards).where(eq(boards.id, boardId));
		if (!row) throw new AppError(404, 'board_not_found', 'No such board');
		const fields = (JSON.parse(row.fields) as unknown[]).filter(isPublicField);
		if (!row.slug) return { enabled: false, slug: null, fields };
		const enabled = !row.slug.startsWith(OFF);
		return { enabled, slug: enabled ? row.slug : row.slug.slice(OFF.length), fields };
	}

	return {
		role,
		access,
		get,

		async list(user) {
			if (user.role === 'admin') return db.select(summary).from(boards).orderBy(desc(boards.updatedAt));
			return db
				.select(summary)
				.from(boards)
				.innerJoin(boardMembers, eq(boardMembers.boardId, boards.id))
				.where(eq(boardMembers.userId, user.id))
				.orderBy(desc(boards.updatedAt));
		},

		async create(user, input) {
			if (user.role !== 'admin') throw new AppError(403, 'forbidden', 'Only administrators create boards');
			const title = cleanTitle(input.title);
			let prefix = prefixFromTitle(title);
			if (input.prefix !== undefined) {
				if (typeof input.prefix !== 'string' || !isValidPrefix(input.prefix))
					throw invalid('prefix_invalid', 'A prefix is 1–8 capital letters or digits, starting with a letter');
				prefix = input.prefix;
			}
			const id = crypto.randomUUID();
			await db.batch([
				db.insert(boards).values({ id, title, prefix, createdBy: user.id }),
				db.insert(boardMembers).values({ boardId: id, userId: user.id, role: 'lead' })
			]);
			await sync.change(id, (doc) => updateMeta(doc, { title, prefix }));
			const [board] = await db.select(summary).from(boards).where(eq(boards.id, id));
			return board;
		},

		async update(user, boardId, input) {
			const level = await role(user, boardId);
			if (!level) throw new AppError(404, 'board_not_found', 'No such board');
			if (!canWriteDocument(level)) throw new AppError(403, 'forbidden', 'Only leads change a board’s title or prefix');
			if (input.title === undefined && input.prefix === undefined) throw invalid('nothing_to_change', 'Send a title, a prefix, or both');
			const title = input.title === undefined ? undefined : cleanTitle(input.title);
			if (input.prefix !== undefined && (typeof input.prefix !== 'string' || !isValidPrefix(input.prefix)))
				throw invalid('prefix_invalid', 'A prefix is 1–8 capital letters or digits, starting with a letter');
			const prefix = input.prefix as string | undefined;
			await db
				.update(boards)
				.set({ ...(title === undefined ? {} : { title }), ...(prefix === undefined ? {} : { prefix }), updatedAt: sql`(strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))` })
				.where(eq(boards.id, boardId));
			await sync.change(boardId, (doc) => updateMeta(doc, { ...(title === undefined ? {} : { title }), ...(prefix === undefined ? {} : { prefix }) }));
			const found = await get(user, boardId);
			return found!.board;
		},

		async setPublic(user, boardId, input) {
			const level = await role(user, boardId);
			if (!level) throw new AppError(404, 'board_not_found', 'No such board');
			if (!canManageBoard(level)) throw new AppError(403, 'lead_only', 'Only the board’s leads publish it');
			if (typeof input.enabled !== 'boolean') throw invalid('enabled_invalid', 'enabled must be true or false');
			const current = await publicSettings(boardId);
			let fields = current.fields;
			if (input.fields !== undefined) {
				if (!Array.isArray(input.fields) || !input.fields.every(isPublicField))
					throw invalid('fields_invalid', 'fields must be a list of: owner, notes, dates, blocked, period');
				fields = [...new Set(input.fields as PublicField[])];
			}
			const slug = current.slug ?? generateSecureRandomString().slice(0, 12);
			await db
				.update(boards)
				.set({ publicSlug: input.enabled ? slug : `${OFF}${slug}`, publicFields: JSON.stringify(fields) })
				.where(eq(boards.id, boardId));
			return { enabled: input.enabled, slug, fields };
		},

		publicSettings,

		async boardForSlug(slug) {
			if (!/^[a-z2-9]{12}$/.test(slug)) return null;
			const [row] = await db.select({ id: boards.id }).from(boards).where(eq(boards.publicSlug, slug));
			return row?.id ?? null;
		},

		async publicView(boardId) {
			const settings = await publicSettings(boardId).catch(() => null);
			if (!settings?.enabled) return null;
			const people = await db.select({ id: users.id, name: users.name }).from(users);
			return { fields: settings.fields, ownerNames: new Map(people.map((p) => [p.id, p.name])) };
		},

		async allocateNumbers(boardId, count) {
			if (count <= 0) return [];
			const [row] = await db
				.update(boards)
				.set({ nextNumber: sql`${boards.nextNumber} + ${count}` })
				.where(eq(boards.id, boardId))
				.returning({ next: boards.nextNumber });
			if (!row) throw new Error(`No board ${boardId}`);
			const first = row.next - count;
			return Array.from({ length: count }, (_, i) => first + i);
		}
	};
}
