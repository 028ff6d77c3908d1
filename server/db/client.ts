/** Opens the libSQL database, sets its pragmas deliberately, and applies migrations. */
import { createClient, type Client } from '@libsql/client';
import { drizzle, type LibSQLDatabase } from 'drizzle-orm/libsql';
import { migrate } from 'drizzle-orm/libsql/migrator';
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startCheckpointer } from './checkpointer';
import { clientRunner, PreparedRunner, type SqlRunner } from './sql-runner';
import * as schema from './schema';

export type Db = LibSQLDatabase<typeof schema>;

export interface Database {
	client: Client;
	db: Db;
	/** The doc store's way to SQL: statements prepared once on a local file (sql-runner.ts). */
	sql: SqlRunner;
	close(): void;
}

const migrationsFolder = resolve(dirname(fileURLToPath(import.meta.url)), '../../drizzle');

export async function openDatabase(url: string): Promise<Database> {
	const path = url.startsWith('file:') ? url.slice('file:'.length) : null;
	// A database file of our own (not an in-memory one): it gets a directory, the checkpointer and the prepared runner.
	const local = path !== null && !path.includes(':memory:');
	if (local) mkdirSync(dirname(resolve(path)), { recursive: true });
	const client = createClient({ url });
	if (path !== null) await setLocalPragmas(client, local);
	const db = drizzle(client, { schema });
	await migrate(db, { migrationsFolder });
	const checkpointer = local ? startCheckpointer(url) : null;
	const sql = local ? new PreparedRunner(path, connectionPragmas(true)) : clientRunner(client);
	return {
		client,
		db,
		sql,
		close: () => {
			void checkpointer?.stop();
			sql.close();
			client.close();
		}
	};
}

/**
 * These pragmas are per connection: every connection of ours runs them. @libsql/client
 * opens an extra connection for every interactive transaction, which would run without
 * them: use `batch`, never `transaction()`.
 *
 * synchronous=NORMAL in WAL mode keeps every committed transaction through a killed
 * process (only a power cut can lose the last few), at a fraction of FULL's fsync cost —
 * the right trade for a live board.
 */
function connectionPragmas(checkpointElsewhere: boolean): string[] {
	return [
		'PRAGMA busy_timeout = 5000',
		'PRAGMA synchronous = NORMAL',
		'PRAGMA foreign_keys = ON',
		// The checkpointer's thread does this, so no commit of ours stalls on it (checkpointer.ts).
		...(checkpointElsewhere ? ['PRAGMA wal_autocheckpoint = 0'] : [])
	];
}

/** WAL (a property of the file) lets readers go on while a room commits. */
async function setLocalPragmas(client: Client, checkpointElsewhere: boolean): Promise<void> {
	const mode = await client.execute('PRAGMA journal_mode = WAL');
	const journal = String(mode.rows[0]?.[0] ?? '').toLowerCase();
	if (journal !== 'wal') throw new Error(`libSQL refused WAL mode (journal_mode=${journal})`);
	for (const pragma of connectionPragmas(checkpointElsewhere)) await client.execute(pragma);
}
