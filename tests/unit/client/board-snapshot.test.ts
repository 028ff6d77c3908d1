/** The incremental snapshot must always equal a fresh read of the document, while keeping unchanged parts. */
import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import {
	binnedItems,
	columns,
	createArea,
	createItem,
	deleteItem,
	itemNotes,
	moveItem,
	restoreItem,
	STATUSES,
	updateItem,
	updateMeta
} from '../../../src/lib/board/index';
import { prng } from '../../bench/lib/board';
import { BoardSnapshot } from '../../../src/lib/client/board-snapshot';

function expectFresh(snapshot: BoardSnapshot, doc: Y.Doc) {
	expect(snapshot.columns).toEqual(columns(doc));
	expect(snapshot.bin).toEqual(binnedItems(doc));
}

describe('BoardSnapshot', () => {
	it('reads the whole board first, then only what changed', () => {
		const doc = new Y.Doc();
		const a = createItem(doc, { title: 'a', status: 'planned' });
		const b = createItem(doc, { title: 'b', status: 'planned' });
		const c = createItem(doc, { title: 'c', status: 'done' });
		const snapshot = new BoardSnapshot(doc);
		const first = snapshot.update();
		expect([...first.columns].sort()).toEqual([...STATUSES].sort());
		expect(first).toMatchObject({ bin: true, areas: true, meta: true });
		expectFresh(snapshot, doc);

		const planned = snapshot.column('planned');
		const done = snapshot.column('done');
		const itemA = snapshot.get(a);
		updateItem(doc, b, { title: 'b2' });
		const changes = snapshot.update();
		expect([...changes.columns]).toEqual(['planned']);
		expect(changes).toMatchObject({ bin: false, areas: false, meta: false });
		expect(snapshot.column('done')).toBe(done);
		expect(snapshot.column('planned')).not.toBe(planned);
		// The untouched card keeps its object: the view does not re-render it.
		expect(snapshot.get(a)).toBe(itemA);
		expect(snapshot.get(b)?.title).toBe('b2');
		expectFresh(snapshot, doc);

		moveItem(doc, c, 'planned', a, b);
		expect([...snapshot.update().columns].sort()).toEqual(['done', 'planned']);
		expect(snapshot.column('planned').map((i) => i.title)).toEqual(['a', 'c', 'b2']);
		expectFresh(snapshot, doc);
	});

	it('follows notes, the bin, areas and meta', () => {
		const doc = new Y.Doc();
		const a = createItem(doc, { title: 'a', notes: 'x' });
		const snapshot = new BoardSnapshot(doc);
		snapshot.update();

		doc.transact(() => {
			itemNotes(doc, a)!.insert(1, 'yz');
		});
		expect([...snapshot.update().columns]).toEqual(['blank']);
		expect(snapshot.get(a)?.notes).toBe('xyz');

		deleteItem(doc, a);
		const deleted = snapshot.update();
		expect(deleted.bin).toBe(true);
		expect(snapshot.column('blank')).toEqual([]);
		expect(snapshot.bin.map((i) => i.id)).toEqual([a]);
		restoreItem(doc, a);
		snapshot.update();
		expectFresh(snapshot, doc);

		createArea(doc, { name: '公共卫生' });
		expect(snapshot.update()).toMatchObject({ areas: true, meta: false, bin: false });
		updateMeta(doc, { title: 'Plan' });
		expect(snapshot.update()).toMatchObject({ areas: false, meta: true });
	});

	it('matches a fresh read after random edits arriving from another document', () => {
		const rand = prng(7);
		const source = new Y.Doc();
		const doc = new Y.Doc();
		source.on('update', (update: Uint8Array) => Y.applyUpdate(doc, update, 'remote'));
		const snapshot = new BoardSnapshot(doc);
		snapshot.update();
		const ids: string[] = [];
		for (let step = 0; step < 300; step++) {
			const pick = () => ids[Math.floor(rand() * ids.length)];
			const roll = rand();
			const status = STATUSES[Math.floor(rand() * 4)];
			if (ids.length < 5 || roll < 0.3) ids.push(createItem(source, { title: `t${step}`, status }));
			else if (roll < 0.6) {
				const column = columns(source)[status];
				const at = Math.floor(rand() * (column.length + 1));
				moveItem(source, pick(), status, column[at - 1]?.id ?? null, column[at]?.id ?? null);
			} else if (roll < 0.75) updateItem(source, pick(), { title: `r${step}`, ownerId: rand() < 0.5 ? null : 'u1' });
			else if (roll < 0.85) deleteItem(source, pick());
			else restoreItem(source, pick());
			// Sometimes several remote updates land before the view asks.
			if (rand() < 0.6) {
				snapshot.update();
				expectFresh(snapshot, doc);
			}
		}
		snapshot.update();
		expectFresh(snapshot, doc);
		snapshot.destroy();
	});
});
