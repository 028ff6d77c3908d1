/** The table's columns: cell text, sorting (direction, stability, empties, collation, board order) and the sort in the address. */
import { describe, expect, it } from 'vitest';
import { emptyItem, type Area, type Item } from '../../../src/lib/board';
import {
	cellText,
	COLUMN_IDS,
	DEFAULT_SORT,
	memoSorter,
	metricText,
	nextSort,
	parseSort,
	sortItems,
	writeSort,
	type TableContext
} from '../../../src/lib/client/table-columns';

function item(id: string, patch: Partial<Item> = {}): Item {
	return emptyItem(id, { title: id, order: 'a0', ...patch });
}

const areas: Area[] = [
	{ id: 'a-health', name: '公共卫生', color: '#2f6fdf', order: 'a0', archived: false },
	{ id: 'a-finance', name: '财务管理', color: '#13915f', order: 'a1', archived: false }
];

function context(numbers: Record<string, number | null> = {}): TableContext {
	return {
		prefix: 'WSY',
		areas,
		people: new Map([
			['u-zhang', '张伟'],
			['u-li', '李娜'],
			['u-wang', '王芳']
		]),
		numberOf: (id) => numbers[id] ?? null,
		labels: {
			status: (s) => `status:${s}`,
			horizon: (h) => `horizon:${h}`,
			blocked: 'Blocked',
			archivedArea: 'Archived area',
			formerOwner: 'Former member'
		}
	};
}

const ids = (items: Item[]) => items.map((i) => i.id);
const sorted = (items: Item[], column: (typeof COLUMN_IDS)[number], direction: 'asc' | 'desc' = 'asc') =>
	ids(sortItems(items, { column, direction }, context({ p1: 7, p2: 3 })));

describe('cell text', () => {
	const ctx = context({ parent: 12 });
	const full = item('x', {
		number: 5,
		title: '完善居民健康档案',
		areaId: 'a-health',
		ownerId: 'u-zhang',
		status: 'planned',
		blocked: true,
		horizon: 'month',
		period: '2026-04',
		start: '2026-04-01',
		due: '2026-04-30',
		metric: { unit: '%', baseline: 81.2, target: 90.65, direction: 'up', current: 85 },
		parentId: 'parent'
	});

	it('shows each field as text, dates as YYYY-MM-DD and numbers with the prefix', () => {
		expect(Object.fromEntries(COLUMN_IDS.map((c) => [c, cellText(full, c, ctx)]))).toEqual({
			number: 'WSY-005',
			title: '完善居民健康档案',
			area: '公共卫生',
			owner: '张伟',
			status: 'status:planned',
			blocked: 'Blocked',
			horizon: 'horizon:month',
			period: '2026-04',
			start: '2026-04-01',
			due: '2026-04-30',
			metric: '85 / 90.65%',
			parent: 'WSY-012'
		});
	});

	it('leaves empty fields empty; names gone from the board still say something', () => {
		const bare = item('y');
		for (const column of ['area', 'owner', 'blocked', 'horizon', 'period', 'start', 'due', 'metric', 'parent'] as const) {
			expect(cellText(bare, column, ctx)).toBe('');
		}
		expect(cellText(bare, 'number', ctx)).toBe('…');
		expect(cellText(item('z', { areaId: 'gone', ownerId: 'u-gone' }), 'area', ctx)).toBe('Archived area');
		expect(cellText(item('z', { ownerId: 'u-gone' }), 'owner', ctx)).toBe('Former member');
	});

	it('writes metrics as current / target and unit', () => {
		expect(metricText({ unit: '所', baseline: 0, target: 80, direction: 'up', current: 60 })).toBe('60 / 80 所');
		expect(metricText({ unit: '', baseline: 0, target: 10, direction: 'up', current: null })).toBe('– / 10');
		expect(metricText({ unit: '%', baseline: 0, target: 1 / 3, direction: 'up', current: 0.125 })).toBe('0.13 / 0.33%');
	});
});

describe('sorting', () => {
	it('numbers numerically, both ways, unnumbered last either way', () => {
		const items = [item('n10', { number: 10 }), item('none'), item('n2', { number: 2 }), item('n100', { number: 100 })];
		expect(sorted(items, 'number')).toEqual(['n2', 'n10', 'n100', 'none']);
		expect(sorted(items, 'number', 'desc')).toEqual(['n100', 'n10', 'n2', 'none']);
	});

	it('titles in Chinese (pinyin) order with numbers inside compared as numbers', () => {
		const items = [item('zhang', { title: '张家村卫生室' }), item('a', { title: '安全生产' }), item('li', { title: '李庄' }), item('w10', { title: '第10项' }), item('w2', { title: '第2项' })];
		expect(sorted(items, 'title')).toEqual(['a', 'w2', 'w10', 'li', 'zhang']);
		expect(sorted(items, 'title', 'desc')).toEqual(['zhang', 'li', 'w10', 'w2', 'a']);
	});

	it('is stable: ties keep the given (board) order in both directions', () => {
		const items = [item('b1', { due: '2026-05-01' }), item('a', { due: '2026-04-01' }), item('b2', { due: '2026-05-01' }), item('b3', { due: '2026-05-01' })];
		expect(sorted(items, 'due')).toEqual(['a', 'b1', 'b2', 'b3']);
		expect(sorted(items, 'due', 'desc')).toEqual(['b1', 'b2', 'b3', 'a']);
	});

	it('puts empty values last in both directions', () => {
		const items = [item('none1'), item('late', { due: '2026-12-01' }), item('none2'), item('early', { due: '2026-01-15' })];
		expect(sorted(items, 'due')).toEqual(['early', 'late', 'none1', 'none2']);
		expect(sorted(items, 'due', 'desc')).toEqual(['late', 'early', 'none1', 'none2']);
		expect(sorted(items, 'start')).toEqual(['none1', 'late', 'none2', 'early']);
	});

	it('statuses and horizons in board order, areas in the board order of areas', () => {
		const items = [
			item('done', { status: 'done', horizon: 'week', areaId: 'a-finance' }),
			item('blank', { status: 'blank', horizon: 'year', areaId: 'gone' }),
			item('str', { status: 'strengthen', horizon: 'quarter' }),
			item('pl', { status: 'planned', horizon: 'month', areaId: 'a-health' })
		];
		expect(sorted(items, 'status')).toEqual(['blank', 'pl', 'str', 'done']);
		expect(sorted(items, 'status', 'desc')).toEqual(['done', 'str', 'pl', 'blank']);
		expect(sorted(items, 'horizon')).toEqual(['done', 'pl', 'str', 'blank']);
		// 公共卫生 is the board's first area; an archived one comes after the listed ones.
		expect(sorted(items, 'area')).toEqual(['pl', 'done', 'blank', 'str']);
	});

	it('owners by name in Chinese order; blocked first when ascending', () => {
		const items = [item('z', { ownerId: 'u-zhang' }), item('none'), item('w', { ownerId: 'u-wang', blocked: true }), item('l', { ownerId: 'u-li' })];
		expect(sorted(items, 'owner')).toEqual(['l', 'w', 'z', 'none']);
		expect(sorted(items, 'blocked')).toEqual(['w', 'z', 'none', 'l']);
	});

	it('periods by the days they cover; metrics by progress; parents by number', () => {
		const items = [
			item('q2', { period: '2026-Q2', parentId: 'p1', metric: { unit: '%', baseline: 0, target: 100, direction: 'up', current: 50 } }),
			item('apr', { period: '2026-04', parentId: 'p2', metric: { unit: '%', baseline: 0, target: 100, direction: 'up', current: 90 } }),
			item('w14', { period: '2026-W14', metric: { unit: '%', baseline: 0, target: 100, direction: 'up', current: 10 } }),
			item('y', { period: '2025' })
		];
		expect(sorted(items, 'period')).toEqual(['y', 'w14', 'apr', 'q2']);
		expect(sorted(items, 'metric')).toEqual(['w14', 'q2', 'apr', 'y']);
		expect(sorted(items, 'metric', 'desc')).toEqual(['apr', 'q2', 'w14', 'y']);
		expect(sorted(items, 'parent')).toEqual(['apr', 'q2', 'w14', 'y']);
	});

	it('does not change the given array', () => {
		const items = [item('b', { number: 2 }), item('a', { number: 1 })];
		sortItems(items, { column: 'number', direction: 'asc' }, context());
		expect(ids(items)).toEqual(['b', 'a']);
	});

	it('sorts 3,000 items with Chinese titles', () => {
		const items = Array.from({ length: 3000 }, (_, i) => item(`i${i}`, { number: 3000 - i, title: `任务${(i * 7919) % 3000}` }));
		const byTitle = sortItems(items, { column: 'title', direction: 'asc' }, context());
		expect(byTitle[0].title).toBe('任务0');
		expect(byTitle.at(-1)!.title).toBe('任务2999');
		expect(sortItems(items, DEFAULT_SORT, context())[0].number).toBe(1);
	});

	it('remembers the last answer for the same items, sort and context', () => {
		const sorter = memoSorter();
		const ctx = context();
		const items = [item('b', { number: 2 }), item('a', { number: 1 })];
		const first = sorter(items, { column: 'number', direction: 'asc' }, ctx);
		expect(sorter(items, { column: 'number', direction: 'asc' }, ctx)).toBe(first);
		expect(sorter([...items], { column: 'number', direction: 'asc' }, ctx)).not.toBe(first);
		expect(ids(sorter(items, { column: 'number', direction: 'desc' }, ctx))).toEqual(['b', 'a']);
	});

	it('works out each item’s key once per item object: an edit re-keys only the edited item', () => {
		let lookups = 0;
		const people = new Map([
			['u-zhang', '张伟'],
			['u-li', '李娜']
		]);
		const counting = { ...context(), people: { get: (id: string) => (lookups++, people.get(id)) } as unknown as Map<string, string> };
		const sorter = memoSorter();
		const items = [item('z', { ownerId: 'u-zhang' }), item('l', { ownerId: 'u-li' }), item('l2', { ownerId: 'u-li' })];
		expect(ids(sorter(items, { column: 'owner', direction: 'asc' }, counting))).toEqual(['l', 'l2', 'z']);
		expect(lookups).toBe(3);
		// One item changed: a new array with one new object, the others as they were.
		const edited = [item('z', { ownerId: 'u-li' }), items[1], items[2]];
		expect(ids(sorter(edited, { column: 'owner', direction: 'asc' }, counting))).toEqual(['z', 'l', 'l2']);
		expect(lookups).toBe(4);
		expect(ids(sorter(edited, { column: 'owner', direction: 'desc' }, counting))).toEqual(['z', 'l', 'l2']);
		expect(lookups).toBe(4);
	});
});

describe('sort in the address', () => {
	it('reads a column and direction; anything else is the default', () => {
		expect(parseSort(new URLSearchParams('sort=due&dir=desc'))).toEqual({ column: 'due', direction: 'desc' });
		expect(parseSort(new URLSearchParams('sort=title'))).toEqual({ column: 'title', direction: 'asc' });
		expect(parseSort(new URLSearchParams('sort=nonsense&dir=desc'))).toEqual(DEFAULT_SORT);
		expect(parseSort(new URLSearchParams(''))).toEqual(DEFAULT_SORT);
	});

	it('writes it beside the other parameters; the default leaves no trace', () => {
		const params = new URLSearchParams('owner=u1&sort=title');
		expect(writeSort({ column: 'due', direction: 'desc' }, params).toString()).toBe('owner=u1&sort=due&dir=desc');
		expect(writeSort(DEFAULT_SORT, params).toString()).toBe('owner=u1');
		expect(writeSort({ column: 'number', direction: 'desc' }).toString()).toBe('sort=number&dir=desc');
	});

	it('a header click sorts a new column ascending and turns the sorted one around', () => {
		expect(nextSort({ column: 'due', direction: 'asc' }, 'due')).toEqual({ column: 'due', direction: 'desc' });
		expect(nextSort({ column: 'due', direction: 'desc' }, 'due')).toEqual({ column: 'due', direction: 'asc' });
		expect(nextSort({ column: 'due', direction: 'desc' }, 'title')).toEqual({ column: 'title', direction: 'asc' });
	});
});
