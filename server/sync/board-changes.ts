/**
 * Tells listeners which items of a board's live document changed, for projections kept
 * outside the document (the `items` table). A room reports 'all' each time it builds its
 * live document and then the ids of the items each transaction touched (a cold room
 * [SY20] changes nothing, so it reports nothing). Changes are reported as they are
 * applied, before they are stored: a listener that writes elsewhere must tolerate a room
 * that later fails to store them (the next load reports 'all' again).
 */
import type * as Y from 'yjs';
import { itemsMap } from '../../src/lib/board/index';
import type { Logger } from './logger';

export type ChangedItems = ReadonlySet<string> | 'all';
export type BoardChangeListener = (boardId: string, doc: Y.Doc, changed: ChangedItems) => void;

export class BoardChanges {
	private readonly listeners = new Set<BoardChangeListener>();

	constructor(private readonly logger: Logger) {}

	/** Returns a function that removes the listener. */
	listen(listener: BoardChangeListener): () => void {
		this.listeners.add(listener);
		return () => this.listeners.delete(listener);
	}

	/** Called whenever a room builds its live document: after a load, or on a cold room's first write. */
	watch(boardId: string, doc: Y.Doc): void {
		this.emit(boardId, doc, 'all');
		itemsMap(doc).observeDeep((events) => {
			const changed = new Set<string>();
			for (const event of events) {
				// An item added, replaced or removed; or a change inside one (its map, its notes).
				if (event.path.length === 0) for (const id of event.keys.keys()) changed.add(id);
				else changed.add(String(event.path[0]));
			}
			if (changed.size > 0) this.emit(boardId, doc, changed);
		});
	}

	private emit(boardId: string, doc: Y.Doc, changed: ChangedItems): void {
		for (const listener of this.listeners) {
			try {
				listener(boardId, doc, changed);
			} catch (error) {
				// A broken listener must not break the edit that triggered it.
				this.logger.error(`sync: a board change listener failed on board ${boardId}`, error);
			}
		}
	}
}
