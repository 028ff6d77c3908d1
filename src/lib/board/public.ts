/**
 * The public progress board (《项目进度公示表》): a derived document that holds only what a
 * lead chose to publish. The server keeps it in step with the board; the private document
 * never reaches an anonymous socket.
 */
import * as Y from 'yjs';
import { allItems } from './items';
import { readMeta } from './meta';
import { compareOrder } from './order';
import type { Status } from './status';

/** Fields a lead may publish besides number, title, status and order, which always are. */
export const OPTIONAL_PUBLIC_FIELDS = ['owner', 'notes', 'dates', 'blocked', 'period'] as const;
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
}

export interface PublicBoard {
	title: string;
	prefix: string;
	fields: PublicField[];
	items: PublicItem[];
}

/** What the public may see of one board, computed from the private document. */
export function projectPublic(doc: Y.Doc, fields: readonly PublicField[], ownerNames: ReadonlyMap<string, string>): PublicBoard {
	const show = new Set(fields);
	const meta = readMeta(doc);
	const items = allItems(doc)
		.filter((item) => !item.deletedAt)
		.sort(compareOrder)
		.map((item) => {
			const out: PublicItem = { id: item.id, number: item.number, title: item.title, status: item.status, order: item.order };
			if (show.has('owner')) out.ownerName = item.ownerId ? (ownerNames.get(item.ownerId) ?? null) : null;
			if (show.has('notes')) out.notes = item.notes;
			if (show.has('dates')) {
				out.start = item.start;
				out.due = item.due;
			}
			if (show.has('blocked')) out.blocked = item.blocked;
			if (show.has('period')) {
				out.horizon = item.horizon;
				out.period = item.period;
			}
			return out;
		});
	return { title: meta.title, prefix: meta.prefix, fields: [...fields], items };
}

const PUBLIC_ROOTS = { meta: 'meta', items: 'items' } as const;

/**
 * Brings a public document in line with a projection, writing only what differs, so
 * watchers receive small updates. Items are plain values in a map: nothing to merge.
 */
export function writePublicDoc(target: Y.Doc, board: PublicBoard, origin: unknown = null): void {
	const meta = target.getMap<unknown>(PUBLIC_ROOTS.meta);
	const items = target.getMap<PublicItem>(PUBLIC_ROOTS.items);
	target.transact(() => {
		for (const key of ['title', 'prefix'] as const) if (meta.get(key) !== board[key]) meta.set(key, board[key]);
		if (JSON.stringify(meta.get('fields')) !== JSON.stringify(board.fields)) meta.set('fields', board.fields);
		const wanted = new Map(board.items.map((item) => [item.id, item]));
		for (const id of [...items.keys()]) if (!wanted.has(id)) items.delete(id);
		for (const [id, item] of wanted) if (JSON.stringify(items.get(id)) !== JSON.stringify(item)) items.set(id, item);
	}, origin);
}

/** Reads a public document (the page and tests go through this). */
export function readPublicDoc(doc: Y.Doc): PublicBoard {
	const meta = doc.getMap<unknown>(PUBLIC_ROOTS.meta);
	const items = [...doc.getMap<PublicItem>(PUBLIC_ROOTS.items).values()].sort(compareOrder);
	const fields = meta.get('fields');
	return {
		title: String(meta.get('title') ?? ''),
		prefix: String(meta.get('prefix') ?? ''),
		fields: Array.isArray(fields) ? fields.filter(isPublicField) : [],
		items
	};
}
