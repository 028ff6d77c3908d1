import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import {
	activeFilterCount,
	allItems,
	assignNumbers,
	createItem,
	deleteItem,
	emptyFilters,
	filterItems,
	hasFilters,
	itemsMap,
	matchesFilters,
	NONE,
	parseFilters,
	writeFilters,
	type BoardFilters,
	type Item
} from '../../../src/lib/board/index';

const AREA_A = '7d0c6a3e-1111-4aaa-8aaa-000000000001';
const AREA_B = '7d0c6a3e-1111-4aaa-8aaa-000000000002';
const ANNA = 'a1b2c3d4-0000-4000-8000-00000000a001';
const BO = 'a1b2c3d4-0000-4000-8000-00000000b002';
const context = { today: '2026-04-10', prefix: 'WSY' };

function board() {
	const doc = new Y.Doc();
	const ids = {
		vaccines: createItem(doc, {
			title: '完善慢性病随访制度',
			notes: '每月随访高血压患者',
			areaId: AREA_A,
			ownerId: ANNA,
			status: 'planned',
			horizon: 'month',
			period: '2026-04'
		}),
		audit: createItem(doc, { title: 'Finance audit', areaId: AREA_B, ownerId: BO, status: 'strengthen', horizon: 'quarter', period: '2026-Q1' }),
		blocked: createItem(doc, { title: 'Waste handling', areaId: AREA_B, status: 'blank', blocked: true, horizon: 'week', due: '2026-04-09' }),
		done: createItem(doc, { title: 'Green channel', ownerId: ANNA, status: 'done', horizon: 'year', period: '2026' }),
		loose: createItem(doc, { title: 'Unplanned idea', status: 'blank' })
	};
	const numbers = new Map(Object.values(ids).map((id, i) => [id, i + 1]));
	assignNumbers(doc, numbers);
	return { doc, ids };
}

function titles(items: Item[]): string[] {
	return items.map((item) => item.title).sort();
}

function filtered(doc: Y.Doc, patch: Partial<BoardFilters>): string[] {
	return titles(filterItems(allItems(doc), { ...emptyFilters(), ...patch }, context));
}

describe('filters in the address', () => {
	it('reads every field, lists comma-separated or repeated', () => {
		const params = new URLSearchParams(
			`area=${AREA_A},${NONE}&owner=${ANNA}&owner=${NONE}&horizon=quarter,month&period=2026-Q2&status=done,planned&overdue=1&blocked=true&q=%20随访%20%20高血压 `
		);
		expect(parseFilters(params)).toEqual({
			areas: [AREA_A, NONE],
			owners: [ANNA, NONE],
			horizons: ['month', 'quarter'],
			periods: ['2026-Q2'],
			statuses: ['planned', 'done'],
			overdue: true,
			blocked: true,
			text: '随访 高血压'
		});
	});

	it('an empty address is no filter at all', () => {
		const filters = parseFilters(new URLSearchParams(''));
		expect(filters).toEqual(emptyFilters());
		expect(hasFilters(filters)).toBe(false);
		expect(activeFilterCount(filters)).toBe(0);
	});

	it('leaves out values that mean nothing instead of hiding everything', () => {
		const params = new URLSearchParams('status=done,finished&horizon=decade&period=2026-W54,2026-13,2026-W53&area=a b,<x>&overdue=0&blocked=no&owner=,,');
		const filters = parseFilters(params);
		expect(filters.statuses).toEqual(['done']);
		expect(filters.horizons).toEqual([]);
		// 2026 has no week 54 and no month 13; it does have an ISO week 53.
		expect(filters.periods).toEqual(['2026-W53']);
		expect(filters.areas).toEqual([]);
		expect(filters.owners).toEqual([]);
		expect(filters.overdue).toBe(false);
		expect(filters.blocked).toBe(false);
	});

	it('caps the search text and the number of values', () => {
		const long = 'x'.repeat(500);
		const many = Array.from({ length: 80 }, (_, i) => `id${i}`).join(',');
		const filters = parseFilters(new URLSearchParams({ q: long, owner: many }));
		expect(filters.text).toHaveLength(200);
		expect(filters.owners).toHaveLength(50);
	});

	it('writes a canonical address that reads back the same, keeping other parameters', () => {
		const filters: BoardFilters = {
			areas: [AREA_B],
			owners: [NONE, ANNA],
			horizons: ['quarter', 'week'],
			periods: ['2026-Q2', '2026-04'],
			statuses: ['done', 'blank'],
			overdue: true,
			blocked: false,
			text: '  audit  '
		};
		const params = writeFilters(filters, new URLSearchParams('lanes=area&status=planned&q=old'));
		expect(params.get('lanes')).toBe('area');
		expect(params.get('status')).toBe('blank,done');
		expect(params.get('horizon')).toBe('week,quarter');
		expect(params.get('period')).toBe('2026-04,2026-Q2');
		expect(params.get('q')).toBe('audit');
		expect(params.has('blocked')).toBe(false);
		expect(parseFilters(params)).toEqual({
			...filters,
			horizons: ['week', 'quarter'],
			periods: ['2026-04', '2026-Q2'],
			statuses: ['blank', 'done'],
			text: 'audit'
		});
		expect(activeFilterCount(filters)).toBe(11);
	});

	it('clearing every filter leaves only the other parameters', () => {
		const params = writeFilters(emptyFilters(), new URLSearchParams(`lanes=owner&owner=${ANNA}&overdue=1&q=x`));
		expect(params.toString()).toBe('lanes=owner');
	});
});

describe('matching items', () => {
	it('shows every live item without filters, never the bin', () => {
		const { doc, ids } = board();
		deleteItem(doc, ids.loose);
		expect(filtered(doc, {})).toEqual(['Finance audit', 'Green channel', 'Waste handling', '完善慢性病随访制度']);
	});

	it('by area and owner, with "none" for items without one', () => {
		const { doc } = board();
		expect(filtered(doc, { areas: [AREA_B] })).toEqual(['Finance audit', 'Waste handling']);
		expect(filtered(doc, { areas: [NONE] })).toEqual(['Green channel', 'Unplanned idea']);
		expect(filtered(doc, { owners: [NONE] })).toEqual(['Unplanned idea', 'Waste handling']);
		expect(filtered(doc, { owners: [BO, NONE] })).toEqual(['Finance audit', 'Unplanned idea', 'Waste handling']);
	});

	it('by horizon and status (alternatives within a field, all fields together)', () => {
		const { doc } = board();
		expect(filtered(doc, { horizons: ['week', 'year'] })).toEqual(['Green channel', 'Waste handling']);
		expect(filtered(doc, { statuses: ['blank'] })).toEqual(['Unplanned idea', 'Waste handling']);
		expect(filtered(doc, { statuses: ['blank'], horizons: ['week'] })).toEqual(['Waste handling']);
		expect(filtered(doc, { statuses: ['done'], owners: [BO] })).toEqual([]);
	});

	it('by period: its own period, or days that overlap the period', () => {
		const { doc } = board();
		// The April target, the week target due 9 April, and the yearly target (2026 covers April).
		expect(filtered(doc, { periods: ['2026-04'] })).toEqual(['Green channel', 'Waste handling', '完善慢性病随访制度']);
		expect(filtered(doc, { periods: ['2026-Q1'] })).toEqual(['Finance audit', 'Green channel']);
		expect(filtered(doc, { periods: ['2026-W15'] })).toEqual(['Green channel', 'Waste handling', '完善慢性病随访制度']);
		expect(filtered(doc, { periods: ['2025'] })).toEqual([]);
	});

	it('overdue: due (or period ended) before today, and not done', () => {
		const { doc } = board();
		// Q1 ended on 31 March; the week item was due on 9 April; the done item does not count.
		expect(filtered(doc, { overdue: true })).toEqual(['Finance audit', 'Waste handling']);
		const item = allItems(doc).find((i) => i.title === 'Waste handling')!;
		expect(matchesFilters(item, { ...emptyFilters(), overdue: true }, { ...context, today: '2026-04-09' })).toBe(false);
	});

	it('blocked', () => {
		const { doc } = board();
		expect(filtered(doc, { blocked: true })).toEqual(['Waste handling']);
	});

	it('text search in title, notes and number, every word, any case', () => {
		const { doc } = board();
		expect(filtered(doc, { text: 'AUDIT' })).toEqual(['Finance audit']);
		expect(filtered(doc, { text: '高血压' })).toEqual(['完善慢性病随访制度']);
		expect(filtered(doc, { text: '随访 高血压' })).toEqual(['完善慢性病随访制度']);
		expect(filtered(doc, { text: '随访 audit' })).toEqual([]);
		expect(filtered(doc, { text: 'wsy-003' })).toEqual(['Waste handling']);
		expect(filtered(doc, { text: '#4' })).toEqual(['Green channel']);
	});

	it('an item the server has not numbered yet is found by its words', () => {
		const doc = new Y.Doc();
		const id = createItem(doc, { title: 'Fresh' });
		expect(itemsMap(doc).get(id)?.get('number')).toBeUndefined();
		expect(filtered(doc, { text: 'fresh' })).toEqual(['Fresh']);
		expect(filtered(doc, { text: '…' })).toEqual([]);
	});
});
