/**
 * Large frames over real sockets: a board whose step 2 is far above the pacing threshold,
 * joined by many providers at once while someone keeps editing. Every joiner must end
 * with the whole board, the edits made during the storm included, in order.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { allItems, createItem, readMeta, updateMeta } from '../../../src/lib/board/index';
import { LARGE_FRAME_BYTES } from '../../../server/sync/frame-pacer';
import { startTestServer, type TestServer } from '../../helpers/server';
import { connectProvider, destroyAllProviders, whenSynced } from './clients';

let t: TestServer;
let cookie: string;

beforeEach(async () => {
	t = await startTestServer();
	cookie = await t.setupAdmin();
});

afterEach(async () => {
	destroyAllProviders();
	await t.stop();
});

function board(doc: Y.Doc) {
	return { meta: readMeta(doc), items: allItems(doc).sort((a, b) => (a.id < b.id ? -1 : 1)) };
}

describe('[SY4] large step 2s to many joiners at once', () => {
	it('every joiner gets the whole board and the edits made meanwhile; another board goes on', async () => {
		const big = await t.createBoard(cookie);
		const other = await t.createBoard(cookie);
		const author = connectProvider(t, big, cookie);
		await whenSynced(author);
		author.doc.transact(() => {
			for (let i = 0; i < 300; i++) createItem(author.doc, { title: `目标 ${i}`, notes: '卫生院管理年活动备注。'.repeat(40) });
		});
		expect(Y.encodeStateAsUpdate(author.doc).length).toBeGreaterThan(4 * LARGE_FRAME_BYTES);
		await vi.waitFor(() => expect(allItems(author.doc).every((item) => item.number !== null)).toBe(true), { timeout: 10_000 });

		const watcher = connectProvider(t, other, cookie);
		const otherAuthor = connectProvider(t, other, cookie);
		await whenSynced(watcher, otherAuthor);

		const joiners = Array.from({ length: 12 }, () => connectProvider(t, big, cookie));
		for (let i = 0; i < 5; i++) {
			updateMeta(author.doc, { description: `storm ${i}` });
			updateMeta(otherAuthor.doc, { description: `other ${i}` });
			await new Promise((resolve) => setImmediate(resolve));
		}
		await whenSynced(...joiners);
		await vi.waitFor(() => expect(readMeta(watcher.doc).description).toBe('other 4'));
		const expected = board(author.doc);
		for (const joiner of joiners) await vi.waitFor(() => expect(board(joiner.doc)).toEqual(expected), { timeout: 10_000 });
		expect(expected.meta.description).toBe('storm 4');
	}, 30_000);
});
