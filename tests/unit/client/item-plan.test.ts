/** The item panel's planning choices: periods per horizon, the dates check, parents without cycles, links. */
import { describe, expect, it } from 'vitest';
import { emptyItem, type Item } from '../../../src/lib/board';
import { checkDates, descendantsOf, linkChoices, parentChoices, periodChoices, periodForHorizon, stagesOf } from '../../../src/lib/client/item-plan';

function item(id: string, number: number | null, patch: Partial<Item> = {}): Item {
	return emptyItem(id, { number, title: id, status: 'planned', order: `a${number ?? 0}`, createdAt: '2026-01-01T00:00:00Z', ...patch });
}

describe('periodChoices', () => {
	it('offers the campaign’s periods when the board has its dates', () => {
		const quarters = periodChoices('quarter', { today: '2026-05-10', campaign: { start: '2026-01-01', end: '2026-12-31' } });
		expect(quarters.map((c) => c.period)).toEqual(['2026-Q1', '2026-Q2', '2026-Q3', '2026-Q4']);
		expect(quarters[1]).toEqual({ period: '2026-Q2', start: '2026-04-01', end: '2026-06-30' });
	});

	it('without campaign dates, a window around today; ISO weeks cross the year end', () => {
		const weeks = periodChoices('week', { today: '2026-12-30' }).map((c) => c.period);
		expect(weeks).toContain('2026-W53');
		expect(weeks).toContain('2027-W01');
		expect(weeks.indexOf('2026-W53')).toBeLessThan(weeks.indexOf('2027-W01'));
		expect(periodChoices('month', { today: '2026-05-10' }).map((c) => c.period)).toContain('2026-05');
	});

	it('always offers the item’s current period, in date order', () => {
		const months = periodChoices('month', { today: '2026-05-10', campaign: { start: '2026-03-01', end: '2026-06-30' }, current: '2025-11' });
		expect(months.map((c) => c.period)).toEqual(['2025-11', '2026-03', '2026-04', '2026-05', '2026-06']);
	});

	it('ignores campaign dates that run backwards', () => {
		expect(periodChoices('year', { today: '2026-05-10', campaign: { start: '2026-12-31', end: '2026-01-01' } }).map((c) => c.period)).toContain('2026');
	});
});

describe('periodForHorizon', () => {
	it('lands on the period of the due date, else the start, else today', () => {
		expect(periodForHorizon('month', { start: '2026-02-20', due: '2026-03-05' }, '2026-01-01')).toBe('2026-03');
		expect(periodForHorizon('quarter', { start: '2026-08-02', due: null }, '2026-01-01')).toBe('2026-Q3');
		expect(periodForHorizon('week', { start: null, due: null }, '2026-01-01')).toBe('2026-W01');
	});
});

describe('checkDates', () => {
	it('refuses a start after the due day; one day or none is fine', () => {
		expect(checkDates('2026-04-02', '2026-04-01')).toBe('start_after_due');
		expect(checkDates('2026-04-01', '2026-04-01')).toBeNull();
		expect(checkDates(null, '2026-04-01')).toBeNull();
		expect(checkDates('2026-04-01', null)).toBeNull();
	});
});

describe('parents and links', () => {
	const items = [
		item('q', 1, { horizon: 'quarter' }),
		item('m', 2, { parentId: 'q' }),
		item('w', 3, { parentId: 'm', status: 'done' }),
		item('other', 5),
		item('binned', 4, { deletedAt: '2026-02-01T00:00:00Z' })
	];

	it('finds every stage below an item', () => {
		expect([...descendantsOf(items, 'q')].sort()).toEqual(['m', 'w']);
		expect(descendantsOf(items, 'w').size).toBe(0);
	});

	it('never offers the item itself, its own stages or binned items as a parent', () => {
		expect(parentChoices(items, items[0]).map((i) => i.id)).toEqual(['other']);
		expect(parentChoices(items, items[2]).map((i) => i.id)).toEqual(['q', 'm', 'other']);
	});

	it('survives a cycle someone else made concurrently', () => {
		const cyclic = [item('a', 1, { parentId: 'b' }), item('b', 2, { parentId: 'a' }), item('c', 3)];
		expect(parentChoices(cyclic, cyclic[0]).map((i) => i.id)).toEqual(['c']);
	});

	it('offers for linking only live items not linked yet', () => {
		expect(linkChoices(items, { id: 'q', links: ['other'] }).map((i) => i.id)).toEqual(['m', 'w']);
	});

	it('lists an item’s stages with how many are done', () => {
		expect(stagesOf(items, 'm')).toEqual({ stages: [items[2]], done: 1 });
	});
});
