/**
 * How the hot path (the doc store: a commit per turn of the event loop under load) talks
 * to SQL. On the local database file it goes through libsql's synchronous driver, with each
 * statement prepared once: @libsql/client prepares every statement anew and builds an
 * object per row, which was most of a small commit's cost (≈ 110 of a one-row commit's
 * µs, against ≈ 40 prepared). A remote database (`libsql://…`) has only the client.
 */
import type { Client } from '@libsql/client';
import Libsql from 'libsql';

export type SqlValue = string | number | bigint | Uint8Array | null;

export interface SqlStatement {
	sql: string;
	args: readonly SqlValue[];
}

/** A result row: its values by column position. */
export type SqlRow = ArrayLike<unknown>;

export interface SqlRunner {
	/** Runs the statements in one write transaction: all of them take effect, or none. */
	write(statements: readonly SqlStatement[]): Promise<void>;
	/** Runs the queries in one read transaction (they see the same data): each one's rows. */
	read(statements: readonly SqlStatement[]): Promise<SqlRow[][]>;
	close(): void;
}

/** Through @libsql/client: any database it can reach. */
export function clientRunner(client: Client): SqlRunner {
	return {
		async write(statements) {
			await client.batch(statements.map(toClient), 'write');
		},
		async read(statements) {
			const results = await client.batch(statements.map(toClient), 'read');
			return results.map((result) => result.rows);
		},
		close() {
			// The client belongs to whoever opened it.
		}
	};
}

function toClient({ sql, args }: SqlStatement) {
	return { sql, args: args as SqlValue[] };
}

/** Prepared statements kept per SQL text; a commit's multi-row INSERT has one text per row count. */
const MAX_PREPARED = 256;

/**
 * A connection of its own to a local database file, statements prepared once. The work is
 * synchronous, as @libsql/client's is on a local file: a transaction never interleaves with
 * another connection's statements of this process.
 */
export class PreparedRunner implements SqlRunner {
	private readonly db: Libsql.Database;
	private readonly prepared = new Map<string, Libsql.Statement<unknown[]>>();

	/** `pragmas` are per connection: the caller passes the ones its other connections use. */
	constructor(path: string, pragmas: readonly string[]) {
		this.db = new Libsql(path);
		for (const pragma of pragmas) this.db.exec(pragma);
	}

	async write(statements: readonly SqlStatement[]): Promise<void> {
		// One statement is a transaction of its own in SQLite: no BEGIN and COMMIT to run (most commits under load).
		if (statements.length === 1) {
			this.statement(statements[0].sql).run(...statements[0].args);
			return;
		}
		this.inTransaction('BEGIN IMMEDIATE', () => {
			for (const { sql, args } of statements) this.statement(sql).run(...args);
		});
	}

	async read(statements: readonly SqlStatement[]): Promise<SqlRow[][]> {
		return this.inTransaction('BEGIN', () => statements.map(({ sql, args }) => this.statement(sql).raw(true).all(...args) as SqlRow[]));
	}

	/**
	 * Folds the WAL into the database file, then closes. SQLite does that when the last
	 * connection closes, but the checkpointer's connection (checkpointer.ts) lives on in its
	 * terminated thread, so it never happened: a restart read a WAL of everything since the
	 * last checkpoint. It waits at most 100 ms for a checkpoint in progress; if one is, the
	 * WAL stays, as SQLite would leave it.
	 */
	close(): void {
		this.prepared.clear();
		try {
			this.db.exec('PRAGMA busy_timeout = 100');
			this.db.exec('PRAGMA wal_checkpoint(TRUNCATE)');
		} catch {
			// Busy or read-only: the WAL is replayed at the next open.
		}
		this.db.close();
	}

	private inTransaction<T>(begin: string, work: () => T): T {
		this.statement(begin).run();
		try {
			const result = work();
			this.statement('COMMIT').run();
			return result;
		} catch (error) {
			if (this.db.inTransaction) this.statement('ROLLBACK').run();
			throw error;
		}
	}

	private statement(sql: string): Libsql.Statement<unknown[]> {
		let statement = this.prepared.get(sql);
		if (!statement) {
			if (this.prepared.size >= MAX_PREPARED) this.prepared.delete(this.prepared.keys().next().value!);
			statement = this.db.prepare<unknown[]>(sql);
			this.prepared.set(sql, statement);
		}
		return statement;
	}
}
