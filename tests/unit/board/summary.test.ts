import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { allItems, createArea, createItem, deleteItem, donePercent, tally } from '../../../src/lib/board/index';

describe('tally', () => {
	it('counts live items per status, area and horizon, with done share, overdue, blocked and unowned', () => {
		const doc = new Y.Doc();
		const health = createArea(doc, { name: '公共卫生' });
		const finance = createArea(doc, { name: '财务管理' });
		createItem(doc, { title: 'a', areaId: health, status: 'done', ownerId: 'u1', horizon: 'month', due: '2026-03-01' });
		createItem(doc, { title: 'b', areaId: health, status: 'planned', ownerId: 'u1', horizon: 'month', due: '2026-03-01' });
		createItem(doc, { title: 'c', areaId: finance, status: 'strengthen', blocked: true, horizon: 'quarter' });
		createItem(doc, { title: 'd', status: 'blank', horizon: 'week', due: '2026-05-01' });
		deleteItem(doc, createItem(doc, { title: 'binned', areaId: health }));

		const byArea = tally(allItems(doc), '2026-04-01', (item) => item.areaId);
		expect(byArea.all).toMatchObject({ total: 4, overdue: 1, blocked: 1, unowned: 2, doneShare: 0.25 });
		expect(byArea.all.byStatus).toEqual({ blank: 1, planned: 1, strengthen: 1, done: 1 });
		expect(byArea.groups.get(health)).toMatchObject({ total: 2, doneShare: 0.5, overdue: 1 });
		expect(byArea.groups.get(finance)).toMatchObject({ total: 1, blocked: 1, doneShare: 0 });
		expect(byArea.groups.get(null)).toMatchObject({ total: 1 });

		const byHorizon = tally(allItems(doc), '2026-04-01', (item) => item.horizon);
		expect(byHorizon.groups.get('month')?.byStatus).toEqual({ blank: 0, planned: 1, strengthen: 0, done: 1 });
	});
});

describe('donePercent', () => {
	it('is the share done as a whole percent, and 0 for nothing', () => {
		expect(donePercent({ blank: 1, planned: 1, strengthen: 0, done: 1 })).toBe(33);
		expect(donePercent({ blank: 0, planned: 1, strengthen: 0, done: 2 })).toBe(67);
		expect(donePercent({ blank: 0, planned: 0, strengthen: 0, done: 0 })).toBe(0);
	});
});
