/** Opens the libSQL database, sets its pragmas deliberately, and applies migrations. */
import { createClient, type Client } from '@libsql/client';
import { drizzle, type LibSQLDatabase } from 'drizzle-orm/libsql';
import { migrate } from 'drizzle-orm/libsql/migrator';
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startCheckpointer } from './checkpointer';
import * as schema from './schema';

export type Db = LibSQLDatabase<typeof schema>;

export interface Database {
	client: Client;
	db: Db;
	close(): void;
}

const migrationsFolder = resolve(dirname(fileURLToPath(import.meta.url)), '../../drizzle');

export async function openDatabase(url: string): Promise<Database> {
	if (url.startsWith('file:')) {
		const path = url.slice('file:'.length);
		if (path && path !== ':memory:') mkdirSync(dirname(resolve(path)), { recursive: true });
	}
	const client = createClient({ url });
	const local = url.startsWith('file:') && !url.includes(':memory:');
	if (url.startsWith('file:')) await setLocalPragmas(client, local);
	const db = drizzle(client, { schema });
	await migrate(db, { migrationsFolder });
	const checkpointer = local ? startCheckpointer(url) : null;
	return {
		client,
		db,
		close: () => {
			void checkpointer?.stop();
			client.close();
		}
	};
}

/**
 * These pragmas are per connection. @libsql/client opens an extra connection for every
 * interactive transaction, which would run without them: use `batch`, never `transaction()`.
 *
 * WAL lets readers go on while a room commits. synchronous=NORMAL in WAL mode keeps every
 * committed transaction through a killed process (only a power cut can lose the last few),
 * at a fraction of FULL's fsync cost — the right trade for a live board.
 */
async function setLocalPragmas(client: Client, checkpointElsewhere: boolean): Promise<void> {
	const mode = await client.execute('PRAGMA journal_mode = WAL');
	const journal = String(mode.rows[0]?.[0] ?? '').toLowerCase();
	if (journal !== 'wal') throw new Error(`libSQL refused WAL mode (journal_mode=${journal})`);
	await client.execute('PRAGMA busy_timeout = 5000');
	await client.execute('PRAGMA synchronous = NORMAL');
	await client.execute('PRAGMA foreign_keys = ON');
	// The checkpointer's thread does this, so no commit of ours stalls on it (checkpointer.ts).
	if (checkpointElsewhere) await client.execute('PRAGMA wal_autocheckpoint = 0');
}
