/** The targets view's figures: grouping by area, average progress, check-in history and typed values. */
import { describe, expect, it } from 'vitest';
import { emptyItem, type Area, type CheckIn, type Item, type Metric } from '../../../src/lib/board';
import {
	averageProgress,
	checkInPoints,
	formatValue,
	lastCheckIn,
	parseMeasuredValue,
	targetsByArea,
	type MetricItem
} from '../../../src/lib/components/targets/targets-view';

function item(id: string, number: number | null, patch: Partial<Item> = {}): Item {
	return emptyItem(id, { number, title: id, status: 'planned', order: 'a0', createdAt: '2026-01-01T00:00:00Z', ...patch });
}

const enrolment: Metric = { unit: '%', baseline: 80, target: 90, direction: 'up', current: 85 };
const waiting: Metric = { unit: 'min', baseline: 40, target: 20, direction: 'down', current: 35 };
const area = (id: string, order: string): Area => ({ id, name: id, color: '#2f6fdf', order, archived: false });

describe('targetsByArea', () => {
	const areas = [area('公共卫生', 'a1'), area('临床诊疗', 'a2'), area('财务管理', 'a3')];

	it('groups metric items by area in board order, by number within an area, with the average progress', () => {
		const groups = targetsByArea(
			[
				item('c', 7, { areaId: '临床诊疗', metric: waiting }),
				item('a', 3, { areaId: '公共卫生', metric: enrolment }),
				item('b', 1, { areaId: '公共卫生', metric: { ...enrolment, current: 90 } }),
				item('plain', 2, { areaId: '财务管理' })
			],
			areas
		);
		expect(groups.map((g) => [g.area?.id, g.items.map((i) => i.id)])).toEqual([
			['公共卫生', ['b', 'a']],
			['临床诊疗', ['c']]
		]);
		expect(groups[0].progress).toBeCloseTo(0.75);
		expect(groups[1].progress).toBeCloseTo(0.25);
	});

	it('puts items of no area, an unknown or an archived area last, and unnumbered items after numbered ones', () => {
		const groups = targetsByArea(
			[
				item('new', null, { metric: enrolment }),
				item('gone', 4, { areaId: 'archived', metric: enrolment }),
				item('x', 9, { areaId: '财务管理', metric: enrolment })
			],
			areas
		);
		expect(groups.map((g) => [g.area?.id ?? null, g.items.map((i) => i.id)])).toEqual([
			['财务管理', ['x']],
			[null, ['gone', 'new']]
		]);
	});

	it('leaves binned items out', () => {
		expect(targetsByArea([item('bin', 1, { metric: enrolment, deletedAt: '2026-02-01T00:00:00Z' })], areas)).toEqual([]);
	});
});

describe('averageProgress', () => {
	it('averages metric progress for up and down directions, and has nothing to say about no items', () => {
		const items = [item('a', 1, { metric: enrolment }), item('b', 2, { metric: waiting })] as MetricItem[];
		expect(averageProgress(items)).toBeCloseTo((0.5 + 0.25) / 2);
		expect(averageProgress([])).toBeNull();
	});
});

describe('check-in history', () => {
	const history: CheckIn[] = [
		{ value: 86, at: '2026-04-10T02:00:00.000Z', by: 'u1', note: '' },
		{ value: 82, at: '2026-03-10T02:00:00.000Z', by: 'u1', note: 'late entry' },
		{ value: Number.NaN, at: '2026-03-20T02:00:00.000Z', by: 'u2', note: '' },
		{ value: 84, at: 'not a date', by: 'u2', note: '' }
	];

	it('charts readable entries in time order', () => {
		expect(checkInPoints(history)).toEqual([
			{ x: Date.parse('2026-03-10T02:00:00.000Z'), y: 82 },
			{ x: Date.parse('2026-04-10T02:00:00.000Z'), y: 86 }
		]);
	});

	it('finds the latest check-in by date, not by arrival', () => {
		expect(lastCheckIn(history.slice(0, 2))?.value).toBe(86);
		expect(lastCheckIn([])).toBeNull();
	});
});

describe('parseMeasuredValue', () => {
	it('reads numbers as people type them', () => {
		expect(parseMeasuredValue('90.65')).toEqual({ value: 90.65 });
		expect(parseMeasuredValue(' 81.2 % ')).toEqual({ value: 81.2 });
		expect(parseMeasuredValue('９０．６５')).toEqual({ value: 90.65 });
		expect(parseMeasuredValue('1,280')).toEqual({ value: 1280 });
		expect(parseMeasuredValue('12,345.5')).toEqual({ value: 12345.5 });
		expect(parseMeasuredValue('-3')).toEqual({ value: -3 });
		expect(parseMeasuredValue('.5')).toEqual({ value: 0.5 });
		expect(parseMeasuredValue('0')).toEqual({ value: 0 });
	});

	it('refuses empty and non-numbers with the reason, never guessing', () => {
		expect(parseMeasuredValue('')).toEqual({ problem: 'required' });
		expect(parseMeasuredValue('   ')).toEqual({ problem: 'required' });
		for (const text of ['abc', '81,2', '1.2.3', '12abc', 'Infinity', '1e999', '0x10', '--1', '%']) {
			expect(parseMeasuredValue(text), text).toEqual({ problem: 'not_a_number' });
		}
	});
});

describe('formatValue', () => {
	it('groups digits and keeps at most four decimals', () => {
		expect(formatValue(1280.123456, 'en')).toBe('1,280.1235');
		expect(formatValue(90.65, 'zh-CN')).toBe('90.65');
	});
});
