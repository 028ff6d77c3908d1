/**
 * Progress of a target, 0–1, and its roll-up: a quarterly target broken into monthly and
 * weekly stages is as far along as its stages are, on average. An item without stages
 * counts by its metric when it has one, else by its status (done = 1, anything else = 0:
 * "strengthen" is not half done, it is not done yet).
 */
import type { Item } from './schema';
import { metricProgress } from './metrics';

/** An item's own progress, not looking at its stages. */
export function ownProgress(item: Pick<Item, 'status' | 'metric'>): number {
	if (item.status === 'done') return 1;
	return item.metric ? metricProgress(item.metric) : 0;
}

/**
 * Progress of every live item, rolled up from its stages (children) where it has any.
 * Binned items are left out; a parent link that loops (two concurrent edits can make
 * one) is cut where it closes, so every item still gets a figure.
 */
export function rollUpProgress(items: readonly Item[]): Map<string, number> {
	const live = new Map(items.filter((item) => !item.deletedAt).map((item) => [item.id, item]));
	const children = new Map<string, Item[]>();
	for (const item of live.values()) {
		if (!item.parentId || !live.has(item.parentId)) continue;
		const list = children.get(item.parentId) ?? [];
		list.push(item);
		children.set(item.parentId, list);
	}
	const result = new Map<string, number>();
	const visiting = new Set<string>();
	const progressOf = (item: Item): number => {
		const known = result.get(item.id);
		if (known !== undefined) return known;
		if (visiting.has(item.id)) return ownProgress(item);
		visiting.add(item.id);
		const stages = children.get(item.id);
		// A parent marked done is done, whatever its stages say.
		const value = !stages || item.status === 'done' ? ownProgress(item) : stages.reduce((sum, child) => sum + progressOf(child), 0) / stages.length;
		visiting.delete(item.id);
		result.set(item.id, value);
		return value;
	};
	for (const item of live.values()) progressOf(item);
	return result;
}
