/** The DocStore on libSQL: table doc_updates(board_id, seq, data, at), one batch per commit. */
import type { Client, InStatement } from '@libsql/client';
import type { DocStore, DocWrite } from './doc-store';

/**
 * seq is taken from the table itself rather than from a counter in memory, so a second
 * process writing the same board (the Redis fan-out of DESIGN.md) cannot collide on it.
 */
const APPEND = `INSERT INTO doc_updates (board_id, seq, data, at)
	SELECT ?1, COALESCE(MAX(seq), 0) + 1, ?2, ?3 FROM doc_updates WHERE board_id = ?1`;

/** The snapshot becomes the newest row; everything older goes in the same transaction. */
const DROP_BEFORE_NEWEST = `DELETE FROM doc_updates
	WHERE board_id = ?1 AND seq < (SELECT MAX(seq) FROM doc_updates WHERE board_id = ?1)`;

export class LibsqlDocStore implements DocStore {
	constructor(
		private readonly client: Client,
		private readonly now: () => number = Date.now
	) {}

	async load(boardId: string): Promise<Uint8Array[]> {
		const result = await this.client.execute({
			sql: 'SELECT data FROM doc_updates WHERE board_id = ? ORDER BY seq',
			args: [boardId]
		});
		return result.rows.map((row) => toBytes(row[0]));
	}

	async commit(writes: readonly DocWrite[]): Promise<void> {
		const at = this.now();
		const statements: InStatement[] = [];
		for (const { boardId, updates, snapshot } of writes) {
			for (const update of updates) statements.push({ sql: APPEND, args: [boardId, update, at] });
			if (snapshot) {
				statements.push({ sql: APPEND, args: [boardId, snapshot, at] });
				statements.push({ sql: DROP_BEFORE_NEWEST, args: [boardId] });
			}
		}
		if (statements.length > 0) await this.client.batch(statements, 'write');
	}
}

function toBytes(value: unknown): Uint8Array {
	if (value instanceof Uint8Array) return value;
	if (value instanceof ArrayBuffer) return new Uint8Array(value);
	throw new Error(`doc_updates.data is not a blob (${typeof value})`);
}
