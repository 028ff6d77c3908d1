/**
 * Migrations that rebuild a table keep what a running installation stored: a database
 * migrated as an older release left it, with rows in it, is opened by this release.
 */
import { createClient } from '@libsql/client';
import { drizzle } from 'drizzle-orm/libsql';
import { migrate } from 'drizzle-orm/libsql/migrator';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { openDatabase } from '../../../server/db/client';

const MIGRATIONS = resolve(import.meta.dirname, '../../../drizzle');

let dir: string;

beforeEach(() => {
	dir = mkdtempSync(join(tmpdir(), 'planboard-migrations-'));
});

afterEach(() => {
	rmSync(dir, { recursive: true, force: true });
});

/** The migrations folder as it was up to and including `lastTag`. */
function migrationsUpTo(lastTag: string): string {
	const folder = join(dir, 'drizzle');
	mkdirSync(join(folder, 'meta'), { recursive: true });
	const journal = JSON.parse(readFileSync(join(MIGRATIONS, 'meta/_journal.json'), 'utf8'));
	const last = journal.entries.findIndex((entry: { tag: string }) => entry.tag === lastTag);
	expect(last).toBeGreaterThanOrEqual(0);
	journal.entries = journal.entries.slice(0, last + 1);
	for (const { tag } of journal.entries) copyFileSync(join(MIGRATIONS, `${tag}.sql`), join(folder, `${tag}.sql`));
	writeFileSync(join(folder, 'meta/_journal.json'), JSON.stringify(journal));
	return folder;
}

it('0005 clusters doc_updates by board and seq (WITHOUT ROWID) and keeps every row and the cascade', async () => {
	const url = 'file:' + join(dir, 'old.db');
	const old = createClient({ url });
	await migrate(drizzle(old), { migrationsFolder: migrationsUpTo('0004_doc_version') });
	await old.execute("INSERT INTO boards (id, title, prefix) VALUES ('b1', 'board one', 'PB'), ('b2', 'board two', 'PB')");
	const rows = [
		['b1', 1, new Uint8Array([1, 2, 3]), 1_000, null],
		['b1', 2, new Uint8Array(200_000).fill(7), 2_000, new Uint8Array([9, 9])],
		['b2', 1, new Uint8Array([4]), 3_000, null]
	] as const;
	for (const args of rows) await old.execute({ sql: 'INSERT INTO doc_updates (board_id, seq, data, at, version) VALUES (?, ?, ?, ?, ?)', args: [...args] });
	old.close();

	const database = await openDatabase(url);
	try {
		const { client } = database;
		const table = await client.execute("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'doc_updates'");
		expect(String(table.rows[0][0])).toMatch(/WITHOUT ROWID\s*$/);
		const stored = await client.execute('SELECT board_id, seq, data, at, version FROM doc_updates ORDER BY board_id, seq');
		expect(
			stored.rows.map((row) => [row[0], Number(row[1]), [...new Uint8Array(row[2] as ArrayBuffer)], Number(row[3]), row[4] === null ? null : [...new Uint8Array(row[4] as ArrayBuffer)]])
		).toEqual(rows.map(([board, seq, data, at, version]) => [board, seq, [...data], at, version === null ? null : [...version]]));
		// The foreign key came along: deleting a board deletes its log.
		await client.execute("DELETE FROM boards WHERE id = 'b1'");
		expect(Number((await client.execute('SELECT count(*) FROM doc_updates')).rows[0][0])).toBe(1);
	} finally {
		database.close();
	}
});
