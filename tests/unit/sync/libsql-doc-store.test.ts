import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { Database } from '../../../server/db/client';
import { clientRunner, type SqlRunner } from '../../../server/db/sql-runner';
import { LibsqlDocStore } from '../../../server/sync/libsql-doc-store';
import { describeDocStoreContract } from './doc-store-contract';
import { insertBoard, tempDatabase } from './helpers';

/** The store on a local file (statements prepared once), and through @libsql/client as on a remote database. */
const runners: Array<[string, (database: Database) => SqlRunner]> = [
	['prepared statements', (database) => database.sql],
	['@libsql/client', (database) => clientRunner(database.client)]
];

for (const [name, runnerOf] of runners) {
	describeDocStoreContract(`LibsqlDocStore (${name})`, async () => {
		const temp = await tempDatabase();
		await insertBoard(temp.database, 'board-a');
		await insertBoard(temp.database, 'board-b');
		return {
			store: new LibsqlDocStore(runnerOf(temp.database)),
			boards: ['board-a', 'board-b'],
			// doc_updates.board_id references boards(id): a board that does not exist is refused.
			refusedBoard: 'no-such-board',
			reopen: async () => new LibsqlDocStore(runnerOf(temp.database)),
			cleanup: () => temp.cleanup()
		};
	});
}

describe.each(runners)('LibsqlDocStore dates (%s)', (_name, runnerOf) => {
	it('a snapshot that adds nothing keeps the date of the rows it replaces; one with updates is dated now', async () => {
		const temp = await tempDatabase();
		try {
			await insertBoard(temp.database, 'board-a');
			let now = 1_000;
			const store = new LibsqlDocStore(runnerOf(temp.database), () => now);
			const doc = new Y.Doc();
			const updates: Uint8Array[] = [];
			doc.on('update', (u: Uint8Array) => updates.push(u));
			doc.getArray('log').push(['a']);
			doc.getArray('log').push(['b']);
			await store.commit([{ boardId: 'board-a', updates: [updates[0]] }]);
			now = 2_000;
			await store.commit([{ boardId: 'board-a', updates: [updates[1]] }]);
			const dates = async () =>
				(await temp.database.client.execute("SELECT at FROM doc_updates WHERE board_id = 'board-a' ORDER BY seq")).rows.map((r) => Number(r[0]));
			now = 5_000;
			await store.commit([{ boardId: 'board-a', updates: [], snapshot: Y.encodeStateAsUpdate(doc) }]);
			expect(await dates()).toEqual([2_000]);
			doc.getArray('log').push(['c']);
			now = 9_000;
			await store.commit([{ boardId: 'board-a', updates: [updates[2]], snapshot: Y.encodeStateAsUpdate(doc) }]);
			expect(await dates()).toEqual([9_000]);
		} finally {
			temp.cleanup();
		}
	});
});
