/** Grouping "my items" by due date: ISO weeks (Monday first) across month and year ends. */
import { describe, expect, it } from 'vitest';
import { dueGroup, groupByDue } from '../../../src/lib/client/my-items';

const open = (due: string | null) => ({ due, status: 'planned' as const });

describe('dueGroup', () => {
	// Wednesday 15 April 2026: its ISO week ends on Sunday 19 April.
	const wednesday = new Date(2026, 3, 15, 16, 30);

	it('sorts by overdue, this week, the rest of the month, later and no date', () => {
		expect(dueGroup(open('2026-04-14'), wednesday)).toBe('overdue');
		expect(dueGroup(open('2026-04-15'), wednesday)).toBe('week');
		expect(dueGroup(open('2026-04-19'), wednesday)).toBe('week');
		expect(dueGroup(open('2026-04-20'), wednesday)).toBe('month');
		expect(dueGroup(open('2026-04-30'), wednesday)).toBe('month');
		expect(dueGroup(open('2026-05-01'), wednesday)).toBe('later');
		expect(dueGroup(open(null), wednesday)).toBe('none');
		expect(dueGroup(open('not a date'), wednesday)).toBe('none');
	});

	it('takes a Sunday as the end of its week, not the start of the next', () => {
		const sunday = new Date(2026, 3, 19, 9);
		expect(dueGroup(open('2026-04-19'), sunday)).toBe('week');
		expect(dueGroup(open('2026-04-20'), sunday)).toBe('month');
	});

	it('lets this week run into the next month and year', () => {
		// Tuesday 29 December 2026 is in ISO week 2026-W53, which ends on Sunday 3 January 2027.
		const tuesday = new Date(2026, 11, 29);
		expect(dueGroup(open('2027-01-03'), tuesday)).toBe('week');
		expect(dueGroup(open('2027-01-04'), tuesday)).toBe('later');
		expect(dueGroup(open('2026-12-28'), tuesday)).toBe('overdue');
	});

	it('never calls a done item overdue', () => {
		const wednesday2 = new Date(2026, 3, 15);
		expect(dueGroup({ due: '2026-04-01', status: 'done' }, wednesday2)).toBe('done');
		expect(dueGroup({ due: '2026-04-16', status: 'done' }, wednesday2)).toBe('week');
	});
});

describe('groupByDue', () => {
	it('keeps the order of the list inside each group and leaves out empty groups', () => {
		const today = new Date(2026, 3, 15);
		const items = [open('2026-04-01'), open('2026-04-02'), open('2026-04-16'), open(null), open('2026-09-01')];
		expect(groupByDue(items, today)).toEqual([
			{ group: 'overdue', items: [items[0], items[1]] },
			{ group: 'week', items: [items[2]] },
			{ group: 'later', items: [items[4]] },
			{ group: 'none', items: [items[3]] }
		]);
	});
});
