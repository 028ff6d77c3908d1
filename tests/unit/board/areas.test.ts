import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { AREA_COLORS, createArea, createItem, getItem, linkItems, listAreas, moveArea, unlinkItems, updateArea } from '../../../src/lib/board/index';

function sync(a: Y.Doc, b: Y.Doc) {
	Y.applyUpdate(a, Y.encodeStateAsUpdate(b));
	Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
}

describe('areas', () => {
	it('are created in order with distinct colours, renamed, recoloured, archived', () => {
		const doc = new Y.Doc();
		const ids = ['公共卫生', '临床诊疗', '财务管理', '新农合管理'].map((name) => createArea(doc, { name }));
		expect(listAreas(doc).map((a) => a.name)).toEqual(['公共卫生', '临床诊疗', '财务管理', '新农合管理']);
		expect(new Set(listAreas(doc).map((a) => a.color)).size).toBe(4);
		expect(listAreas(doc)[0].color).toBe(AREA_COLORS[0]);
		updateArea(doc, ids[0], { name: ' 公共卫生服务 ', color: '#AA0000' });
		expect(listAreas(doc)[0]).toMatchObject({ name: '公共卫生服务', color: '#aa0000' });
		updateArea(doc, ids[1], { archived: true });
		expect(listAreas(doc).map((a) => a.id)).toEqual([ids[0], ids[2], ids[3]]);
		expect(listAreas(doc, { includeArchived: true })).toHaveLength(4);
		expect(() => updateArea(doc, ids[0], { name: '  ' })).toThrow();
		expect(() => updateArea(doc, ids[0], { color: 'red' })).toThrow();
	});

	it('reorder, and converge when two people move them at once', () => {
		const a = new Y.Doc();
		const ids = ['A', 'B', 'C', 'D'].map((name) => createArea(a, { name }));
		moveArea(a, ids[3], 0);
		expect(listAreas(a).map((x) => x.name)).toEqual(['D', 'A', 'B', 'C']);
		const b = new Y.Doc();
		sync(a, b);
		moveArea(a, ids[0], 4);
		moveArea(b, ids[2], 0);
		sync(a, b);
		const order = listAreas(a).map((x) => x.name);
		expect(listAreas(b).map((x) => x.name)).toEqual(order);
		expect([...order].sort()).toEqual(['A', 'B', 'C', 'D']);
	});
});

describe('item links and stages', () => {
	it('links two items on both sides and unlinks them', () => {
		const doc = new Y.Doc();
		const x = createItem(doc, { title: '院内感染控制' });
		const y = createItem(doc, { title: '医疗废物处置' });
		linkItems(doc, x, y);
		expect(getItem(doc, x)!.links).toEqual([y]);
		expect(getItem(doc, y)!.links).toEqual([x]);
		unlinkItems(doc, y, x);
		expect(getItem(doc, x)!.links).toEqual([]);
		expect(() => linkItems(doc, x, x)).toThrow();
	});

	it('keeps a blocked reason, trimmed', () => {
		const doc = new Y.Doc();
		const x = createItem(doc, { title: '信息系统升级', blocked: true, blockedReason: '  经费未到位 ' });
		expect(getItem(doc, x)).toMatchObject({ blocked: true, blockedReason: '经费未到位' });
	});
});
