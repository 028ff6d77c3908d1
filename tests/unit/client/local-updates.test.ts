/** Local updates reach the listener; updates applied from the provider's origin are not encoded for it. */
import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { createItem, itemsMap, updateItem } from '../../../src/lib/board/index';
import { changedSomething, onLocalUpdate } from '../../../src/lib/client/local-updates';

const REMOTE = { remote: true };

function boardUpdate(): Uint8Array {
	const other = new Y.Doc();
	for (let i = 0; i < 20; i++) createItem(other, { title: `item ${i}`, status: 'planned' });
	return Y.encodeStateAsUpdate(other);
}

describe('onLocalUpdate', () => {
	it('hands every local update to the listener, and the updates rebuild the document elsewhere', () => {
		const doc = new Y.Doc();
		const copy = new Y.Doc();
		const seen: unknown[] = [];
		onLocalUpdate(
			doc,
			(origin) => origin === REMOTE,
			(update, origin) => {
				seen.push(origin);
				Y.applyUpdate(copy, update);
			}
		);
		const id = createItem(doc, { title: 'a', status: 'blank' });
		updateItem(doc, id, { title: 'b' });
		doc.transact(() => updateItem(doc, id, { blocked: true }), 'undo-ish origin');
		expect(seen).toEqual([null, null, 'undo-ish origin']);
		expect(itemsMap(copy).get(id)?.get('title')).toBe('b');
		expect(itemsMap(copy).get(id)?.get('blocked')).toBe(true);
	});

	it('does not listen (so Yjs does not encode) while a remote update is applied, and listens again after', () => {
		const doc = new Y.Doc();
		const seen: unknown[] = [];
		let listeningDuringRemote: boolean | null = null;
		onLocalUpdate(doc, (origin) => origin === REMOTE, (_update, origin) => seen.push(origin));
		// Yjs decides whether to encode right after afterTransactionCleanup; look at that moment.
		doc.on('afterTransactionCleanup', (transaction: Y.Transaction) => {
			if (transaction.origin === REMOTE) listeningDuringRemote = (doc as unknown as { _observers: Map<string, unknown> })._observers.has('update');
		});
		Y.applyUpdate(doc, boardUpdate(), REMOTE);
		expect(listeningDuringRemote).toBe(false);
		expect(seen).toEqual([]);
		expect(itemsMap(doc).size).toBe(20);

		const id = createItem(doc, { title: 'mine', status: 'blank' });
		expect(seen).toEqual([null]);
		Y.applyUpdate(doc, boardUpdate(), REMOTE);
		updateItem(doc, id, { title: 'mine again' });
		expect(seen).toEqual([null, null]);
	});

	it('stops for good', () => {
		const doc = new Y.Doc();
		const seen: unknown[] = [];
		const stop = onLocalUpdate(doc, () => false, (_update, origin) => seen.push(origin));
		createItem(doc, { title: 'a', status: 'blank' });
		stop();
		createItem(doc, { title: 'b', status: 'blank' });
		expect(seen).toHaveLength(1);
		expect((doc as unknown as { _observers: Map<string, unknown> })._observers.has('update')).toBe(false);
	});
});

describe('changedSomething', () => {
	it('is true for transactions that add or delete, false for empty ones', () => {
		const doc = new Y.Doc();
		const results: boolean[] = [];
		doc.on('afterTransactionCleanup', (transaction: Y.Transaction) => results.push(changedSomething(transaction)));
		const id = createItem(doc, { title: 'a', status: 'blank' });
		doc.transact(() => undefined);
		itemsMap(doc).delete(id);
		expect(results).toEqual([true, false, true]);
	});
});
