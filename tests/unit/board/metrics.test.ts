import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addCheckIn, createItem, readMetric, setMetric } from '../../../src/lib/board/index';

describe('metrics', () => {
	it('check-ins become current and stay as history; redefining keeps them', () => {
		const doc = new Y.Doc();
		const id = createItem(doc, { title: '入园率' });
		expect(readMetric(doc, id)).toBeNull();
		expect(() => addCheckIn(doc, id, { value: 1, at: '2026-04-01', by: null, note: '' })).toThrow(/no metric/);
		setMetric(doc, id, { unit: '%', baseline: 81.2, target: 90.65, direction: 'up' });
		addCheckIn(doc, id, { value: 84, at: '2026-04-01', by: 'u1', note: '' });
		addCheckIn(doc, id, { value: 86.5, at: '2026-05-01', by: 'u1', note: '五月' });
		setMetric(doc, id, { unit: '%', baseline: 81.2, target: 92, direction: 'up' });
		expect(readMetric(doc, id)).toMatchObject({ current: 86.5, target: 92, checkIns: [{ value: 84 }, { value: 86.5, note: '五月' }] });
		expect(() => addCheckIn(doc, id, { value: Number.NaN, at: '2026-06-01', by: null, note: '' })).toThrow(/number/);
	});

	it('concurrent check-ins from two docs are both kept', () => {
		const a = new Y.Doc();
		const b = new Y.Doc();
		const id = createItem(a, { title: '检查场所' });
		setMetric(a, id, { unit: '家', baseline: 0, target: 80, direction: 'up' });
		Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
		addCheckIn(a, id, { value: 20, at: '2026-03-01', by: 'u1', note: '' });
		addCheckIn(b, id, { value: 25, at: '2026-03-02', by: 'u2', note: '' });
		Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
		Y.applyUpdate(a, Y.encodeStateAsUpdate(b));
		expect(readMetric(a, id)?.checkIns.map((c) => c.value).sort()).toEqual([20, 25]);
		expect(readMetric(a, id)).toEqual(readMetric(b, id));
	});
});
