/** Board-level settings stored in the document's `meta` map. */
import type * as Y from 'yjs';
import { DEFAULT_PREFIX } from './numbering';
import { metaMap, type BoardMeta } from './schema';

export const DEFAULT_TIMEZONE = 'Asia/Shanghai';
/** Longest board title the server accepts. */
export const BOARD_TITLE_MAX = 200;

export function readMeta(doc: Y.Doc): BoardMeta {
	const meta = metaMap(doc);
	const text = (key: string) => {
		const value = meta.get(key);
		return typeof value === 'string' ? value : null;
	};
	return {
		title: text('title') ?? '',
		description: text('description') ?? '',
		prefix: text('prefix') ?? DEFAULT_PREFIX,
		start: text('start'),
		end: text('end'),
		timezone: text('timezone') ?? DEFAULT_TIMEZONE,
		weekStart: meta.get('weekStart') === 7 ? 7 : 1
	};
}

export function updateMeta(doc: Y.Doc, patch: Partial<BoardMeta>, origin: unknown = null): void {
	const meta = metaMap(doc);
	doc.transact(() => {
		for (const [key, value] of Object.entries(patch)) if (value !== undefined) meta.set(key, value);
	}, origin);
}
