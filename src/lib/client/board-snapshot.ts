/**
 * Plain snapshots of a board's items, kept up to date incrementally: the document's deep
 * events say which items changed, and only those are read again. Unchanged items keep
 * their object identity and unchanged columns keep their array, so a remote edit of one
 * card on a 5,000-item board re-renders one card, not the board (bench S6).
 */
import type * as Y from 'yjs';
import { areasMap, compareOrder, itemsMap, metaMap, readItem, STATUSES, type Item, type Status } from '../board';

/** Which parts of the snapshot `update()` changed. */
export interface SnapshotChanges {
	/** The statuses whose column array is new. */
	columns: ReadonlySet<Status>;
	bin: boolean;
	areas: boolean;
	meta: boolean;
}

function newestDeletedFirst(a: Item, b: Item): number {
	return (b.deletedAt ?? '').localeCompare(a.deletedAt ?? '');
}

export class BoardSnapshot {
	readonly #doc: Y.Doc;
	readonly #items = new Map<string, Item>();
	#columns = Object.fromEntries(STATUSES.map((status) => [status, [] as Item[]])) as Record<Status, Item[]>;
	#bin: Item[] = [];
	/** Ids whose map (or anything inside it) changed since the last update; null = read everything. */
	#dirty: Set<string> | null = null;
	#areasDirty = true;
	#metaDirty = true;
	readonly #stop: () => void;

	constructor(doc: Y.Doc) {
		this.#doc = doc;
		const items = itemsMap(doc);
		const onItems = (events: Y.YEvent<Y.AbstractType<unknown>>[]) => {
			const dirty = this.#dirty;
			if (!dirty) return;
			for (const event of events) {
				// An item added or removed is a key of the items map; an edit inside one has its id first in the path.
				if (event.target === items) for (const id of (event as Y.YMapEvent<unknown>).keysChanged) dirty.add(id);
				else if (typeof event.path[0] === 'string') dirty.add(event.path[0]);
			}
		};
		const onAreas = () => (this.#areasDirty = true);
		const onMeta = () => (this.#metaDirty = true);
		items.observeDeep(onItems);
		areasMap(doc).observeDeep(onAreas);
		metaMap(doc).observeDeep(onMeta);
		this.#stop = () => {
			items.unobserveDeep(onItems);
			areasMap(doc).unobserveDeep(onAreas);
			metaMap(doc).unobserveDeep(onMeta);
		};
	}

	/** Live items of `status` in board order (the same array until one of them changes). */
	column(status: Status): Item[] {
		return this.#columns[status];
	}

	get columns(): Readonly<Record<Status, Item[]>> {
		return this.#columns;
	}

	/** Binned items, most recently deleted first. */
	get bin(): Item[] {
		return this.#bin;
	}

	/** The snapshot of one item, live or binned, as of the last update. */
	get(id: string): Item | undefined {
		return this.#items.get(id);
	}

	/** Reads what changed since the last call; the first call reads the whole board. */
	update(): SnapshotChanges {
		const items = itemsMap(this.#doc);
		const touched = new Set<Status>();
		let bin = false;
		const note = (item: Item | undefined) => {
			if (!item) return;
			if (item.deletedAt) bin = true;
			else touched.add(item.status);
		};
		if (this.#dirty === null) {
			this.#items.clear();
			items.forEach((map, id) => this.#items.set(id, readItem(id, map)));
			for (const status of STATUSES) touched.add(status);
			bin = true;
		} else {
			for (const id of this.#dirty) {
				note(this.#items.get(id));
				const map = items.get(id);
				if (map) {
					const item = readItem(id, map);
					this.#items.set(id, item);
					note(item);
				} else this.#items.delete(id);
			}
		}
		this.#dirty = new Set();
		if (touched.size || bin) this.#rebuild(touched, bin);
		const changes = { columns: touched, bin, areas: this.#areasDirty, meta: this.#metaDirty };
		this.#areasDirty = false;
		this.#metaDirty = false;
		return changes;
	}

	#rebuild(statuses: ReadonlySet<Status>, bin: boolean): void {
		const next = Object.fromEntries([...statuses].map((status) => [status, [] as Item[]])) as Partial<Record<Status, Item[]>>;
		const binned: Item[] = [];
		for (const item of this.#items.values()) {
			if (item.deletedAt) {
				if (bin) binned.push(item);
			} else next[item.status]?.push(item);
		}
		const columns = { ...this.#columns };
		for (const status of statuses) columns[status] = next[status]!.sort(compareOrder);
		this.#columns = columns;
		if (bin) this.#bin = binned.sort(newestDeletedFirst);
	}

	destroy(): void {
		this.#stop();
	}
}
