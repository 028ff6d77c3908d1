/** The relational side of Planboard. Board contents live in the Yjs document (doc_updates). */
import { sql } from 'drizzle-orm';
import { blob, index, integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';

const now = sql`(strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))`;

export const users = sqliteTable('users', {
	id: text('id').primaryKey(),
	email: text('email').notNull().unique(),
	name: text('name').notNull(),
	passwordHash: text('password_hash').notNull(),
	role: text('role', { enum: ['admin', 'member'] }).notNull().default('member'),
	color: text('color').notNull(),
	createdAt: text('created_at').notNull().default(now),
	deactivatedAt: text('deactivated_at')
});

/** Lucia-style sessions: the id is public, only a SHA-256 hash of the secret is stored. */
export const sessions = sqliteTable(
	'sessions',
	{
		id: text('id').primaryKey(),
		userId: text('user_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		secretHash: blob('secret_hash', { mode: 'buffer' }).notNull(),
		createdAt: integer('created_at').notNull(),
		lastUsedAt: integer('last_used_at').notNull()
	},
	(t) => [index('sessions_user_idx').on(t.userId)]
);

export const boards = sqliteTable('boards', {
	id: text('id').primaryKey(),
	title: text('title').notNull(),
	prefix: text('prefix').notNull(),
	/** Next item number; incremented atomically by the server, never reused. */
	nextNumber: integer('next_number').notNull().default(1),
	createdBy: text('created_by').references(() => users.id),
	createdAt: text('created_at').notNull().default(now),
	updatedAt: text('updated_at').notNull().default(now),
	/** The public progress board: null while it is off. */
	publicSlug: text('public_slug').unique(),
	/** JSON array of the item fields shown publicly (see src/lib/board/public.ts). */
	publicFields: text('public_fields').notNull().default('[]')
});

export const boardMembers = sqliteTable(
	'board_members',
	{
		boardId: text('board_id')
			.notNull()
			.references(() => boards.id, { onDelete: 'cascade' }),
		userId: text('user_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		role: text('role', { enum: ['lead', 'member', 'viewer'] }).notNull()
	},
	(t) => [primaryKey({ columns: [t.boardId, t.userId] })]
);

/** The append-only update log of each board's Y.Doc; compaction folds it into one row. */
export const docUpdates = sqliteTable(
	'doc_updates',
	{
		boardId: text('board_id')
			.notNull()
			.references(() => boards.id, { onDelete: 'cascade' }),
		seq: integer('seq').notNull(),
		data: blob('data', { mode: 'buffer' }).notNull(),
		at: integer('at').notNull(),
		/**
		 * A snapshot row's Yjs version (Y.encodeSnapshot: state vector and delete set), so a
		 * cold room can answer clients without building the doc ([SY20]).
		 */
		version: blob('version', { mode: 'buffer' })
	},
	(t) => [primaryKey({ columns: [t.boardId, t.seq] })]
);

/** Personal API tokens for scripts: `Authorization: Bearer pbt_<id>.<secret>`; only the hash is kept. */
export const apiTokens = sqliteTable(
	'api_tokens',
	{
		id: text('id').primaryKey(),
		userId: text('user_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		name: text('name').notNull(),
		secretHash: blob('secret_hash', { mode: 'buffer' }).notNull(),
		createdAt: integer('created_at').notNull(),
		lastUsedAt: integer('last_used_at'),
		revokedAt: integer('revoked_at')
	},
	(t) => [index('api_tokens_user_idx').on(t.userId)]
);

/**
 * One-time links: invitations (create an account, optionally with a board role) and
 * password resets (no mail server is assumed, so an admin hands the link over).
 */
export const oneTimeLinks = sqliteTable('one_time_links', {
	id: text('id').primaryKey(),
	kind: text('kind', { enum: ['invite', 'reset'] }).notNull(),
	secretHash: blob('secret_hash', { mode: 'buffer' }).notNull(),
	/** For resets: whose password. */
	userId: text('user_id').references(() => users.id, { onDelete: 'cascade' }),
	/** For invitations: the organisation role and, optionally, a board and its role. */
	orgRole: text('org_role', { enum: ['admin', 'member'] }),
	boardId: text('board_id').references(() => boards.id, { onDelete: 'cascade' }),
	boardRole: text('board_role', { enum: ['lead', 'member', 'viewer'] }),
	createdBy: text('created_by').references(() => users.id),
	createdAt: integer('created_at').notNull(),
	expiresAt: integer('expires_at').notNull(),
	usedAt: integer('used_at')
});

export type UserRow = typeof users.$inferSelect;
export type BoardRow = typeof boards.$inferSelect;

/**
 * The `items` projection (DESIGN.md "Persistence"): one row per item of every board's
 * document, for SQL ("my items" across boards, reports, exports). Written only by
 * server/items/projection.ts from the live document and rebuilt from it; never edited
 * directly. Binned items stay, with `deleted` = 1; items gone from the document go.
 */
export const items = sqliteTable(
	'items',
	{
		boardId: text('board_id')
			.notNull()
			.references(() => boards.id, { onDelete: 'cascade' }),
		itemId: text('item_id').notNull(),
		/** Null until the server has numbered the item. */
		number: integer('number'),
		title: text('title').notNull(),
		status: text('status', { enum: ['blank', 'planned', 'strengthen', 'done'] }).notNull(),
		blocked: integer('blocked', { mode: 'boolean' }).notNull(),
		horizon: text('horizon', { enum: ['week', 'month', 'quarter', 'year'] }),
		period: text('period'),
		start: text('start'),
		due: text('due'),
		areaId: text('area_id'),
		/** No foreign key: the document may name someone whose account is gone. */
		ownerId: text('owner_id'),
		parentId: text('parent_id'),
		deleted: integer('deleted', { mode: 'boolean' }).notNull(),
		/** The item's place in its column (the document's fractional `order` key): a page can list a column before the document loads. */
		position: text('position'),
		/** Milliseconds: when this row last changed. */
		updatedAt: integer('updated_at').notNull()
	},
	(t) => [primaryKey({ columns: [t.boardId, t.itemId] }), index('items_owner_idx').on(t.ownerId), index('items_board_idx').on(t.boardId)]
);

/**
 * When each board's projection last read its document (milliseconds). A board with no row,
 * or with stored updates newer than this, is rebuilt at start-up.
 */
export const itemProjections = sqliteTable('item_projections', {
	boardId: text('board_id')
		.primaryKey()
		.references(() => boards.id, { onDelete: 'cascade' }),
	projectedAt: integer('projected_at').notNull()
});

export type ItemRow = typeof items.$inferSelect;
