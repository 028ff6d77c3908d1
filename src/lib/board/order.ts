/**
 * Ordering by fractional-index strings kept inside each item's map. A position in a
 * Y.Array would duplicate items under concurrent moves; a key in a map cannot.
 */
import { generateKeyBetween, generateNKeysBetween } from 'fractional-indexing';

export interface Ordered {
	id: string;
	order: string;
}

/** Sort by key; equal keys (two people dropping into the same gap at once) break by id. */
export function compareOrder(a: Ordered, b: Ordered): number {
	if (a.order < b.order) return -1;
	if (a.order > b.order) return 1;
	return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/** A key strictly between two keys (null = open end), or null when they tie or cross. */
export function keyBetween(before: string | null, after: string | null): string | null {
	if (before !== null && after !== null && before >= after) return null;
	return generateKeyBetween(before, after);
}

/** Fresh, evenly spread keys for a whole list, used to mend ties. */
export function spreadKeys(count: number): string[] {
	return generateNKeysBetween(null, null, count);
}
