import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
	allItems,
	horizonOf,
	isOverdue,
	isPeriod,
	listAreas,
	periodOf,
	periodRange,
	readMeta,
	readMetric,
	STATUSES,
	type Item
} from '../../../src/lib/board/index';
import {
	buildExamplePlan,
	EXAMPLE_ITEM_COUNT,
	EXAMPLE_PEOPLE,
	exampleBoardTitle,
	type ExampleLocale,
	type ExamplePerson
} from '../../../src/lib/board/example-plan';

const people = Object.fromEntries(Object.keys(EXAMPLE_PEOPLE).map((key) => [key, `user-${key}`])) as Record<ExamplePerson, string>;

function counter(): () => string {
	let n = 0;
	return () => `id-${++n}`;
}

function build(locale: ExampleLocale, today: string) {
	const doc = new Y.Doc();
	const plan = buildExamplePlan(doc, { locale, today, people, createdBy: 'admin', newId: counter() });
	return { doc, plan, items: allItems(doc) };
}

/** The shape of the plan without its words: what both languages must share. */
function structure(doc: Y.Doc) {
	return allItems(doc)
		.sort((a, b) => a.id.localeCompare(b.id, 'en', { numeric: true }))
		.map((item) => ({
			id: item.id,
			status: item.status,
			blocked: item.blocked,
			horizon: item.horizon,
			period: item.period,
			start: item.start,
			due: item.due,
			ownerId: item.ownerId,
			areaId: item.areaId,
			parentId: item.parentId,
			links: item.links,
			metric: item.metric,
			checkIns: readMetric(doc, item.id)?.checkIns.map(({ value, at, by }) => ({ value, at, by })) ?? null
		}));
}

// Days in different spots of a quarter and a year (a quarter's first week, a year's turn, mid-quarter).
const DAYS = ['2026-11-29', '2026-04-01', '2027-01-01', '2026-12-31', '2026-02-15', '2026-06-30'];

describe('the example plan', () => {
	it('has a titled, dated board in the Shanghai timezone with four areas', () => {
		const { doc, plan } = build('zh-CN', '2026-11-29');
		expect(readMeta(doc)).toMatchObject({
			title: '2026 卫生院管理年活动',
			timezone: 'Asia/Shanghai',
			start: '2026-07-01',
			end: '2027-06-30',
			weekStart: 1
		});
		expect(readMeta(doc).description).toContain('责任落实到人');
		expect(listAreas(doc).map((a) => a.name)).toEqual(['公共卫生', '临床诊疗', '财务管理', '新农合管理']);
		expect(plan.areaIds).toHaveLength(4);
		expect(exampleBoardTitle('en', '2026-11-29')).toBe('Health centre management year 2026');
	});

	it.each(DAYS)('on %s: every status, every horizon, blocked items with reasons, overdue items, this week’s targets', (today) => {
		const { items, plan } = build('zh-CN', today);
		expect(items).toHaveLength(EXAMPLE_ITEM_COUNT);
		expect(plan.itemIds).toHaveLength(EXAMPLE_ITEM_COUNT);
		expect(items.length).toBeGreaterThanOrEqual(36);
		for (const status of STATUSES) expect(items.filter((i) => i.status === status).length, status).toBeGreaterThanOrEqual(3);
		for (const horizon of ['week', 'month', 'quarter'] as const) expect(items.some((i) => i.horizon === horizon), horizon).toBe(true);

		const blocked = items.filter((i) => i.blocked);
		expect(blocked.length).toBeGreaterThanOrEqual(2);
		expect(blocked.length).toBeLessThanOrEqual(3);
		for (const item of blocked) expect(item.blockedReason.length).toBeGreaterThan(5);
		expect(items.filter((i) => !i.blocked).every((i) => i.blockedReason === '')).toBe(true);

		expect(items.filter((i) => isOverdue(i, today)).length).toBeGreaterThanOrEqual(2);
		expect(items.some((i) => i.period === periodOf('week', today))).toBe(true);
		expect(items.some((i) => i.period! > periodOf('quarter', today) && i.horizon === 'quarter')).toBe(true);
		expect(items.some((i) => i.status === 'done' && periodRange(i.period!)!.end < today)).toBe(true);
	});

	it.each(DAYS)('on %s: periods match horizons and dates, every item has an owner and an area', (today) => {
		const { items } = build('en', today);
		const ownerIds = new Set(Object.values(people));
		for (const item of items) {
			expect(isPeriod(item.period), item.title).toBe(true);
			expect(horizonOf(item.period), item.title).toBe(item.horizon);
			expect(periodOf(item.horizon!, item.start!)).toBe(item.period);
			expect(periodOf(item.horizon!, item.due!)).toBe(item.period);
			expect(ownerIds.has(item.ownerId!), item.title).toBe(true);
			expect(item.areaId).not.toBeNull();
			expect(item.number).toBeNull();
			expect(item.createdBy).toBe('admin');
		}
		// A dozen people, every one of them responsible for something.
		expect(new Set(items.map((i) => i.ownerId)).size).toBe(12);
	});

	it.each(DAYS)('on %s: stages hang from existing targets, without cycles, inside a longer horizon', (today) => {
		const { items } = build('zh-CN', today);
		const byId = new Map(items.map((i) => [i.id, i]));
		const rank = { week: 0, month: 1, quarter: 2, year: 3 };
		const staged = items.filter((i) => i.parentId);
		expect(staged.length).toBeGreaterThanOrEqual(12);
		for (const item of items) {
			const seen = new Set<string>([item.id]);
			for (let at: Item | undefined = item; at?.parentId; ) {
				const parent = byId.get(at.parentId);
				expect(parent, `parent of ${at.title}`).toBeDefined();
				expect(seen.has(parent!.id)).toBe(false);
				seen.add(parent!.id);
				expect(rank[parent!.horizon!]).toBeGreaterThan(rank[at.horizon!]);
				expect(parent!.areaId).toBe(at.areaId);
				at = parent;
			}
		}
		// Monthly stages lie inside their quarter.
		for (const item of staged.filter((i) => i.horizon === 'month')) {
			const quarter = periodRange(byId.get(item.parentId!)!.period!)!;
			expect(item.start! >= quarter.start && item.due! <= quarter.end).toBe(true);
		}
	});

	it('has metrics with baseline, target, unit, direction and weekly check-ins by their owners', () => {
		const today = '2026-11-29';
		const { doc, items } = build('zh-CN', today);
		const metrics = items.filter((i) => i.metric);
		expect(metrics.length).toBeGreaterThanOrEqual(6);
		expect(metrics.length).toBeLessThanOrEqual(8);
		expect(metrics.some((i) => i.metric!.direction === 'down')).toBe(true);
		for (const item of metrics) {
			const metric = readMetric(doc, item.id)!;
			expect(metric.unit).toBe('%');
			expect(metric.baseline).not.toBe(metric.target);
			expect(metric.checkIns.length).toBeGreaterThanOrEqual(3);
			expect(metric.checkIns.length).toBeLessThanOrEqual(6);
			expect(metric.current).toBe(metric.checkIns.at(-1)!.value);
			for (const checkIn of metric.checkIns) {
				expect(checkIn.by).toBe(item.ownerId);
				expect(checkIn.at.slice(0, 10) < today).toBe(true);
			}
			const days = metric.checkIns.map((c) => c.at);
			expect([...days].sort()).toEqual(days);
		}
		expect(metrics.map((i) => i.title)).toEqual(expect.arrayContaining(['居民健康档案建档率达到 85%', '药占比降至 40% 以下', '新农合报销审核及时率达到 98%']));
	});

	it('links a few items across areas, on both sides', () => {
		const { items } = build('en', '2026-11-29');
		const byId = new Map(items.map((i) => [i.id, i]));
		const linked = items.filter((i) => i.links.length > 0);
		expect(linked.length).toBeGreaterThanOrEqual(4);
		for (const item of linked)
			for (const other of item.links) {
				expect(byId.get(other)!.links).toContain(item.id);
				expect(byId.get(other)!.areaId).not.toBe(item.areaId);
			}
	});

	it('gives both languages the same plan in their own words', () => {
		for (const today of DAYS) {
			const zh = build('zh-CN', today);
			const en = build('en', today);
			expect(structure(en.doc)).toEqual(structure(zh.doc));
			expect(en.plan).toEqual(zh.plan);
		}
		const zh = build('zh-CN', '2026-11-29').items;
		const en = build('en', '2026-11-29').items;
		expect(zh.every((i) => /[\u4e00-\u9fff]/.test(i.title))).toBe(true);
		expect(en.every((i) => !/[\u4e00-\u9fff]/.test(i.title + i.notes + i.blockedReason))).toBe(true);
		const en2 = build('en', '2026-11-29');
		expect(listAreas(en2.doc).map((a) => a.name)).toEqual(['Public health', 'Clinical care', 'Finance', 'Rural medical insurance']);
		expect(readMeta(en2.doc).title).toBe('Health centre management year 2026');
	});

	it('numbers follow the plan: parents are created before their stages', () => {
		const { plan, items } = build('zh-CN', '2026-11-29');
		const position = new Map(plan.itemIds.map((id, i) => [id, i]));
		for (const item of items) if (item.parentId) expect(position.get(item.parentId)!).toBeLessThan(position.get(item.id)!);
	});
});
