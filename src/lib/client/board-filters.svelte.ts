/**
 * The board's filters as they stand in the page address, reactive, for any view (kanban,
 * table, timeline). Changing a filter replaces the address (no history entry per keystroke,
 * focus and scroll kept), so the filtered view can be shared by copying the address.
 * Browser-only writes; reading works during server rendering too.
 */
import { goto } from '$app/navigation';
import { page } from '$app/state';
import { activeFilterCount, emptyFilters, parseFilters, writeFilters, type BoardFilters } from '$lib/board';

/** Replaces the address's query with `params`, in place. */
export function replaceParams(params: URLSearchParams): Promise<void> {
	const url = new URL(page.url);
	url.search = params.toString();
	if (url.search === page.url.search) return Promise.resolve();
	return goto(url, { replaceState: true, keepFocus: true, noScroll: true });
}

export class AddressFilters {
	readonly filters: BoardFilters = $derived(parseFilters(page.url.searchParams));
	readonly count = $derived(activeFilterCount(this.filters));

	set(filters: BoardFilters): Promise<void> {
		return replaceParams(writeFilters(filters, page.url.searchParams));
	}

	/** Changes some fields, keeps the rest. */
	change(patch: Partial<BoardFilters>): Promise<void> {
		return this.set({ ...this.filters, ...patch });
	}

	clear(): Promise<void> {
		return this.set(emptyFilters());
	}
}
