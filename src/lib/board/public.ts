/**
 * The public progress board (《项目进度公示表》): a derived document that holds only what a
 * lead chose to publish. The server keeps it in step with the board; the private document
 * never reaches an anonymous socket.
 */
import * as Y from 'yjs';
import { listAreas } from './areas';
import { allItems } from './items';
import type { Metric } from './metrics';
import type { Item } from './schema';
import { readMeta } from './meta';
import { compareOrder } from './order';
import type { Status } from './status';

/** Fields a lead may publish besides number, title, status and order, which always are. */
export const OPTIONAL_PUBLIC_FIELDS = ['area', 'owner', 'notes', 'dates', 'blocked', 'period', 'metric'] as const;
export type PublicField = (typeof OPTIONAL_PUBLIC_FIELDS)[number];

export function isPublicField(value: unknown): value is PublicField {
	return typeof value === 'string' && (OPTIONAL_PUBLIC_FIELDS as readonly string[]).includes(value);
}

export interface PublicItem {
	id: string;
	number: number | null;
	title: string;
	status: Status;
	order: string;
	ownerName?: string | null;
	notes?: string;
	start?: string | null;
	due?: string | null;
	blocked?: boolean;
	horizon?: string | null;
	period?: string | null;
	areaId?: string | null;
	/** The numbers only: check-ins (who, when) stay private. */
	metric?: Metric | null;
}

/** An area as the public sees it (when areas are published). */
export interface PublicArea {
	id: string;
	name: string;
	color: string;
	order: string;
}

export interface PublicBoard {
	title: string;
	prefix: string;
	fields: PublicField[];
	/** Empty unless `area` is published. */
	areas: PublicArea[];
	items: PublicItem[];
}

/** What the public may see of one board, computed from the private document. */
export function projectPublic(doc: Y.Doc, fields: readonly PublicField[], ownerNames: ReadonlyMap<string, string>): PublicBoard {
	const items: PublicItem[] = [];
	for (const item of allItems(doc)) {
		const out = projectPublicItem(item, fields, ownerNames);
		if (out) items.push(out);
	}
	return { ...projectPublicMeta(doc, fields), items: items.sort(compareOrder) };
}

/** The board-level part of the projection. */
export function projectPublicMeta(doc: Y.Doc, fields: readonly PublicField[]): Omit<PublicBoard, 'items'> {
	const meta = readMeta(doc);
	const areas = fields.includes('area')
		? listAreas(doc, { includeArchived: true }).map(({ id, name, color, order }) => ({ id, name, color, order }))
		: [];
	return { title: meta.title, prefix: meta.prefix, fields: [...fields], areas };
}

/** What the public may see of one item; null for a binned item (or none), which it never sees. */
export function projectPublicItem(
	item: Item | null,
	fields: readonly PublicField[],
	ownerNames: ReadonlyMap<string, string>
): PublicItem | null {
	if (!item || item.deletedAt) return null;
	const out: PublicItem = { id: item.id, number: item.number, title: item.title, status: item.status, order: item.order };
	if (fields.includes('owner')) out.ownerName = item.ownerId ? (ownerNames.get(item.ownerId) ?? null) : null;
	if (fields.includes('notes')) out.notes = item.notes;
	if (fields.includes('dates')) {
		out.start = item.start;
		out.due = item.due;
	}
	if (fields.includes('blocked')) out.blocked = item.blocked;
	if (fields.includes('period')) {
		out.horizon = item.horizon;
		out.period = item.period;
	}
	if (fields.includes('area')) out.areaId = item.areaId;
	if (fields.includes('metric')) out.metric = item.metric && { ...item.metric };
	return out;
}

const PUBLIC_ROOTS = { meta: 'meta', items: 'items' } as const;

/**
 * Brings a public document in line with a projection, writing only what differs, so
 * watchers receive small updates. Items are plain values in a map: nothing to merge.
 */
export function writePublicDoc(target: Y.Doc, board: PublicBoard, origin: unknown = null): void {
	const items = new Map<string, PublicItem | null>(board.items.map((item) => [item.id, item]));
	for (const id of target.getMap<PublicItem>(PUBLIC_ROOTS.items).keys()) if (!items.has(id)) items.set(id, null);
	patchPublicDoc(target, { meta: board, items }, origin);
}

/**
 * Writes part of a projection, in one transaction and only what differs: the board-level
 * fields when given, and the given items (null removes one).
 */
export function patchPublicDoc(
	target: Y.Doc,
	patch: { meta?: Omit<PublicBoard, 'items'>; items: ReadonlyMap<string, PublicItem | null> },
	origin: unknown = null
): void {
	const meta = target.getMap<unknown>(PUBLIC_ROOTS.meta);
	const items = target.getMap<PublicItem>(PUBLIC_ROOTS.items);
	target.transact(() => {
		if (patch.meta) {
			for (const key of ['title', 'prefix'] as const) if (meta.get(key) !== patch.meta[key]) meta.set(key, patch.meta[key]);
			if (JSON.stringify(meta.get('fields')) !== JSON.stringify(patch.meta.fields)) meta.set('fields', [...patch.meta.fields]);
			if (JSON.stringify(meta.get('areas') ?? []) !== JSON.stringify(patch.meta.areas)) meta.set('areas', patch.meta.areas.map((area) => ({ ...area })));
		}
		for (const [id, item] of patch.items) {
			if (!item) {
				if (items.has(id)) items.delete(id);
			} else if (JSON.stringify(items.get(id)) !== JSON.stringify(item)) items.set(id, item);
		}
	}, origin);
}

/** Reads a public document (the page and tests go through this). */
export function readPublicDoc(doc: Y.Doc): PublicBoard {
	const meta = doc.getMap<unknown>(PUBLIC_ROOTS.meta);
	const items = [...doc.getMap<PublicItem>(PUBLIC_ROOTS.items).values()].sort(compareOrder);
	const fields = meta.get('fields');
	const areas = meta.get('areas');
	return {
		title: String(meta.get('title') ?? ''),
		prefix: String(meta.get('prefix') ?? ''),
		fields: Array.isArray(fields) ? fields.filter(isPublicField) : [],
		areas: Array.isArray(areas) ? [...(areas as PublicArea[])].sort(compareOrder) : [],
		items
	};
}
