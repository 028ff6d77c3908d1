import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { addCheckIn, allItems, createItem, metricProgress, rollUpProgress, setMetric, updateItem, getItem } from '../../../src/lib/board/index';

describe('metric progress', () => {
	it('measures the climb for "up" targets', () => {
		// 入园率 81.2% → 90.65%
		const metric = { unit: '%', baseline: 81.2, target: 90.65, direction: 'up' as const };
		expect(metricProgress({ ...metric, current: null })).toBe(0);
		expect(metricProgress({ ...metric, current: 81.2 })).toBe(0);
		expect(metricProgress({ ...metric, current: 85.925 })).toBeCloseTo(0.5);
		expect(metricProgress({ ...metric, current: 90.65 })).toBe(1);
		expect(metricProgress({ ...metric, current: 95 })).toBe(1);
		expect(metricProgress({ ...metric, current: 70 })).toBe(0);
	});

	it('measures the drop for "down" targets', () => {
		const metric = { unit: '分钟', baseline: 40, target: 20, direction: 'down' as const };
		expect(metricProgress({ ...metric, current: 30 })).toBeCloseTo(0.5);
		expect(metricProgress({ ...metric, current: 15 })).toBe(1);
		expect(metricProgress({ ...metric, current: 45 })).toBe(0);
	});

	it('reads the current value from the latest check-in', () => {
		const doc = new Y.Doc();
		const id = createItem(doc, { title: '检查文化场所' });
		setMetric(doc, id, { unit: '家', baseline: 0, target: 80, direction: 'up' });
		addCheckIn(doc, id, { value: 20, at: '2026-04-01', by: 'u1', note: '' });
		addCheckIn(doc, id, { value: 60, at: '2026-05-01', by: 'u1', note: '' });
		const metric = getItem(doc, id)!.metric!;
		expect(metric.current).toBe(60);
		expect(metricProgress(metric)).toBeCloseTo(0.75);
	});
});

describe('roll-up of stages to their target', () => {
	it('averages the stages, recursively; a done parent is done', () => {
		const doc = new Y.Doc();
		const quarter = createItem(doc, { title: 'Q2 目标', horizon: 'quarter', period: '2026-Q2' });
		const april = createItem(doc, { title: '4 月', parentId: quarter, status: 'done' });
		const may = createItem(doc, { title: '5 月', parentId: quarter });
		const week1 = createItem(doc, { title: '第 1 周', parentId: may, status: 'done' });
		createItem(doc, { title: '第 2 周', parentId: may });
		const june = createItem(doc, { title: '6 月', parentId: quarter });
		setMetric(doc, june, { unit: '家', baseline: 0, target: 10, direction: 'up' });
		addCheckIn(doc, june, { value: 5, at: '2026-06-10', by: null, note: '' });

		let progress = rollUpProgress(allItems(doc));
		expect(progress.get(may)).toBeCloseTo(0.5);
		expect(progress.get(june)).toBeCloseTo(0.5);
		expect(progress.get(quarter)).toBeCloseTo((1 + 0.5 + 0.5) / 3);
		expect(progress.get(week1)).toBe(1);

		updateItem(doc, may, { parentId: null });
		progress = rollUpProgress(allItems(doc));
		expect(progress.get(quarter)).toBeCloseTo((1 + 0.5) / 2);
		expect(progress.get(april)).toBe(1);
	});

	it('refuses a parent that would make a loop, and survives one made by two people at once', () => {
		const a = new Y.Doc();
		const x = createItem(a, { title: 'x' });
		const y = createItem(a, { title: 'y', parentId: x });
		expect(() => updateItem(a, x, { parentId: y })).toThrow();
		expect(() => updateItem(a, x, { parentId: x })).toThrow();
		// Two docs each make one link of a loop; merged, the loop exists. Progress still works.
		const b = new Y.Doc();
		Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
		updateItem(a, y, { parentId: null });
		updateItem(b, x, { parentId: null });
		updateItem(a, x, { parentId: y });
		updateItem(b, y, { parentId: x });
		Y.applyUpdate(a, Y.encodeStateAsUpdate(b));
		Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
		const progress = rollUpProgress(allItems(a));
		expect(progress.get(x)).toBe(0);
		expect(progress.get(y)).toBe(0);
	});
});
