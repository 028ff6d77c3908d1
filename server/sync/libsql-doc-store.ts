/**
 * The DocStore on libSQL: table doc_updates(board_id, seq, data, at, version). One
 * transaction per commit holding one multi-row INSERT (and a DELETE per snapshot),
 * whatever the number of boards in it: statements, not rows, are what a commit pays for
 * (on a local file each text is prepared once, see server/db/sql-runner.ts).
 */
import * as Y from 'yjs';
import type { SqlRunner, SqlStatement, SqlValue } from '../db/sql-runner';
import type { DocStore, DocWrite, StoredDoc } from './doc-store';

/** Rows per INSERT statement: at most 6 parameters each, far below SQLite's 32,766. */
const ROWS_PER_INSERT = 500;

interface Row {
	boardId: string;
	seq: number;
	data: Uint8Array;
	version: Uint8Array | null;
	/** A snapshot that adds nothing keeps the date of the newest row it replaces. */
	keepsDate: boolean;
}

export class LibsqlDocStore implements DocStore {
	/**
	 * The newest stored seq of each board this store loaded or wrote. Kept in memory: a
	 * `MAX(seq)` lookup per row cost more than the row itself. A second writer of the same
	 * board (another process) cannot slip in silently: its rows collide on the primary key
	 * (board_id, seq), the commit fails, and the room reloads from the table ([SY8]).
	 */
	private readonly lastSeq = new Map<string, number>();

	constructor(
		private readonly sql: SqlRunner,
		private readonly now: () => number = Date.now
	) {}

	/**
	 * The rows' bytes, and the newest row's seq and version apart: @libsql/client builds an
	 * object per row with a property per column, which for a 10k-row log cost more than
	 * reading the bytes. One read transaction, so both see the same rows.
	 */
	async load(boardId: string): Promise<StoredDoc> {
		const [data, [last]] = await this.sql.read([
			{ sql: 'SELECT data FROM doc_updates WHERE board_id = ? ORDER BY seq', args: [boardId] },
			{ sql: 'SELECT seq, version FROM doc_updates WHERE board_id = ? ORDER BY seq DESC LIMIT 1', args: [boardId] }
		]);
		this.lastSeq.set(boardId, last ? Number(last[0]) : 0);
		const stored: StoredDoc = { rows: data.map((row) => toBytes(row[0])) };
		if (data.length === 1 && last[1] !== null) stored.version = toBytes(last[1]);
		return stored;
	}

	async commit(writes: readonly DocWrite[]): Promise<void> {
		await this.learnSeqs(writes);
		const rows: Row[] = [];
		const next = new Map<string, number>();
		const drops: SqlStatement[] = [];
		for (const write of writes) {
			const data = rowOf(write);
			if (!data) continue;
			const seq = (next.get(write.boardId) ?? this.lastSeq.get(write.boardId)!) + 1;
			next.set(write.boardId, seq);
			rows.push({
				boardId: write.boardId,
				seq,
				data,
				version: (write.snapshot && write.version) || null,
				keepsDate: write.snapshot !== undefined && write.updates.length === 0
			});
			// The snapshot row holds everything older: those rows go in the same transaction.
			if (write.snapshot) drops.push({ sql: 'DELETE FROM doc_updates WHERE board_id = ? AND seq < ?', args: [write.boardId, seq] });
		}
		if (rows.length === 0) return;
		const at = this.now();
		const statements: SqlStatement[] = [];
		for (let start = 0; start < rows.length; start += ROWS_PER_INSERT) statements.push(insert(rows.slice(start, start + ROWS_PER_INSERT), at));
		await this.sql.write([...statements, ...drops]);
		// Only a committed batch moves the counters: a failed one stored nothing.
		for (const [boardId, seq] of next) this.lastSeq.set(boardId, seq);
	}

	/** Boards written without a load first (a server-side change, a test seed): one lookup each. */
	private async learnSeqs(writes: readonly DocWrite[]): Promise<void> {
		const unknown = [...new Set(writes.filter((w) => !this.lastSeq.has(w.boardId)).map((w) => w.boardId))];
		if (unknown.length === 0) return;
		const [rows] = await this.sql.read([
			{ sql: `SELECT board_id, MAX(seq) FROM doc_updates WHERE board_id IN (${unknown.map(() => '?').join(', ')}) GROUP BY board_id`, args: unknown }
		]);
		const found = new Map(rows.map((row) => [String(row[0]), Number(row[1])]));
		for (const boardId of unknown) if (!this.lastSeq.has(boardId)) this.lastSeq.set(boardId, found.get(boardId) ?? 0);
	}
}

/**
 * One row per board per commit: the snapshot if there is one (it contains the appended
 * updates too), else the updates merged. Merging a tick's few small updates costs less
 * than the row each would need.
 */
function rowOf(write: DocWrite): Uint8Array | null {
	if (write.snapshot) return write.snapshot;
	if (write.updates.length === 0) return null;
	return write.updates.length === 1 ? write.updates[0] : Y.mergeUpdates(write.updates as Uint8Array[]);
}

function insert(rows: Row[], at: number): SqlStatement {
	const args: SqlValue[] = [];
	const values: string[] = [];
	for (const row of rows) {
		if (row.keepsDate) {
			values.push('(?, ?, ?, COALESCE((SELECT MAX(at) FROM doc_updates WHERE board_id = ?), ?), ?)');
			args.push(row.boardId, row.seq, row.data, row.boardId, at, row.version);
		} else {
			values.push('(?, ?, ?, ?, ?)');
			args.push(row.boardId, row.seq, row.data, at, row.version);
		}
	}
	return { sql: `INSERT INTO doc_updates (board_id, seq, data, at, version) VALUES ${values.join(', ')}`, args };
}

/** A plain Uint8Array (the local driver gives Buffers: same bytes, viewed without copying). */
function toBytes(value: unknown): Uint8Array {
	if (Buffer.isBuffer(value)) return new Uint8Array(value.buffer, value.byteOffset, value.byteLength);
	if (value instanceof Uint8Array) return value;
	if (value instanceof ArrayBuffer) return new Uint8Array(value);
	throw new Error(`doc_updates.data is not a blob (${typeof value})`);
}
