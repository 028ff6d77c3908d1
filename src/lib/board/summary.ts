/**
 * The numbers leadership asks for first: per area and per horizon, how many items are in
 * each status, the share done, how many are overdue or blocked.
 */
import { isOverdue } from './periods';
import type { Item } from './schema';
import { STATUSES, type Status } from './status';

export interface Tally {
	total: number;
	byStatus: Record<Status, number>;
	/** done ÷ total, 0 when there is nothing. */
	doneShare: number;
	overdue: number;
	blocked: number;
	unowned: number;
}

/** The share done as a whole percent (0 when there is nothing). */
export function donePercent(counts: Record<Status, number>): number {
	const total = STATUSES.reduce((sum, status) => sum + counts[status], 0);
	return total === 0 ? 0 : Math.round((counts.done / total) * 100);
}

function emptyTally(): Tally {
	return { total: 0, byStatus: Object.fromEntries(STATUSES.map((s) => [s, 0])) as Record<Status, number>, doneShare: 0, overdue: 0, blocked: 0, unowned: 0 };
}

/** Counts of live items, in total and grouped by `key` (e.g. area or horizon; null = none). */
export function tally<K extends string | null>(items: readonly Item[], today: string, key?: (item: Item) => K): { all: Tally; groups: Map<K, Tally> } {
	const all = emptyTally();
	const groups = new Map<K, Tally>();
	for (const item of items) {
		if (item.deletedAt) continue;
		const targets = [all];
		if (key) {
			const k = key(item);
			let group = groups.get(k);
			if (!group) groups.set(k, (group = emptyTally()));
			targets.push(group);
		}
		const overdue = isOverdue(item, today);
		for (const t of targets) {
			t.total++;
			t.byStatus[item.status]++;
			if (overdue) t.overdue++;
			if (item.blocked) t.blocked++;
			if (!item.ownerId) t.unowned++;
		}
	}
	for (const t of [all, ...groups.values()]) t.doneShare = t.total ? t.byStatus.done / t.total : 0;
	return { all, groups };
}
