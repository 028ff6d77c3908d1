import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
	assignNumbers,
	binnedItems,
	columns,
	createItem,
	deleteItem,
	getItem,
	itemNotes,
	moveItem,
	restoreItem,
	unnumberedItemIds,
	updateItem
} from '../../../src/lib/board/index';

/** Two docs that exchange their updates on `exchange()`, tagged as remote like a provider does. */
function pair() {
	const a = new Y.Doc();
	const b = new Y.Doc();
	const exchange = () => {
		Y.applyUpdate(b, Y.encodeStateAsUpdate(a, Y.encodeStateVector(b)), 'remote');
		Y.applyUpdate(a, Y.encodeStateAsUpdate(b, Y.encodeStateVector(a)), 'remote');
	};
	return { a, b, exchange };
}

const ids = (doc: Y.Doc, status: 'blank' | 'planned' | 'strengthen' | 'done') => columns(doc)[status].map((i) => i.id);

describe('items', () => {
	it('creates items at the end of their column with notes as shared text', () => {
		const doc = new Y.Doc();
		const first = createItem(doc, { title: '  建立健全规章制度 ', notes: '对照评价标准' });
		const second = createItem(doc, { title: '完善绩效考核方案', status: 'blank' });
		expect(ids(doc, 'blank')).toEqual([first, second]);
		expect(getItem(doc, first)).toMatchObject({ title: '建立健全规章制度', notes: '对照评价标准', status: 'blank', number: null, blocked: false });
		expect(itemNotes(doc, first)).toBeInstanceOf(Y.Text);
	});

	it('refuses an empty title and unknown statuses', () => {
		const doc = new Y.Doc();
		expect(() => createItem(doc, { title: '   ' })).toThrow(/title/);
		// @ts-expect-error a status that does not exist
		expect(() => createItem(doc, { title: 'x', status: 'archived' })).toThrow(/status/);
		const id = createItem(doc, { title: 'x' });
		expect(() => updateItem(doc, id, { title: '' })).toThrow(/title/);
		expect(getItem(doc, id)?.title).toBe('x');
	});

	it('moves within and between columns to the exact gap', () => {
		const doc = new Y.Doc();
		const [a, b, c] = ['a', 'b', 'c'].map((title) => createItem(doc, { title }));
		moveItem(doc, c, 'blank', null, a);
		expect(ids(doc, 'blank')).toEqual([c, a, b]);
		moveItem(doc, a, 'done', null, null);
		expect(ids(doc, 'blank')).toEqual([c, b]);
		expect(ids(doc, 'done')).toEqual([a]);
		moveItem(doc, b, 'done', a, null);
		expect(ids(doc, 'done')).toEqual([a, b]);
		moveItem(doc, c, 'done', a, b);
		expect(ids(doc, 'done')).toEqual([a, c, b]);
	});

	it('concurrent moves of the same item by two docs leave one copy and converge', () => {
		const { a, b, exchange } = pair();
		const items = ['x', 'y', 'z'].map((title) => createItem(a, { title }));
		exchange();
		moveItem(a, items[0], 'done', null, null);
		moveItem(b, items[0], 'strengthen', null, null);
		moveItem(b, items[2], 'blank', null, items[1]);
		exchange();
		expect(a.getMap('items').toJSON()).toEqual(b.getMap('items').toJSON());
		const all = Object.values(columns(a)).flat().map((i) => i.id);
		expect(all.sort()).toEqual([...items].sort());
		expect(columns(a)).toEqual(columns(b));
	});

	it('two items dropped into the same gap at once get a stable order, and later moves still fit between them', () => {
		const { a, b, exchange } = pair();
		const [p, q, r, s] = ['p', 'q', 'r', 's'].map((title) => createItem(a, { title }));
		exchange();
		moveItem(a, r, 'blank', p, q);
		moveItem(b, s, 'blank', p, q);
		exchange();
		expect(ids(a, 'blank')).toEqual(ids(b, 'blank'));
		const tied = ids(a, 'blank');
		expect(tied.slice(0, 1)).toEqual([p]);
		expect(tied.at(-1)).toBe(q);
		// Moving into the gap between the two tied items re-spreads the column when needed.
		const [first, second] = tied.slice(1, 3);
		moveItem(a, p, 'blank', first, second);
		expect(ids(a, 'blank')).toEqual([first, p, second, q]);
	});

	it('deleting moves to the bin and restore brings it back', () => {
		const doc = new Y.Doc();
		const id = createItem(doc, { title: '迎检准备' });
		deleteItem(doc, id);
		expect(ids(doc, 'blank')).toEqual([]);
		expect(binnedItems(doc).map((i) => i.id)).toEqual([id]);
		restoreItem(doc, id);
		expect(ids(doc, 'blank')).toEqual([id]);
		expect(binnedItems(doc)).toEqual([]);
	});

	it('numbers are assigned once and never overwritten', () => {
		const doc = new Y.Doc();
		const a = createItem(doc, { title: 'a' });
		const b = createItem(doc, { title: 'b' });
		expect(unnumberedItemIds(doc).sort()).toEqual([a, b].sort());
		assignNumbers(doc, new Map([[a, 1]]));
		assignNumbers(doc, new Map([[a, 7], [b, 2]]));
		expect(getItem(doc, a)?.number).toBe(1);
		expect(getItem(doc, b)?.number).toBe(2);
		expect(unnumberedItemIds(doc)).toEqual([]);
	});

	it('undo in one doc reverts only its own changes', () => {
		const { a, b, exchange } = pair();
		const id = createItem(a, { title: '原标题' });
		exchange();
		const undo = new Y.UndoManager(a.getMap('items'), { captureTimeout: 0 });
		updateItem(a, id, { title: 'A 改的' });
		exchange();
		const other = createItem(b, { title: 'B 新建' });
		exchange();
		undo.undo();
		exchange();
		expect(getItem(b, id)?.title).toBe('原标题');
		expect(getItem(b, other)?.title).toBe('B 新建');
	});
});
