/**
 * The doc store's SQL runner on a local file: a connection of its own with the same
 * per-connection pragmas as the app's, transactions that are all or nothing, and results
 * as plain rows. (The doc store's contract runs on it and on @libsql/client alike.)
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../../server/db/client';
import { PreparedRunner } from '../../../server/db/sql-runner';

let dir: string;
let database: Database;

beforeEach(async () => {
	dir = mkdtempSync(join(tmpdir(), 'planboard-sql-runner-'));
	database = await openDatabase('file:' + join(dir, 'test.db'));
	await database.client.execute('CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT NOT NULL, data BLOB)');
});

afterEach(() => {
	database.close();
	rmSync(dir, { recursive: true, force: true });
});

const insert = (id: number, body: string | null, data: Uint8Array | null = null) => ({ sql: 'INSERT INTO notes (id, body, data) VALUES (?, ?, ?)', args: [id, body, data] });

describe('PreparedRunner on the local file', () => {
	it('is what openDatabase gives the doc store for a local file', () => {
		expect(database.sql).toBeInstanceOf(PreparedRunner);
	});

	it('has the pragmas of every connection of ours', async () => {
		const [[timeout], [sync], [keys], [autocheckpoint]] = await database.sql.read(
			['busy_timeout', 'synchronous', 'foreign_keys', 'wal_autocheckpoint'].map((name) => ({ sql: `PRAGMA ${name}`, args: [] }))
		);
		expect([timeout[0], sync[0], keys[0], autocheckpoint[0]].map(Number)).toEqual([5000, 1, 1, 0]);
	});

	it('writes all statements or none, and is usable after a failed write', async () => {
		await database.sql.write([insert(1, 'first')]);
		await expect(database.sql.write([insert(2, 'second'), insert(1, 'same id again')])).rejects.toThrow(/UNIQUE|PRIMARY KEY|constraint/i);
		await expect(database.sql.write([insert(3, null)])).rejects.toThrow(/NOT NULL/i);
		await database.sql.write([insert(4, 'fourth')]);
		const [rows] = await database.sql.read([{ sql: 'SELECT id, body FROM notes ORDER BY id', args: [] }]);
		expect(rows.map((row) => [row[0], row[1]])).toEqual([
			[1, 'first'],
			[4, 'fourth']
		]);
	});

	it("shares the file with the app's connection: each sees what the other committed", async () => {
		await database.sql.write([insert(1, 'by the runner', new Uint8Array([1, 2, 3]))]);
		const seen = await database.client.execute('SELECT body, data FROM notes WHERE id = 1');
		expect(seen.rows[0][0]).toBe('by the runner');
		await database.client.execute({ sql: 'INSERT INTO notes (id, body) VALUES (2, ?)', args: ['by the client'] });
		const [rows] = await database.sql.read([{ sql: 'SELECT body, data FROM notes ORDER BY id', args: [] }]);
		expect(rows.map((row) => row[0])).toEqual(['by the runner', 'by the client']);
		expect([...(rows[0][1] as Uint8Array)]).toEqual([1, 2, 3]);
	});

	it('keeps working past the number of statements it keeps prepared', async () => {
		// Each text is a new statement: more than the runner keeps, so the oldest are let go.
		for (let i = 0; i < 300; i++) await database.sql.write([{ sql: `INSERT INTO notes (id, body) VALUES (?, 'note ${i}')`, args: [i] }]);
		await database.sql.write([{ sql: `INSERT INTO notes (id, body) VALUES (?, 'note 0')`, args: [1000] }]);
		const [[count]] = await database.sql.read([{ sql: 'SELECT count(*) FROM notes', args: [] }]);
		expect(Number(count[0])).toBe(301);
	});
});
