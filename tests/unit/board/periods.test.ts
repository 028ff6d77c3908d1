import { describe, expect, it } from 'vitest';
import { dateTimeFormat, daysBetween, horizonOf, isOverdue, itemRange, periodOf, periodRange, periodsIn, shiftPeriod, startOfPeriod, todayIn } from '../../../src/lib/board/periods';

describe('periods', () => {
	it('puts days at a year end into the ISO week they belong to', () => {
		// 2026-01-01 is a Thursday: ISO week 1 of 2026 starts on Monday 2025-12-29.
		expect(periodOf('week', '2025-12-29')).toBe('2026-W01');
		expect(periodOf('week', '2025-12-28')).toBe('2025-W52');
		// 2027-01-01 is a Friday: it is still in 2026's last week, W53.
		expect(periodOf('week', '2027-01-01')).toBe('2026-W53');
		expect(periodOf('week', '2027-01-04')).toBe('2027-W01');
		expect(periodOf('week', '2026-04-01')).toBe('2026-W14');
	});

	it('gives the days of a week, month, quarter and year', () => {
		expect(periodRange('2026-W01')).toEqual({ start: '2025-12-29', end: '2026-01-04' });
		expect(periodRange('2026-W53')).toEqual({ start: '2026-12-28', end: '2027-01-03' });
		expect(periodRange('2026-W14')).toEqual({ start: '2026-03-30', end: '2026-04-05' });
		expect(periodRange('2026-02')).toEqual({ start: '2026-02-01', end: '2026-02-28' });
		expect(periodRange('2028-02')).toEqual({ start: '2028-02-01', end: '2028-02-29' });
		expect(periodRange('2026-04')).toEqual({ start: '2026-04-01', end: '2026-04-30' });
		expect(periodRange('2026-Q2')).toEqual({ start: '2026-04-01', end: '2026-06-30' });
		expect(periodRange('2026-Q4')).toEqual({ start: '2026-10-01', end: '2026-12-31' });
		expect(periodRange('2026')).toEqual({ start: '2026-01-01', end: '2026-12-31' });
	});

	it('refuses keys that are not periods', () => {
		// 2025 has 52 ISO weeks, 2026 has 53.
		for (const bad of ['2025-W53', '2026-W00', '2026-W54', '2026-13', '2026-00', '2026-Q5', '26-Q1', '2026-4', 'W14', '']) {
			expect(periodRange(bad), bad).toBeNull();
			expect(horizonOf(bad), bad).toBeNull();
		}
	});

	it('maps period ↔ horizon ↔ date range both ways', () => {
		for (const [period, horizon] of [['2026-W14', 'week'], ['2026-04', 'month'], ['2026-Q2', 'quarter'], ['2026', 'year']] as const) {
			expect(horizonOf(period)).toBe(horizon);
			const range = periodRange(period)!;
			expect(periodOf(horizon, range.start)).toBe(period);
			expect(periodOf(horizon, range.end)).toBe(period);
			expect(startOfPeriod(horizon, range.end)).toBe(range.start);
		}
	});

	it('steps across year ends', () => {
		expect(shiftPeriod('2026-W53', 1)).toBe('2027-W01');
		expect(shiftPeriod('2026-W01', -1)).toBe('2025-W52');
		expect(shiftPeriod('2026-12', 1)).toBe('2027-01');
		expect(shiftPeriod('2026-Q1', -1)).toBe('2025-Q4');
		expect(shiftPeriod('2026', 2)).toBe('2028');
	});

	it('lists the periods overlapping a range, for the timeline grid', () => {
		expect(periodsIn('month', { start: '2026-01-15', end: '2026-03-01' }).map((p) => p.period)).toEqual(['2026-01', '2026-02', '2026-03']);
		expect(periodsIn('week', { start: '2026-12-30', end: '2027-01-05' }).map((p) => p.period)).toEqual(['2026-W53', '2027-W01']);
		expect(periodsIn('quarter', { start: '2026-05-01', end: '2026-05-02' })).toEqual([{ period: '2026-Q2', start: '2026-04-01', end: '2026-06-30' }]);
	});

	it('takes an item’s range from its dates, else its period', () => {
		expect(itemRange({ start: '2026-04-03', due: '2026-04-10', period: '2026-Q2' })).toEqual({ start: '2026-04-03', end: '2026-04-10' });
		expect(itemRange({ start: null, due: null, period: '2026-04' })).toEqual({ start: '2026-04-01', end: '2026-04-30' });
		expect(itemRange({ start: null, due: '2026-05-20', period: '2026-Q2' })).toEqual({ start: '2026-04-01', end: '2026-05-20' });
		expect(itemRange({ start: null, due: null, period: null })).toBeNull();
	});

	it('calls an item overdue after its due day (or its period) unless it is done', () => {
		const item = { status: 'planned', due: '2026-04-10', period: null };
		expect(isOverdue(item, '2026-04-10')).toBe(false);
		expect(isOverdue(item, '2026-04-11')).toBe(true);
		expect(isOverdue({ ...item, status: 'done' }, '2026-05-01')).toBe(false);
		expect(isOverdue({ status: 'blank', due: null, period: '2026-Q1' }, '2026-04-01')).toBe(true);
		expect(isOverdue({ status: 'blank', due: null, period: null }, '2030-01-01')).toBe(false);
	});

	it('counts days and knows today where the board is', () => {
		expect(daysBetween('2026-02-27', '2026-03-02')).toBe(3);
		expect(daysBetween('2026-03-29', '2026-03-28')).toBe(-1);
		// 2026-03-31 20:00 UTC is already 1 April in Shanghai.
		expect(todayIn('Asia/Shanghai', new Date('2026-03-31T20:00:00Z'))).toBe('2026-04-01');
		expect(todayIn('Europe/London', new Date('2026-03-31T20:00:00Z'))).toBe('2026-03-31');
		// A time zone the runtime does not know: the UTC day, not an exception.
		expect(todayIn('Mars/Olympus_Mons', new Date('2026-03-31T20:00:00Z'))).toBe('2026-03-31');
	});

	it('makes one date formatter per locale and options, and refuses an unknown time zone', () => {
		const a = dateTimeFormat('zh-CN', { dateStyle: 'medium', timeZone: 'UTC' });
		expect(dateTimeFormat('zh-CN', { dateStyle: 'medium', timeZone: 'UTC' })).toBe(a);
		expect(dateTimeFormat('en', { dateStyle: 'medium', timeZone: 'UTC' })).not.toBe(a);
		expect(dateTimeFormat('zh-CN', { dateStyle: 'long', timeZone: 'UTC' })).not.toBe(a);
		expect(a.format(new Date('2026-03-30T12:00:00Z'))).toBe('2026年3月30日');
		expect(() => dateTimeFormat('en-CA', { timeZone: 'Mars/Olympus_Mons' })).toThrow(RangeError);
	});
});
