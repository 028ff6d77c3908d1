/** The board overview's figures: rows per area and horizon, roll-up of top-level targets, kanban links. */
import { describe, expect, it } from 'vitest';
import { emptyItem, type Area, type Item } from '../../../src/lib/board';
import { NONE, parseFilters } from '../../../src/lib/board/filters';
import { kanbanHref, overview, topLevelTargets } from '../../../src/lib/components/overview/overview-view';

function item(id: string, number: number | null, patch: Partial<Item> = {}): Item {
	return emptyItem(id, { number, title: id, status: 'planned', ownerId: 'u1', order: 'a0', createdAt: '2026-01-01T00:00:00Z', ...patch });
}

const area = (id: string, order: string): Area => ({ id, name: id, color: '#2f6fdf', order, archived: false });
const today = '2026-04-15';

describe('overview', () => {
	const areas = [area('health', 'a1'), area('clinic', 'a2'), area('finance', 'a3')];
	const items = [
		item('a', 1, { areaId: 'health', horizon: 'month', period: '2026-03', status: 'planned' }), // overdue: March is over
		item('b', 2, { areaId: 'health', horizon: 'month', status: 'done', due: '2026-03-01' }), // done is never overdue
		item('c', 3, { areaId: 'clinic', horizon: 'week', blocked: true, ownerId: null }),
		item('d', 4, { areaId: 'archived-area', horizon: 'quarter', status: 'strengthen' }),
		item('e', 5, { status: 'blank' }),
		item('binned', 6, { areaId: 'health', deletedAt: '2026-04-01T00:00:00Z' })
	];
	const result = overview(items, areas, today);

	it('counts the whole board, leaving the bin out', () => {
		expect(result.all.total).toBe(5);
		expect(result.all.byStatus).toEqual({ blank: 1, planned: 2, strengthen: 1, done: 1 });
		expect(result.all.doneShare).toBeCloseTo(0.2);
		expect([result.all.overdue, result.all.blocked, result.all.unowned]).toEqual([1, 1, 1]);
	});

	it('gives every live area a row in board order, empty ones too, then the items of no (live) area', () => {
		expect(result.areas.map((row) => [row.area?.id ?? null, row.tally.total])).toEqual([
			['health', 2],
			['clinic', 1],
			['finance', 0],
			[null, 2]
		]);
		const health = result.areas[0].tally;
		expect(health.doneShare).toBe(0.5);
		expect(health.overdue).toBe(1);
		expect(result.areas[1].tally.blocked).toBe(1);
		expect(result.areas[1].tally.unowned).toBe(1);
	});

	it('has a row per horizon in order, and one for items without a horizon only when there are some', () => {
		expect(result.horizons.map((row) => [row.horizon, row.tally.total])).toEqual([
			['week', 1],
			['month', 2],
			['quarter', 1],
			['year', 0],
			[null, 1]
		]);
		expect(overview(items.slice(0, 4), areas, today).horizons.map((row) => row.horizon)).toEqual(['week', 'month', 'quarter', 'year']);
		expect(overview([], areas, today).areas.map((row) => row.area?.id ?? null)).toEqual(['health', 'clinic', 'finance']);
	});
});

describe('topLevelTargets', () => {
	it('lists targets at the top of a breakdown with progress rolled up through every level', () => {
		const items = [
			item('q2', 2, { horizon: 'quarter' }),
			item('april', 3, { parentId: 'q2', status: 'done' }),
			item('may', 4, { parentId: 'q2' }),
			item('may-w1', 5, { parentId: 'may', status: 'done' }),
			item('may-w2', 6, { parentId: 'may' }),
			item('year', 1, {}),
			item('y-metric', 7, { parentId: 'year', metric: { unit: '%', baseline: 80, target: 90, direction: 'up', current: 88 } }),
			item('alone', 8, {})
		];
		const targets = topLevelTargets(items);
		expect(targets.map((t) => t.item.id)).toEqual(['year', 'q2']);
		expect(targets[0].progress).toBeCloseTo(0.8);
		// q2 = (april 1 + may (0.5)) / 2
		expect(targets[1].progress).toBeCloseTo(0.75);
		expect([targets[1].stages, targets[1].stagesDone]).toEqual([2, 1]);
	});

	it('ignores binned stages and parents, and a parent loop has no top', () => {
		const items = [
			item('p', 1, {}),
			item('binned-stage', 2, { parentId: 'p', deletedAt: '2026-01-02T00:00:00Z' }),
			item('orphan', 3, { parentId: 'binned-parent' }),
			item('binned-parent', 4, { deletedAt: '2026-01-02T00:00:00Z' }),
			item('x', 5, { parentId: 'y' }),
			item('y', 6, { parentId: 'x' })
		];
		expect(topLevelTargets(items)).toEqual([]);
	});
});

describe('kanbanHref', () => {
	it('puts the slice into the address of the kanban', () => {
		expect(kanbanHref('b1', {})).toBe('/b/b1');
		const url = new URL(kanbanHref('b 1', { area: 'health', status: 'done' })!, 'http://x');
		expect(url.pathname).toBe('/b/b%201');
		expect(Object.fromEntries(url.searchParams)).toEqual({ area: 'health', status: 'done' });
	});

	it('writes the kanban filters’ own address: no area and no owner as "none"; no horizon cannot be expressed', () => {
		const url = new URL(kanbanHref('b1', { area: null, unowned: true, overdue: true })!, 'http://x');
		expect(parseFilters(url.searchParams)).toMatchObject({ areas: [NONE], owners: [NONE], overdue: true });
		expect(kanbanHref('b1', { horizon: null })).toBeNull();
	});
});
