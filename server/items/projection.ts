/**
 * Keeps the `items` table (DESIGN.md "Persistence") in step with every board's live
 * document. A room that loads rewrites its board's rows only when they are behind its
 * stored document (a big board's rewrite is the costliest thing a cold join could do);
 * after that only the items a change touched are rewritten. Changes are coalesced: the
 * first after a quiet spell is written at once, a stream of them at most once per
 * `flushMs`, every board in one batch of a few multi-row statements (not a few per board:
 * building statements is what a busy server would spend its time on). Items are read
 * only through the board model.
 *
 * `item_projections.projected_at` is when a board's rows last matched its document. The
 * document's updates are stored with the time they were stored (`doc_updates.at`), after
 * they were applied, so a board with a stored update newer than its projection — after
 * a crash, or on a database that predates this table — is rebuilt at start-up.
 */
import type * as Y from 'yjs';
import { allItems, getItem, type Item } from '../../src/lib/board/index';
import type { Database } from '../db/client';
import type { SqlStatement } from '../db/sql-runner';
import type { ChangedItems, SyncService } from '../sync';
import { consoleLogger, type Logger } from '../sync/logger';

export const ITEM_PROJECTION_FLUSH_MS = 100;
/** Rows per INSERT: 16 parameters each stays well inside SQLite's limit on parameters. */
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
	/** Rewrite every row of the board (a load, a retry, a start-up rebuild). */
	all: boolean;
	/** …unless its rows are found to be current: a room's load, not a failed write. */
	unlessCurrent: boolean;
	/** Items changed since; kept when a full rewrite turns out not to be needed. */
	changed: Set<string>;
	attempts: number;
}

/** The columns a rewrite may change; updated_at moves only when one of them did. */
const PROJECTED_COLUMNS = ['number', 'title', 'status', 'blocked', 'horizon', 'period', 'start', 'due', 'area_id', 'owner_id', 'parent_id', 'deleted', 'position'];

/** An `items` row's columns, in the order `toRow` gives their values. */
const ITEM_COLUMNS = ['board_id', 'item_id', ...PROJECTED_COLUMNS, 'updated_at'];
const ITEM_PLACEHOLDERS = `(${ITEM_COLUMNS.map(() => '?').join(', ')})`;

const UPSERT_ON_CONFLICT =
	`ON CONFLICT (board_id, item_id) DO UPDATE SET ${[...PROJECTED_COLUMNS, 'updated_at'].map((column) => `${column} = excluded.${column}`).join(', ')} ` +
	`WHERE ${PROJECTED_COLUMNS.map((column) => `items.${column} IS NOT excluded.${column}`).join(' OR ')}`;

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
		let current = this.pending.get(boardId);
		// A new document for the board (the room was unloaded and loaded again) replaces the old one.
		if (!current || current.doc !== doc) {
			current = { doc, all: false, unlessCurrent: false, changed: new Set(), attempts: 0 };
			this.pending.set(boardId, current);
		}
		if (changed === 'all') {
			if (!current.all) current.unlessCurrent = true;
			current.all = true;
		} else for (const id of changed) current.changed.add(id);
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
			// The room's own load reports 'all' as well; both land in one pending rebuild, and this one is not skipped.
			await sync.read(boardId, (doc) => {
				this.changed(boardId, doc, 'all');
				this.pending.get(boardId)!.unlessCurrent = false;
			});
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
		const done = this.writeBatch(batch);
		this.writing = done.finally(() => {
			this.writing = null;
			if (this.pending.size > 0) this.schedule();
		});
		return this.writing;
	}

	private async writeBatch(batch: Map<string, Pending>): Promise<void> {
		try {
			await this.skipCurrent(batch);
		} catch (error) {
			// Could not tell: rewrite them all, as before this check existed.
			this.logger.warn('items: checking which projections are current failed', error);
		}
		const readAt = this.now();
		const statements = this.statementsFor(batch, readAt);
		if (statements.length > 0) await this.run(statements, batch);
	}

	/**
	 * A room's load asks for a full rewrite; its rows are current when nothing was stored
	 * for the board after they were last written (the same test start-up uses).
	 */
	private async skipCurrent(batch: Map<string, Pending>): Promise<void> {
		const asked = [...batch].filter(([, pending]) => pending.all && pending.unlessCurrent).map(([boardId]) => boardId);
		if (asked.length === 0) return;
		const result = await this.database.client.execute({
			sql: `SELECT p.board_id FROM item_projections p
				WHERE p.board_id IN (SELECT value FROM json_each(?))
				  AND COALESCE((SELECT MAX(u.at) FROM doc_updates u WHERE u.board_id = p.board_id), 0) <= p.projected_at`,
			args: [JSON.stringify(asked)]
		});
		for (const row of result.rows) {
			const pending = batch.get(String(row[0]));
			if (pending) pending.all = false;
		}
	}

	/** Through the doc store's runner: on a local file it skips @libsql/client's per-statement and per-row objects (a flush of 1,900 rows: 12 ms, not 16). */
	private async run(statements: SqlStatement[], batch: Map<string, Pending>): Promise<void> {
		try {
			await this.database.sql.write(statements);
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
			this.pending.set(boardId, { doc: failed.doc, all: true, unlessCurrent: false, changed: new Set(), attempts });
		}
		this.lastFlush = performance.now() + RETRY_MS;
	}

	/**
	 * Every board of the batch in a few statements: multi-row upserts across boards, one
	 * projection row each. Plain SQL: building these with the query builder cost more than
	 * running them (a busy server flushes every 100 ms).
	 */
	private statementsFor(batch: Map<string, Pending>, readAt: number): SqlStatement[] {
		const statements: SqlStatement[] = [];
		const upserts: ItemValues[] = [];
		const projected: Array<[string, number]> = [];
		for (const [boardId, { doc, all, changed }] of batch) {
			if (!all && changed.size === 0) continue;
			projected.push([boardId, readAt]);
			if (all) {
				const present = allItems(doc);
				for (const item of present) upserts.push(toRow(boardId, item, readAt));
				// One JSON parameter rather than one per id: a board may hold thousands of items.
				statements.push({
					sql: 'DELETE FROM items WHERE board_id = ? AND item_id NOT IN (SELECT value FROM json_each(?))',
					args: [boardId, JSON.stringify(present.map((item) => item.id))]
				});
				continue;
			}
			const gone: string[] = [];
			for (const id of changed) {
				const item = getItem(doc, id);
				if (item) upserts.push(toRow(boardId, item, readAt));
				else gone.push(id);
			}
			if (gone.length > 0) {
				statements.push({
					sql: 'DELETE FROM items WHERE board_id = ? AND item_id IN (SELECT value FROM json_each(?))',
					args: [boardId, JSON.stringify(gone)]
				});
			}
		}
		for (const chunk of chunks(upserts, ROWS_PER_STATEMENT)) {
			statements.push({
				sql: `INSERT INTO items (${ITEM_COLUMNS.join(', ')}) VALUES ${chunk.map(() => ITEM_PLACEHOLDERS).join(', ')} ${UPSERT_ON_CONFLICT}`,
				args: chunk.flat()
			});
		}
		for (const chunk of chunks(projected, ROWS_PER_STATEMENT)) {
			statements.push({
				sql: `INSERT INTO item_projections (board_id, projected_at) VALUES ${chunk.map(() => '(?, ?)').join(', ')} ON CONFLICT (board_id) DO UPDATE SET projected_at = excluded.projected_at`,
				args: chunk.flat()
			});
		}
		return statements;
	}
}

type ItemValues = Array<string | number | null>;

/** An item's row values, in ITEM_COLUMNS order. */
function toRow(boardId: string, item: Item, at: number): ItemValues {
	return [
		boardId,
		item.id,
		item.number ?? null,
		item.title,
		item.status,
		item.blocked ? 1 : 0,
		item.horizon ?? null,
		item.period ?? null,
		item.start ?? null,
		item.due ?? null,
		item.areaId ?? null,
		item.ownerId ?? null,
		item.parentId ?? null,
		item.deletedAt !== null ? 1 : 0,
		item.order ?? null,
		at
	];
}

function chunks<T>(list: T[], size: number): T[][] {
	const out: T[][] = [];
	for (let i = 0; i < list.length; i += size) out.push(list.slice(i, i + size));
	return out;
}
