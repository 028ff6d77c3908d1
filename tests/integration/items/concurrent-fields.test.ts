/**
 * Two leads' Node clients edit the same item's plan fields at the same time (both offline,
 * then back): every field converges to one value in both clients and on the server, edits
 * of different fields are all kept, and the items projection follows.
 */
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { addCheckIn, createArea, createItem, getItem, linkItems, readMetric, setMetric, updateItem } from '../../../src/lib/board/index';
import { items } from '../../../server/db/schema';
import { startTestServer, type TestServer } from '../../helpers/server';
import { connectProvider, destroyAllProviders, whenSynced, type Client } from '../sync/clients';

let t: TestServer;
let cookie: string;

beforeAll(async () => {
	t = await startTestServer();
	cookie = await t.setupAdmin();
});

afterAll(async () => {
	destroyAllProviders();
	await t.stop();
});

function plan(doc: Y.Doc, id: string) {
	const { number: _n, ...item } = getItem(doc, id)!;
	return { ...item, metric: readMetric(doc, id) };
}

it('two clients editing one item’s fields at once converge, keeping every field either set', async () => {
	const boardId = await t.createBoard(cookie, '2026 卫生院管理年活动');
	const [a, b]: Client[] = [connectProvider(t, boardId, cookie), connectProvider(t, boardId, cookie)];
	await whenSynced(a, b);
	let ids = { item: '', parent: '', related: '', health: '', clinic: '' };
	a.doc.transact(() => {
		ids = {
			item: createItem(a.doc, { title: '居民健康档案建档', status: 'planned' }),
			parent: createItem(a.doc, { title: '季度目标：建档率 90%', horizon: 'quarter', period: '2026-Q2' }),
			related: createItem(a.doc, { title: '慢性病随访' }),
			health: createArea(a.doc, { name: '公共卫生' }),
			clinic: createArea(a.doc, { name: '临床诊疗' })
		};
	});
	await vi.waitFor(() => expect(getItem(b.doc, ids.item)).not.toBeNull());

	// Both go offline and plan the same item differently.
	a.provider.disconnect();
	b.provider.disconnect();
	updateItem(a.doc, ids.item, { areaId: ids.health, due: '2026-05-31', horizon: 'month', period: '2026-05', blocked: true, blockedReason: '村医人手不足' });
	setMetric(a.doc, ids.item, { unit: '%', baseline: 81.2, target: 90.65, direction: 'up' });
	updateItem(b.doc, ids.item, { areaId: ids.clinic, start: '2026-05-04', due: '2026-05-29', parentId: ids.parent, title: '东片区居民健康档案建档' });
	linkItems(b.doc, ids.item, ids.related);
	a.provider.connect();
	b.provider.connect();
	await whenSynced(a, b);

	await vi.waitFor(async () => {
		const server = await t.server.services.sync.read(boardId, (doc) => plan(doc, ids.item));
		expect(plan(a.doc, ids.item)).toEqual(server);
		expect(plan(b.doc, ids.item)).toEqual(server);
	});
	const merged = plan(a.doc, ids.item);
	// Fields only one side set are all there…
	expect(merged).toMatchObject({
		title: '东片区居民健康档案建档',
		start: '2026-05-04',
		horizon: 'month',
		period: '2026-05',
		blocked: true,
		blockedReason: '村医人手不足',
		parentId: ids.parent,
		links: [ids.related]
	});
	expect(merged.metric).toMatchObject({ unit: '%', baseline: 81.2, target: 90.65 });
	// …and a field both set holds one of the two values, the same everywhere.
	expect([ids.health, ids.clinic]).toContain(merged.areaId);
	expect(['2026-05-31', '2026-05-29']).toContain(merged.due);
	expect(getItem(a.doc, ids.related)!.links).toEqual([ids.item]);

	// A check-in made at the same moment by both lands twice in the history, nothing lost.
	addCheckIn(a.doc, ids.item, { value: 84.1, at: '2026-05-10T08:00:00Z', by: null, note: 'A' });
	addCheckIn(b.doc, ids.item, { value: 85.0, at: '2026-05-10T08:00:01Z', by: null, note: 'B' });
	await vi.waitFor(() => {
		expect(readMetric(a.doc, ids.item)!.checkIns.map((c) => c.note).sort()).toEqual(['A', 'B']);
		expect(readMetric(b.doc, ids.item)).toEqual(readMetric(a.doc, ids.item));
	});

	// The projection follows the converged item.
	await vi.waitFor(async () => {
		const [row] = await t.server.services.database.db.select().from(items).where(eq(items.itemId, ids.item));
		expect(row).toMatchObject({ areaId: merged.areaId, due: merged.due, start: '2026-05-04', parentId: ids.parent, title: '东片区居民健康档案建档' });
	});
});
