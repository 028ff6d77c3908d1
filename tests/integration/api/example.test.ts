/**
 * POST /api/boards/example against a real server: the board's document holds the whole
 * example plan, numbered, the items projection lists it, and the example people exist once,
 * deactivated, unable to sign in.
 */
import { like } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type * as Y from 'yjs';
import { allItems, listAreas, readMeta, readMetric, STATUSES } from '../../../src/lib/board/index';
import { EXAMPLE_ITEM_COUNT, EXAMPLE_PEOPLE } from '../../../src/lib/board/example-plan';
import { users } from '../../../server/db/schema';
import { startTestServer, type TestServer } from '../../helpers/server';

let t: TestServer;
let admin: string;

beforeAll(async () => {
	t = await startTestServer();
	admin = await t.setupAdmin();
});

afterAll(async () => {
	await t.stop();
});

interface Summary {
	id: string;
	title: string;
	prefix: string;
}

async function createExample(locale: string, cookie = admin): Promise<Response> {
	return t.request('POST', '/api/boards/example', { cookie, body: { locale } });
}

function examplePeopleRows() {
	return t.server.services.database.db.select().from(users).where(like(users.email, '%@example.invalid'));
}

describe('the example plan endpoint', () => {
	let zh: Summary;

	it('creates a board holding the whole plan in Chinese, every item numbered', async () => {
		const res = await createExample('zh-CN');
		expect(res.status).toBe(201);
		zh = (await res.json()) as Summary;
		expect(zh).toMatchObject({ id: expect.any(String), title: expect.stringMatching(/^\d{4} 卫生院管理年活动$/), prefix: 'WSY' });

		const seen = await t.server.services.sync.read(zh.id, (doc: Y.Doc) => ({
			meta: readMeta(doc),
			areas: listAreas(doc).map((a) => a.name),
			items: allItems(doc),
			checkIns: allItems(doc)
				.filter((i) => i.metric)
				.map((i) => readMetric(doc, i.id)!.checkIns.length)
		}));
		expect(seen.meta).toMatchObject({ title: zh.title, prefix: 'WSY', timezone: 'Asia/Shanghai' });
		expect(seen.meta.description).not.toBe('');
		expect(seen.areas).toEqual(['公共卫生', '临床诊疗', '财务管理', '新农合管理']);
		expect(seen.items).toHaveLength(EXAMPLE_ITEM_COUNT);
		for (const status of STATUSES) expect(seen.items.some((i) => i.status === status), status).toBe(true);
		expect(seen.items.filter((i) => i.blocked).length).toBeGreaterThanOrEqual(2);
		// Numbered in the same change that wrote them: 1…N in plan order, none twice.
		expect(seen.items.map((i) => i.number).sort((a, b) => a! - b!)).toEqual(Array.from({ length: EXAMPLE_ITEM_COUNT }, (_, i) => i + 1));
		expect(seen.checkIns.length).toBeGreaterThanOrEqual(6);
		for (const n of seen.checkIns) expect(n).toBeGreaterThanOrEqual(3);
	});

	it('lists the items through the projection and the people as members; the admin leads', async () => {
		await expect
			.poll(async () => ((await (await fetch(`${t.url}/api/boards/${zh.id}/items`, { headers: { cookie: admin } })).json()) as unknown[]).length)
			.toBe(EXAMPLE_ITEM_COUNT);
		const items = (await (await fetch(`${t.url}/api/boards/${zh.id}/items`, { headers: { cookie: admin } })).json()) as Array<{
			number: number;
			status: string;
			ownerId: string;
		}>;
		expect(items.map((i) => i.number)).toEqual(Array.from({ length: EXAMPLE_ITEM_COUNT }, (_, i) => i + 1));
		expect(new Set(items.map((i) => i.status))).toEqual(new Set(STATUSES));

		const members = (await (await fetch(`${t.url}/api/boards/${zh.id}/members`, { headers: { cookie: admin } })).json()) as Array<{
			userId: string;
			email: string;
			role: string;
		}>;
		expect(members).toHaveLength(13);
		expect(members.filter((m) => m.role === 'lead').map((m) => m.email)).toEqual(['admin@example.test']);
		const memberIds = new Set(members.map((m) => m.userId));
		for (const item of items) expect(memberIds.has(item.ownerId)).toBe(true);
		expect(await (await fetch(`${t.url}/api/boards`, { headers: { cookie: admin } })).json()).toEqual([expect.objectContaining({ id: zh.id })]);
	});

	it('a second example (in English) reuses the same twelve people, who cannot sign in', async () => {
		const before = await examplePeopleRows();
		expect(before).toHaveLength(12);
		const res = await createExample('en');
		expect(res.status).toBe(201);
		const en = (await res.json()) as Summary;
		expect(en).toMatchObject({ title: expect.stringMatching(/^Health centre management year \d{4}$/), prefix: 'HC' });
		expect(en.id).not.toBe(zh.id);
		const after = await examplePeopleRows();
		expect(after.map((u) => u.id).sort()).toEqual(before.map((u) => u.id).sort());
		expect(after.map((u) => u.email).sort()).toEqual(Object.values(EXAMPLE_PEOPLE).map((p) => p.email).sort());
		for (const person of after) {
			expect(person.deactivatedAt).not.toBeNull();
			expect(person.role).toBe('member');
		}
		// Named in the language of the latest example.
		expect(before.map((u) => u.name)).toContain('李建国');
		expect(after.map((u) => u.name).sort()).toEqual(Object.values(EXAMPLE_PEOPLE).map((p) => p.name[1]).sort());

		const areas = await t.server.services.sync.read(en.id, (doc: Y.Doc) => listAreas(doc).map((a) => a.name));
		expect(areas).toEqual(['Public health', 'Clinical care', 'Finance', 'Rural medical insurance']);
		const owners = await t.server.services.sync.read(en.id, (doc: Y.Doc) => new Set(allItems(doc).map((i) => i.ownerId)));
		expect([...owners].sort()).toEqual(after.map((u) => u.id).sort());

		for (const person of after) {
			for (const password of ['', 'password', '!example-account-cannot-sign-in']) {
				const login = await t.request('POST', '/api/auth/login', { body: { email: person.email, password } });
				expect([400, 401]).toContain(login.status);
			}
		}
	});

	it('refuses people who are not administrators, bad locales and foreign origins', async () => {
		const made = await t.request('POST', '/api/users', { cookie: admin, body: { email: 'member@example.test', name: '成员', password: 'member password' } });
		expect(made.status).toBe(201);
		const member = await t.login('member@example.test', 'member password');
		const refused = await createExample('zh-CN', member);
		expect(refused.status).toBe(403);
		expect(await refused.json()).toMatchObject({ code: 'forbidden', error: expect.stringMatching(/administrators/) });

		const bad = await createExample('fr');
		expect(bad.status).toBe(400);
		expect(await bad.json()).toMatchObject({ code: 'locale_invalid' });

		const foreign = await t.request('POST', '/api/boards/example', { cookie: admin, body: { locale: 'en' }, origin: 'https://evil.example' });
		expect(foreign.status).toBe(403);
		expect((await t.request('POST', '/api/boards/example', { body: { locale: 'en' } })).status).toBe(401);

		// None of the refusals made a board.
		expect(((await (await fetch(`${t.url}/api/boards`, { headers: { cookie: admin } })).json()) as unknown[]).length).toBe(2);
	});
});
