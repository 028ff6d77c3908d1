/**
 * The board document: one Y.Doc per board (DESIGN.md "The board document").
 * Everything that touches the document's shape goes through this folder.
 */
import * as Y from 'yjs';
import type { Metric } from './metrics';
import type { Horizon, Status } from './status';

export const ROOTS = {
	meta: 'meta',
	areas: 'areas',
	items: 'items',
	reports: 'reports',
	inspections: 'inspections',
	meetings: 'meetings'
} as const;

/** An item as the UI and the server read it: a plain snapshot of its Y.Map. */
export interface Item {
	id: string;
	/** Assigned by the server; null until the server has seen the item. */
	number: number | null;
	title: string;
	notes: string;
	areaId: string | null;
	status: Status;
	blocked: boolean;
	/** Why it is blocked (difficulties met, help needed); empty when not blocked. */
	blockedReason: string;
	horizon: Horizon | null;
	period: string | null;
	start: string | null;
	due: string | null;
	ownerId: string | null;
	/** A larger target this one is a stage of (a quarterly target's monthly step). */
	parentId: string | null;
	/** Related items, typically in other areas (cross-cutting tasks); kept on both sides. */
	links: string[];
	/** The numeric target, without its check-in history (see metrics.ts). */
	metric: Metric | null;
	order: string;
	createdAt: string;
	createdBy: string | null;
	deletedAt: string | null;
}

export interface BoardMeta {
	title: string;
	description: string;
	prefix: string;
	start: string | null;
	end: string | null;
	timezone: string;
	/** First day of the week in calendars: 1 = Monday (ISO weeks, the default), 7 = Sunday. */
	weekStart: 1 | 7;
}

export type ItemMap = Y.Map<unknown>;

export function itemsMap(doc: Y.Doc): Y.Map<ItemMap> {
	return doc.getMap<ItemMap>(ROOTS.items);
}

export function metaMap(doc: Y.Doc): Y.Map<unknown> {
	return doc.getMap<unknown>(ROOTS.meta);
}

export function areasMap(doc: Y.Doc): Y.Map<Y.Map<unknown>> {
	return doc.getMap<Y.Map<unknown>>(ROOTS.areas);
}
