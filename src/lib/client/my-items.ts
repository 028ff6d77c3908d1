/**
 * The signed-in person's items across boards (GET /api/me/items), grouped by due date for
 * the "My items" page, and the one action taken there: done, or open again.
 */
import { endOfISOWeek, endOfMonth, isValid, parseISO, startOfDay } from 'date-fns';
import type { Status } from '$lib/board';
// Type-only import: the API's own shape, so client and server cannot drift apart.
import type { MyItem } from '../../../server/items/service';
import { api } from './api';

export type { MyItem };

export const DUE_GROUPS = ['overdue', 'week', 'month', 'later', 'none', 'done'] as const;
export type DueGroup = (typeof DUE_GROUPS)[number];

export const fetchMyItems = (signal?: AbortSignal) => api<MyItem[]>('/api/me/items', { signal });

/** The member action of the README: the item's owner may set its status. */
export function setMyItemStatus(item: Pick<MyItem, 'boardId' | 'number'>, status: Status): Promise<unknown> {
	return api(`/api/boards/${encodeURIComponent(item.boardId)}/items/${item.number}/status`, { method: 'POST', body: { status } });
}

/** A due date as the local day it names; null when absent or not a date. */
export function dueDay(due: string | null): Date | null {
	if (!due) return null;
	const day = parseISO(due);
	return isValid(day) ? startOfDay(day) : null;
}

/**
 * Which group an item belongs to on `today`. Weeks are ISO weeks (Monday first); "month"
 * is what remains of this month after this week. Done items stay with their due date,
 * except those past it: they are no longer overdue, so they wait at the end.
 */
export function dueGroup(item: Pick<MyItem, 'due' | 'status'>, today: Date): DueGroup {
	const day = dueDay(item.due);
	const start = startOfDay(today);
	if (!day) return 'none';
	if (day < start) return item.status === 'done' ? 'done' : 'overdue';
	if (day <= endOfISOWeek(start)) return 'week';
	if (day <= endOfMonth(start)) return 'month';
	return 'later';
}

/** Non-empty groups in page order; inside a group the API's order (soonest due first) is kept. */
export function groupByDue<T extends Pick<MyItem, 'due' | 'status'>>(items: readonly T[], today: Date): Array<{ group: DueGroup; items: T[] }> {
	const groups = new Map<DueGroup, T[]>(DUE_GROUPS.map((group) => [group, []]));
	for (const item of items) groups.get(dueGroup(item, today))!.push(item);
	return DUE_GROUPS.filter((group) => groups.get(group)!.length > 0).map((group) => ({ group, items: groups.get(group)! }));
}
