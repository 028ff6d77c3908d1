import * as Y from 'yjs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readMeta } from '../../../src/lib/board/index';
import { startTestServer, type TestServer } from '../../helpers/server';

let t: TestServer;
let cookie: string;
beforeEach(async () => {
	t = await startTestServer();
	cookie = await t.setupAdmin();
});
afterEach(async () => {
	await t.stop();
});

describe('boards', () => {
	it('needs a session', async () => {
		expect((await fetch(t.url + '/api/boards')).status).toBe(401);
		expect((await t.request('POST', '/api/boards', { body: { title: 'x' } })).status).toBe(401);
	});

	it('creates, lists, reads and renames a board; the document carries title and prefix', async () => {
		const res = await t.request('POST', '/api/boards', { cookie, body: { title: '2026 卫生院管理年活动', prefix: 'WSY' } });
		expect(res.status).toBe(201);
		const board = (await res.json()) as { id: string; title: string; prefix: string };
		expect(board).toMatchObject({ title: '2026 卫生院管理年活动', prefix: 'WSY', id: expect.any(String) });

		const list = (await (await fetch(t.url + '/api/boards', { headers: { cookie } })).json()) as { id: string }[];
		expect(list.map((b) => b.id)).toEqual([board.id]);

		const renamed = await t.request('PATCH', `/api/boards/${board.id}`, { cookie, body: { title: '2026 管理年' } });
		expect(renamed.status).toBe(200);
		expect(await renamed.json()).toMatchObject({ title: '2026 管理年' });
		const one = await fetch(t.url + `/api/boards/${board.id}`, { headers: { cookie } });
		expect(await one.json()).toMatchObject({ title: '2026 管理年', access: 'write' });

		const meta = await t.server.services.sync.read(board.id, (doc: Y.Doc) => readMeta(doc));
		expect(meta).toMatchObject({ title: '2026 管理年', prefix: 'WSY' });
	});

	it('changes the numbering prefix in the list and the document; bad input changes nothing', async () => {
		const board = (await (await t.request('POST', '/api/boards', { cookie, body: { title: '2026 卫生院管理年活动', prefix: 'WSY' } })).json()) as { id: string };
		const changed = await t.request('PATCH', `/api/boards/${board.id}`, { cookie, body: { prefix: 'GLN' } });
		expect(changed.status).toBe(200);
		expect(await changed.json()).toMatchObject({ title: '2026 卫生院管理年活动', prefix: 'GLN' });
		expect(await t.server.services.sync.read(board.id, (doc: Y.Doc) => readMeta(doc).prefix)).toBe('GLN');
		for (const [body, code] of [
			[{ prefix: 'gln 2' }, 'prefix_invalid'],
			[{ prefix: 7 }, 'prefix_invalid'],
			[{ title: '' }, 'title_required'],
			[{}, 'nothing_to_change']
		] as const) {
			const res = await t.request('PATCH', `/api/boards/${board.id}`, { cookie, body });
			expect(res.status).toBe(400);
			expect(await res.json()).toMatchObject({ code });
		}
		expect(await (await fetch(t.url + `/api/boards/${board.id}`, { headers: { cookie } })).json()).toMatchObject({ prefix: 'GLN', title: '2026 卫生院管理年活动' });
	});

	it('validates titles and prefixes', async () => {
		for (const [body, code] of [
			[{ title: '' }, 'title_required'],
			[{ title: 'x'.repeat(201) }, 'title_long'],
			[{ title: 'ok', prefix: 'bad prefix' }, 'prefix_invalid']
		] as const) {
			const res = await t.request('POST', '/api/boards', { cookie, body });
			expect(res.status).toBe(400);
			expect(await res.json()).toMatchObject({ code });
		}
		expect(await (await fetch(t.url + '/api/boards', { headers: { cookie } })).json()).toEqual([]);
	});

	it('answers 404 for an unknown board and route', async () => {
		expect((await fetch(t.url + '/api/boards/nope', { headers: { cookie } })).status).toBe(404);
		expect((await fetch(t.url + '/api/nothing-here', { headers: { cookie } })).status).toBe(404);
	});

	it('hands out item numbers atomically and never twice', async () => {
		const id = await t.createBoard(cookie);
		const batches = await Promise.all([3, 2, 4].map((n) => t.server.services.boards.allocateNumbers(id, n)));
		const all = batches.flat().sort((a, b) => a - b);
		expect(all).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
	});
});
