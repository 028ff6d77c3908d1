/** parseDay / formatDay by hand must agree with date-fns' parse / format (what they replaced), and periodRange's cache must not leak changes. */
import { format, isValid, parse } from 'date-fns';
import { describe, expect, it } from 'vitest';
import { formatDay, parseDay, periodRange } from '../../../src/lib/board/index';

function dateFnsParse(day: string): Date | null {
	if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) return null;
	const date = parse(day, 'yyyy-MM-dd', new Date(2000, 0, 1));
	return isValid(date) ? date : null;
}

describe('parseDay and formatDay', () => {
	it('agree with date-fns on every day of several years and on impossible days', () => {
		const days: string[] = [];
		for (let date = new Date(2023, 0, 1); date.getFullYear() < 2029; date.setDate(date.getDate() + 1)) days.push(format(date, 'yyyy-MM-dd'));
		days.push('2026-02-29', '2028-02-29', '2026-13-01', '2026-00-10', '2026-04-31', '2026-04-00', '0099-05-06', '0000-01-01', '9999-12-31', '2026-4-1', ' 2026-04-01', '2026-04-01T00:00', '');
		for (const day of days) {
			const mine = parseDay(day);
			const theirs = dateFnsParse(day);
			expect(mine?.getTime() ?? null, day).toBe(theirs?.getTime() ?? null);
			if (mine) expect(formatDay(mine), day).toBe(format(mine, 'yyyy-MM-dd'));
		}
		expect(parseDay(null)).toBeNull();
		expect(() => formatDay(new Date(Number.NaN))).toThrow(RangeError);
	});

	it('periodRange answers from its cache with a copy', () => {
		const first = periodRange('2026-W14')!;
		first.start = 'changed';
		expect(periodRange('2026-W14')).toEqual({ start: '2026-03-30', end: '2026-04-05' });
		expect(periodRange('2026-W54')).toBeNull();
		expect(periodRange('2026-W54')).toBeNull();
	});
});
