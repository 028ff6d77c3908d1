/**
 * Keeps the `items` table (DESIGN.md "Persistence") in step with every board's live
 * document. A room that loads rewrites its board's rows; after that only the items a
 * change touched are rewritten. Changes are coalesced: the first after a quiet spell is
 * written at once, a stream of them at most once per `flushMs`, every board in one batch.
 * Items are read only through the board model.
 *
 * `item_projections.projected_at` is when a board's rows last matched its document. The
 * document's updates are stored with the time they were stored (`doc_updates.at`), after
 * they were applied, so a board with a stored update newer than its projection — after
 * a crash, or on a database that predates this table — is rebuilt at start-up.
 */
import { and, eq, inArray, sql } from 'drizzle-orm';
import type { BatchItem } from 'drizzle-orm/batch';
import type * as Y from 'yjs';
import { allItems, getItem, type Item } from '../../src/lib/board/index';
import type { Database } from '../db/client';
import { itemProjections, items } from '../db/schema';
import type { ChangedItems, SyncService } from '../sync';
import { consoleLogger, type Logger } from '../sync/logger';

export const ITEM_PROJECTION_FLUSH_MS = 100;
/** Rows per INSERT: 15 parameters each stays well inside SQLite's limit on parameters. */
const ROWS_PER_STATEMENT = 500;
/** A failed write is retried this many times (as full rebuilds); then start-up repairs it. */
const MAX_ATTEMPTS = 3;
const RETRY_MS = 1_000;

export interface ItemProjectionOptions {
	flushMs?: number;
	logger?: Logger;
	/** Wall-clock milliseconds, comparable with doc_updates.at. */
	now?: () => number;
}

interface Pending {
	doc: Y.Doc;
	changed: Set<string> | 'all';
	attempts: number;
}

type ItemInsert = typeof items.$inferInsert;

/** The columns a rewrite may change; updated_at moves only when one of them did. */
const PROJECTED_COLUMNS = ['number', 'title', 'status', 'blocked', 'horizon', 'period', 'start', 'due', 'area_id', 'owner_id', 'parent_id', 'deleted'];

const UPSERT_SET = Object.fromEntries(
	[...PROJECTED_COLUMNS, 'updated_at'].map((column) => [toCamel(column), sql.raw(`excluded.${column}`)])
) as Partial<Record<keyof ItemInsert, ReturnType<typeof sql.raw>>>;

const ROW_DIFFERS = sql.raw(PROJECTED_COLUMNS.map((column) => `items.${column} IS NOT excluded.${column}`).join(' OR '));

export class ItemProjection {
	private pending = new Map<string, Pending>();
	private timer: ReturnType<typeof setTimeout> | null = null;
	private writing: Promise<void> | null = null;
	private lastFlush = -Infinity;
	private closed = false;
	private readonly flushMs: number;
	private readonly logger: Logger;
	private readonly now: () => number;

	constructor(
		private readonly database: Database,
		options: ItemProjectionOptions = {}
	) {
		this.flushMs = options.flushMs ?? ITEM_PROJECTION_FLUSH_MS;
		this.logger = options.logger ?? consoleLogger;
		this.now = options.now ?? Date.now;
	}

	/** Follows every board of the sync service; returns the unsubscribe function. */
	follow(sync: Pick<SyncService, 'onBoardChange'>): () => void {
		return sync.onBoardChange((boardId, doc, changed) => this.changed(boardId, doc, changed));
	}

	/** Items of a board's live document changed ('all' after a load). */
	changed(boardId: string, doc: Y.Doc, changed: ChangedItems): void {
		if (this.closed) return;
		const current = this.pending.get(boardId);
		// A new document for the board (the room was unloaded and loaded again) replaces the old one.
		if (!current || current.doc !== doc) {
			this.pending.set(boardId, { doc, changed: changed === 'all' ? 'all' : new Set(changed), attempts: 0 });
		} else if (current.changed !== 'all') {
			if (changed === 'all') current.changed = 'all';
			else for (const id of changed) current.changed.add(id);
		}
		this.schedule();
	}

	/**
	 * Rebuilds every board whose projection is missing or older than its stored document
	 * (start-up). Boards are loaded one at a time. Returns the ids of the boards rebuilt.
	 */
	async rebuildStale(sync: Pick<SyncService, 'read'>): Promise<string[]> {
		const result = await this.database.client.execute(`
			SELECT b.id FROM boards b
			LEFT JOIN item_projections p ON p.board_id = b.id
			WHERE p.board_id IS NULL
			   OR (SELECT MAX(u.at) FROM doc_updates u WHERE u.board_id = b.id) > p.projected_at`);
		const stale = result.rows.map((row) => String(row[0]));
		for (const boardId of stale) {
			// The room's own load reports 'all' as well; both land in one pending rebuild.
			await sync.read(boardId, (doc) => this.changed(boardId, doc, 'all'));
			await this.flush();
		}
		return stale;
	}

	/** Writes everything pending now; resolves once it is stored (or has failed). */
	async flush(): Promise<void> {
		for (;;) {
			if (this.writing) await this.writing;
			else if (this.pending.size > 0) {
				if (this.timer) clearTimeout(this.timer);
				this.timer = null;
				await this.write();
			} else return;
		}
	}

	/** Writes what is pending and stops following changes. */
	async close(): Promise<void> {
		await this.flush();
		this.closed = true;
	}

	private schedule(): void {
		if (this.timer || this.writing || this.closed) return;
		const wait = Math.max(0, this.lastFlush + this.flushMs - performance.now());
		this.timer = setTimeout(() => {
			this.timer = null;
			void this.write();
		}, wait);
		// Pending rows are written by close(); a timer must not keep the process alive.
		this.timer.unref?.();
	}

	private write(): Promise<void> {
		const batch = this.pending;
		this.pending = new Map();
		this.lastFlush = performance.now();
		const readAt = this.now();
		const statements: BatchItem<'sqlite'>[] = [];
		for (const [boardId, { doc, changed }] of batch) statements.push(...this.statementsFor(boardId, doc, changed, readAt));
		const done = statements.length === 0 ? Promise.resolve() : this.run(statements, batch);
		this.writing = done.finally(() => {
			this.writing = null;
			if (this.pending.size > 0) this.schedule();
		});
		return this.writing;
	}

	private async run(statements: BatchItem<'sqlite'>[], batch: Map<string, Pending>): Promise<void> {
		try {
			await this.database.db.batch(statements as [BatchItem<'sqlite'>, ...BatchItem<'sqlite'>[]]);
		} catch (error) {
			this.retry(batch, error);
		}
	}

	/** The failed boards come back as full rebuilds, unless a newer document already replaced them. */
	private retry(batch: Map<string, Pending>, error: unknown): void {
		const attempts = Math.max(...[...batch.values()].map((p) => p.attempts)) + 1;
		if (attempts >= MAX_ATTEMPTS || this.closed) {
			this.logger.error(`items: projecting ${batch.size} board(s) failed ${attempts} times; start-up will rebuild them`, error);
			return;
		}
		this.logger.warn(`items: projecting ${batch.size} board(s) failed; retrying`, error);
		for (const [boardId, failed] of batch) {
			const current = this.pending.get(boardId);
			if (current && current.doc !== failed.doc) continue;
			this.pending.set(boardId, { doc: failed.doc, changed: 'all', attempts });
		}
		this.lastFlush = performance.now() + RETRY_MS;
	}

	private statementsFor(boardId: string, doc: Y.Doc, changed: Set<string> | 'all', readAt: number): BatchItem<'sqlite'>[] {
		const { db } = this.database;
		const statements: BatchItem<'sqlite'>[] = [];
		const upserts: ItemInsert[] = [];
		if (changed === 'all') {
			const present = allItems(doc);
			for (const item of present) upserts.push(toRow(boardId, item, readAt));
			// One JSON parameter rather than one per id: a board may hold thousands of items.
			const ids = JSON.stringify(present.map((item) => item.id));
			statements.push(db.delete(items).where(and(eq(items.boardId, boardId), sql`${items.itemId} NOT IN (SELECT value FROM json_each(${ids}))`)));
		} else {
			const gone: string[] = [];
			for (const id of changed) {
				const item = getItem(doc, id);
				if (item) upserts.push(toRow(boardId, item, readAt));
				else gone.push(id);
			}
			for (const chunk of chunks(gone, ROWS_PER_STATEMENT)) statements.push(db.delete(items).where(and(eq(items.boardId, boardId), inArray(items.itemId, chunk))));
		}
		for (const chunk of chunks(upserts, ROWS_PER_STATEMENT)) {
			statements.push(
				db
					.insert(items)
					.values(chunk)
					.onConflictDoUpdate({ target: [items.boardId, items.itemId], set: UPSERT_SET, setWhere: ROW_DIFFERS })
			);
		}
		statements.push(
			db
				.insert(itemProjections)
				.values({ boardId, projectedAt: readAt })
				.onConflictDoUpdate({ target: itemProjections.boardId, set: { projectedAt: readAt } })
		);
		return statements;
	}
}

function toRow(boardId: string, item: Item, at: number): ItemInsert {
	return {
		boardId,
		itemId: item.id,
		number: item.number,
		title: item.title,
		status: item.status,
		blocked: item.blocked,
		horizon: item.horizon,
		period: item.period,
		start: item.start,
		due: item.due,
		areaId: item.areaId,
		ownerId: item.ownerId,
		parentId: item.parentId,
		deleted: item.deletedAt !== null,
		updatedAt: at
	};
}

function chunks<T>(list: T[], size: number): T[][] {
	const out: T[][] = [];
	for (let i = 0; i < list.length; i += size) out.push(list.slice(i, i + size));
	return out;
}

function toCamel(column: string): string {
	return column.replace(/_([a-z])/g, (_, letter: string) => letter.toUpperCase());
}
