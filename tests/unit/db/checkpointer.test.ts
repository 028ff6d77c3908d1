/**
 * WAL checkpoints happen on the checkpointer's thread, not inside the server's commits:
 * the server's connection has automatic checkpoints off, and the database file still
 * receives what was committed while the database is open.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, it, vi } from 'vitest';
import { openDatabase, type Database } from '../../../server/db/client';

let dir: string;
let database: Database | null = null;

afterEach(() => {
	database?.close();
	rmSync(dir, { recursive: true, force: true });
});

it('copies committed pages into the database file from its own thread', async () => {
	dir = mkdtempSync(join(tmpdir(), 'planboard-checkpoint-'));
	const path = join(dir, 'test.db');
	database = await openDatabase('file:' + path);
	const { client } = database;
	expect(Number((await client.execute('PRAGMA wal_autocheckpoint')).rows[0][0])).toBe(0);
	await client.execute('CREATE TABLE filler (data BLOB)');
	const before = statSync(path).size;
	// 2 MB in small commits: the WAL holds them; only a checkpoint moves them into the file.
	for (let i = 0; i < 64; i++) {
		await client.batch([{ sql: 'INSERT INTO filler VALUES (?)', args: [new Uint8Array(32 * 1024).fill(i)] }], 'write');
	}
	expect(statSync(path).size).toBe(before);
	await vi.waitFor(() => expect(statSync(path).size).toBeGreaterThan(before + 2_000_000), { timeout: 10_000, interval: 100 });
	expect(Number((await client.execute('SELECT count(*) FROM filler')).rows[0][0])).toBe(64);
	// The checkpointing thread runs at the lowest priority; the event loop's thread does not.
	const nice = readdirSync('/proc/self/task').map((tid) => Number(readFileSync(`/proc/self/task/${tid}/stat`, 'utf8').split(') ')[1].split(' ')[16]));
	expect(nice).toContain(19);
	expect(nice[0]).toBe(0);
});

it('leaves no WAL behind when the database closes while the checkpointer runs: its pages are in the file', async () => {
	dir = mkdtempSync(join(tmpdir(), 'planboard-checkpoint-'));
	const path = join(dir, 'test.db');
	database = await openDatabase('file:' + path);
	// The checkpointer's thread starts one interval after opening and checkpoints one interval later.
	await new Promise((resolve) => setTimeout(resolve, 1_150));
	await database.client.execute('CREATE TABLE filler (data BLOB)');
	await database.client.execute({ sql: 'INSERT INTO filler VALUES (?)', args: [new Uint8Array(2_000_000).fill(7)] });
	expect(statSync(`${path}-wal`).size).toBeGreaterThan(2_000_000);
	database.close();
	database = null;
	expect(existsSync(`${path}-wal`) ? statSync(`${path}-wal`).size : 0).toBe(0);
	expect(statSync(path).size).toBeGreaterThan(2_000_000);
	const reopened = await openDatabase('file:' + path);
	expect(Number((await reopened.client.execute('SELECT length(data) FROM filler')).rows[0][0])).toBe(2_000_000);
	reopened.close();
});
