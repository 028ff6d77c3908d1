/** Typed reads and writes of board items. Every write is one Yjs transaction. */
import * as Y from 'yjs';
import { compareOrder, keyBetween, spreadKeys } from './order';
import { readMetricMap } from './metrics';
import { itemsMap, type Item, type ItemMap } from './schema';
import { isHorizon, isStatus, STATUSES, type Status } from './status';

export const TITLE_MAX = 500;
export const BLOCKED_REASON_MAX = 500;

/** Fields a client may set on an item; number, order and timestamps are managed here. */
export type ItemPatch = Partial<
	Pick<Item, 'title' | 'areaId' | 'blocked' | 'blockedReason' | 'horizon' | 'period' | 'start' | 'due' | 'ownerId' | 'parentId'>
>;

export interface NewItem extends ItemPatch {
	title: string;
	notes?: string;
	status?: Status;
	id?: string;
	createdBy?: string | null;
}

function str(map: ItemMap, key: string): string | null {
	const value = map.get(key);
	return typeof value === 'string' ? value : null;
}

/** An item with every field empty, overridden by `patch`: for items made outside a document (a server preview, tests). */
export function emptyItem(id: string, patch: Partial<Item> = {}): Item {
	return {
		id,
		number: null,
		title: '',
		notes: '',
		areaId: null,
		status: 'blank',
		blocked: false,
		blockedReason: '',
		horizon: null,
		period: null,
		start: null,
		due: null,
		ownerId: null,
		parentId: null,
		links: [],
		metric: null,
		order: '',
		createdAt: '',
		createdBy: null,
		deletedAt: null,
		...patch
	};
}

export function readItem(id: string, map: ItemMap): Item {
	const status = map.get('status');
	const horizon = map.get('horizon');
	const number = map.get('number');
	const notes = map.get('notes');
	const links = map.get('links');
	const metric = map.get('metric');
	return {
		id,
		number: typeof number === 'number' ? number : null,
		title: str(map, 'title') ?? '',
		notes: notes instanceof Y.Text ? notes.toString() : '',
		areaId: str(map, 'areaId'),
		status: isStatus(status) ? status : 'blank',
		blocked: map.get('blocked') === true,
		blockedReason: str(map, 'blockedReason') ?? '',
		horizon: isHorizon(horizon) ? horizon : null,
		period: str(map, 'period'),
		start: str(map, 'start'),
		due: str(map, 'due'),
		ownerId: str(map, 'ownerId'),
		parentId: str(map, 'parentId'),
		links: links instanceof Y.Map ? [...links.keys()].sort() : [],
		metric: metric instanceof Y.Map ? readMetricMap(metric) : null,
		order: str(map, 'order') ?? '',
		createdAt: str(map, 'createdAt') ?? '',
		createdBy: str(map, 'createdBy'),
		deletedAt: str(map, 'deletedAt')
	};
}

export function getItem(doc: Y.Doc, id: string): Item | null {
	const map = itemsMap(doc).get(id);
	return map ? readItem(id, map) : null;
}

/** The notes of an item as a shared text, for collaborative editing. */
export function itemNotes(doc: Y.Doc, id: string): Y.Text | null {
	const notes = itemsMap(doc).get(id)?.get('notes');
	return notes instanceof Y.Text ? notes : null;
}

/** Every item, bin included, in no particular order. */
export function allItems(doc: Y.Doc): Item[] {
	const out: Item[] = [];
	itemsMap(doc).forEach((map, id) => out.push(readItem(id, map)));
	return out;
}

/** Live (not binned) items grouped by status, each column in board order. */
export function columns(doc: Y.Doc): Record<Status, Item[]> {
	const result = Object.fromEntries(STATUSES.map((s) => [s, [] as Item[]])) as Record<Status, Item[]>;
	for (const item of allItems(doc)) if (!item.deletedAt) result[item.status].push(item);
	for (const status of STATUSES) result[status].sort(compareOrder);
	return result;
}

/** Items in the bin, most recently deleted first. */
export function binnedItems(doc: Y.Doc): Item[] {
	return allItems(doc)
		.filter((item) => item.deletedAt)
		.sort((a, b) => (b.deletedAt ?? '').localeCompare(a.deletedAt ?? ''));
}

function cleanTitle(title: string): string {
	const trimmed = title.trim().slice(0, TITLE_MAX);
	if (!trimmed) throw new Error('An item needs a title');
	return trimmed;
}

function applyPatch(map: ItemMap, patch: ItemPatch): void {
	for (const [key, value] of Object.entries(patch)) {
		if (value === undefined) continue;
		if (key === 'title') map.set('title', cleanTitle(value as string));
		else if (key === 'blockedReason') map.set(key, String(value).trim().slice(0, BLOCKED_REASON_MAX));
		else if (key === 'horizon' && value !== null && !isHorizon(value)) throw new Error(`Unknown horizon ${value}`);
		else map.set(key, value);
	}
}

/**
 * The order key at the end of a live column: read from two fields of each item rather than
 * whole items, so adding thousands of items one by one stays linear per add.
 */
function lastOrderIn(doc: Y.Doc, status: Status): string | null {
	let last: { order: string; id: string } | null = null;
	itemsMap(doc).forEach((map, id) => {
		const raw = map.get('status');
		if ((isStatus(raw) ? raw : 'blank') !== status || typeof map.get('deletedAt') === 'string') return;
		const order = map.get('order');
		if (typeof order === 'string' && (!last || compareOrder({ order, id }, last) > 0)) last = { order, id };
	});
	return (last as { order: string } | null)?.order ?? null;
}

/** Adds an item at the end of its column. The server gives it a number when it sees it. */
export function createItem(doc: Y.Doc, input: NewItem, origin: unknown = null): string {
	const id = input.id ?? crypto.randomUUID();
	const status = input.status ?? 'blank';
	if (!isStatus(status)) throw new Error(`Unknown status ${status}`);
	if (input.parentId && !itemsMap(doc).has(input.parentId)) throw new Error(`No item ${input.parentId}`);
	const last = lastOrderIn(doc, status);
	doc.transact(() => {
		const map: ItemMap = new Y.Map();
		itemsMap(doc).set(id, map);
		const { notes, status: _s, id: _i, createdBy, ...patch } = input;
		map.set('status', status);
		map.set('blocked', false);
		map.set('order', keyBetween(last, null) ?? spreadKeys(1)[0]);
		map.set('notes', new Y.Text(notes ?? ''));
		map.set('createdAt', new Date().toISOString());
		map.set('createdBy', createdBy ?? null);
		applyPatch(map, { blocked: false, ...patch });
	}, origin);
	return id;
}

export function updateItem(doc: Y.Doc, id: string, patch: ItemPatch, origin: unknown = null): void {
	const map = itemsMap(doc).get(id);
	if (!map) throw new Error(`No item ${id}`);
	if (patch.parentId) checkParent(doc, id, patch.parentId);
	doc.transact(() => applyPatch(map, patch), origin);
}

/** A parent must exist and must not be the item itself or one of its own stages. */
function checkParent(doc: Y.Doc, id: string, parentId: string): void {
	const items = itemsMap(doc);
	for (let at: string | null = parentId, hops = 0; at; hops++) {
		if (at === id || hops > items.size) throw new Error('An item cannot be a stage of itself');
		const map = items.get(at);
		if (!map) throw new Error(`No item ${at}`);
		at = str(map, 'parentId');
	}
}

/** The items whose parent is `parentId`, in board order. */
export function childrenOf(items: readonly Item[], parentId: string): Item[] {
	return items.filter((item) => item.parentId === parentId && !item.deletedAt).sort(compareOrder);
}

/** Links two items as related (both sides), e.g. a task shared by two areas. */
export function linkItems(doc: Y.Doc, a: string, b: string, origin: unknown = null): void {
	if (a === b) throw new Error('An item cannot be linked to itself');
	const items = itemsMap(doc);
	const [left, right] = [items.get(a), items.get(b)];
	if (!left || !right) throw new Error(`No item ${left ? b : a}`);
	doc.transact(() => {
		for (const [map, other] of [[left, b], [right, a]] as const) {
			let links = map.get('links');
			if (!(links instanceof Y.Map)) map.set('links', (links = new Y.Map()));
			(links as Y.Map<true>).set(other, true);
		}
	}, origin);
}

export function unlinkItems(doc: Y.Doc, a: string, b: string, origin: unknown = null): void {
	const items = itemsMap(doc);
	doc.transact(() => {
		for (const [id, other] of [[a, b], [b, a]]) {
			const links = items.get(id)?.get('links');
			if (links instanceof Y.Map) links.delete(other);
		}
	}, origin);
}

/**
 * Moves an item into `status`, between the items `beforeId` and `afterId` of that column
 * (null = column start / end). Concurrent moves of one item converge on the last writer;
 * ties between keys are mended by re-spreading the column.
 */
export function moveItem(
	doc: Y.Doc,
	id: string,
	status: Status,
	beforeId: string | null,
	afterId: string | null,
	origin: unknown = null
): void {
	if (!isStatus(status)) throw new Error(`Unknown status ${status}`);
	const items = itemsMap(doc);
	const map = items.get(id);
	if (!map) throw new Error(`No item ${id}`);
	const column = columns(doc)[status].filter((item) => item.id !== id);
	const beforeIndex = beforeId ? column.findIndex((item) => item.id === beforeId) : -1;
	const afterIndex = afterId ? column.findIndex((item) => item.id === afterId) : column.length;
	// Land right after `before` when given; otherwise right before `after`.
	const index = beforeId && beforeIndex >= 0 ? beforeIndex + 1 : Math.max(0, afterIndex === -1 ? column.length : afterIndex);
	const prev = column[index - 1]?.order ?? null;
	const next = column[index]?.order ?? null;
	doc.transact(() => {
		map.set('status', status);
		const key = keyBetween(prev, next);
		if (key !== null) {
			map.set('order', key);
			return;
		}
		const ordered = [...column.slice(0, index).map((i) => i.id), id, ...column.slice(index).map((i) => i.id)];
		const keys = spreadKeys(ordered.length);
		ordered.forEach((itemId, i) => items.get(itemId)?.set('order', keys[i]));
	}, origin);
}

/** Nothing is hard-deleted from the UI: the item goes to the bin and can be restored. */
export function deleteItem(doc: Y.Doc, id: string, origin: unknown = null): void {
	const map = itemsMap(doc).get(id);
	if (!map) throw new Error(`No item ${id}`);
	doc.transact(() => map.set('deletedAt', new Date().toISOString()), origin);
}

export function restoreItem(doc: Y.Doc, id: string, origin: unknown = null): void {
	const map = itemsMap(doc).get(id);
	if (!map) throw new Error(`No item ${id}`);
	doc.transact(() => map.set('deletedAt', null), origin);
}

/** Ids of items the server has not numbered yet. */
export function unnumberedItemIds(doc: Y.Doc): string[] {
	const ids: string[] = [];
	itemsMap(doc).forEach((map, id) => {
		if (typeof map.get('number') !== 'number') ids.push(id);
	});
	return ids;
}

/** Server only: gives numbers to items in the order they were created. */
export function assignNumbers(doc: Y.Doc, numbers: Map<string, number>, origin: unknown = null): void {
	const items = itemsMap(doc);
	doc.transact(() => {
		for (const [id, number] of numbers) {
			const map = items.get(id);
			if (map && typeof map.get('number') !== 'number') map.set('number', number);
		}
	}, origin);
}

export function findItemByNumber(doc: Y.Doc, number: number): Item | null {
	let found: Item | null = null;
	itemsMap(doc).forEach((map, id) => {
		if (!found && map.get('number') === number) found = readItem(id, map);
	});
	return found;
}

/** A status change from a report (not a drag): the item goes to the end of its new column. */
export function setItemStatus(doc: Y.Doc, id: string, status: Status, origin: unknown = null): void {
	const item = getItem(doc, id);
	if (!item) throw new Error(`No item ${id}`);
	if (item.status === status) return;
	const last = columns(doc)[status].at(-1)?.id ?? null;
	moveItem(doc, id, status, last, null, origin);
}
