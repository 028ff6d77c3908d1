/**
 * GET /api/me/items and GET /api/boards/BOARD_ID/items, read from the `items` projection:
 * exactly the signed-in person's live items on the boards they may see, and a board's
 * items only for its people.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createItem, deleteItem } from '../../../src/lib/board/index';
import { startTestServer, type TestServer } from '../../helpers/server';

type Person = 'alice' | 'bob' | 'outsider';

let t: TestServer;
let adminCookie: string;
const cookies = {} as Record<Person, string>;
const ids = {} as Record<Person, string>;
let boardA: string;
let boardB: string;
let hidden: string;

async function createPerson(who: Person): Promise<void> {
	const res = await t.request('POST', '/api/users', { cookie: adminCookie, body: { email: `${who}@example.test`, name: who, password: `password of ${who}` } });
	expect(res.status).toBe(201);
	ids[who] = ((await res.json()) as { id: string }).id;
	cookies[who] = await t.login(`${who}@example.test`, `password of ${who}`);
}

async function addMember(boardId: string, who: Person, role: 'member' | 'viewer'): Promise<void> {
	const res = await t.request('PUT', `/api/boards/${boardId}/members/${ids[who]}`, { cookie: adminCookie, body: { role } });
	expect(res.status).toBe(200);
}

async function get(path: string, cookie?: string) {
	const res = await t.request('GET', path, { cookie });
	return { status: res.status, body: (await res.json()) as unknown };
}

beforeAll(async () => {
	t = await startTestServer();
	adminCookie = await t.setupAdmin();
	for (const who of ['alice', 'bob', 'outsider'] as Person[]) await createPerson(who);
	const res = await t.request('POST', '/api/boards', { cookie: adminCookie, body: { title: 'Health Centre Year', prefix: 'HCY' } });
	boardA = ((await res.json()) as { id: string }).id;
	boardB = await t.createBoard(adminCookie, '2026 教育局督导');
	// Alice owns an item here, but is not one of this board's people.
	hidden = await t.createBoard(adminCookie, 'Not shared with Alice');
	await addMember(boardA, 'alice', 'member');
	await addMember(boardA, 'bob', 'member');
	await addMember(boardB, 'alice', 'viewer');

	await t.server.services.sync.change(boardA, (doc) => {
		createItem(doc, { title: '健全公共卫生档案', ownerId: ids.alice, due: '2026-04-30', horizon: 'month', period: '2026-04', areaId: 'area-ph' });
		createItem(doc, { title: '完善绩效考核方案', ownerId: ids.bob, due: '2026-04-15' });
		createItem(doc, { title: '无人负责的任务', ownerId: null });
		const binned = createItem(doc, { title: '已删除的任务', ownerId: ids.alice });
		deleteItem(doc, binned);
	});
	await t.server.services.sync.change(boardB, (doc) => {
		createItem(doc, { title: '校舍安全排查', ownerId: ids.alice, status: 'strengthen' });
		createItem(doc, { title: '入园率提升到 90.65%', ownerId: ids.alice, due: '2026-03-31', horizon: 'quarter', period: '2026-Q1' });
	});
	await t.server.services.sync.change(hidden, (doc) => {
		createItem(doc, { title: '看不见的任务', ownerId: ids.alice, due: '2026-01-01' });
	});
	// Numbers are assigned by the server shortly after; wait until the projection has them all.
	await vi.waitFor(async () => {
		const { body } = await get(`/api/boards/${boardA}/items`, adminCookie);
		expect((body as Array<{ number: number | null }>).every((item) => typeof item.number === 'number')).toBe(true);
		const mine = (await get('/api/me/items', cookies.alice)).body as Array<{ number: number | null }>;
		expect(mine).toHaveLength(3);
		expect(mine.every((item) => typeof item.number === 'number')).toBe(true);
	}, PROJECTED);
});

/**
 * The items projection writes at most every 100 ms, numbers come after their items; on a
 * loaded machine (CI, the whole suite at once) that took longer than waitFor's default 1 s.
 */
const PROJECTED = { timeout: 10_000, interval: 50 };

afterAll(async () => {
	await t.stop();
});

describe('GET /api/me/items', () => {
	it("returns exactly the person's live items on the boards they see, soonest due first", async () => {
		const { status, body } = await get('/api/me/items', cookies.alice);
		expect(status).toBe(200);
		const items = body as Array<Record<string, unknown>>;
		expect(items.map((item) => [item.boardId, item.title])).toEqual([
			[boardB, '入园率提升到 90.65%'],
			[boardA, '健全公共卫生档案'],
			[boardB, '校舍安全排查']
		]);
		expect(items[1]).toEqual({
			boardId: boardA,
			boardTitle: 'Health Centre Year',
			boardPrefix: 'HCY',
			itemId: expect.any(String),
			number: expect.any(Number),
			title: '健全公共卫生档案',
			status: 'blank',
			blocked: false,
			horizon: 'month',
			period: '2026-04',
			start: null,
			due: '2026-04-30',
			areaId: 'area-ph'
		});
		expect(items[2]).toMatchObject({ boardTitle: '2026 教育局督导', status: 'strengthen', due: null });
	});

	it('gives each person only their own', async () => {
		const bob = (await get('/api/me/items', cookies.bob)).body as Array<{ title: string }>;
		expect(bob.map((item) => item.title)).toEqual(['完善绩效考核方案']);
		expect((await get('/api/me/items', cookies.outsider)).body).toEqual([]);
	});

	it('follows changes: a new owner and the bin', async () => {
		// Items made in one transaction are numbered in no promised order: find Alice's by its title.
		const listed = (await get(`/api/boards/${boardA}/items`, adminCookie)).body as Array<{ itemId: string; title: string }>;
		const item = listed.find((i) => i.title === '健全公共卫生档案')!;
		await t.server.services.sync.change(boardA, (doc) => {
			createItem(doc, { title: '新的任务', ownerId: ids.bob });
			deleteItem(doc, item.itemId);
		});
		await vi.waitFor(async () => {
			const alice = (await get('/api/me/items', cookies.alice)).body as Array<{ title: string }>;
			expect(alice.map((i) => i.title)).toEqual(['入园率提升到 90.65%', '校舍安全排查']);
			const bob = (await get('/api/me/items', cookies.bob)).body as Array<{ title: string }>;
			expect(bob.map((i) => i.title).sort()).toEqual(['完善绩效考核方案', '新的任务']);
		}, PROJECTED);
	});

	it('needs a signed-in person', async () => {
		expect((await get('/api/me/items')).status).toBe(401);
	});
});

describe('GET /api/boards/BOARD_ID/items', () => {
	it("lists the board's live items with their owners for its people", async () => {
		for (const cookie of [adminCookie, cookies.bob]) {
			const { status, body } = await get(`/api/boards/${boardA}/items`, cookie);
			expect(status).toBe(200);
			const items = body as Array<Record<string, unknown>>;
			// Items made in one transaction are numbered in no promised order: compare as a set, check the order apart.
			expect(items.map((item) => [item.title, item.ownerId]).sort()).toEqual([
				['完善绩效考核方案', ids.bob],
				['新的任务', ids.bob],
				['无人负责的任务', null]
			].sort());
			const numbers = items.map((item) => item.number as number);
			expect(numbers).toEqual([...numbers].sort((a, b) => a - b));
			expect(Object.keys(items[0]).sort()).toEqual(
				['areaId', 'blocked', 'boardId', 'due', 'horizon', 'itemId', 'number', 'ownerId', 'parentId', 'period', 'start', 'status', 'title'].sort()
			);
		}
		// A viewer sees the board, so its items too.
		expect((await get(`/api/boards/${boardB}/items`, cookies.alice)).status).toBe(200);
	});

	it('refuses people who are not on the board, and strangers', async () => {
		for (const [cookie, boardId] of [
			[cookies.outsider, boardA],
			[cookies.alice, hidden],
			[adminCookie, 'no-such-board']
		]) {
			const { status, body } = await get(`/api/boards/${boardId}/items`, cookie);
			expect(status).toBe(404);
			expect(body).toMatchObject({ code: 'board_not_found' });
		}
		expect((await get(`/api/boards/${boardA}/items`)).status).toBe(401);
	});
});
