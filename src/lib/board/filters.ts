/**
 * Which items a view shows: filters by area, owner, horizon, period, status, overdue,
 * blocked and a text search, kept in the address (`?owner=…&status=planned,done&q=…`) so a
 * filtered view can be shared. Pure and view-independent: the kanban, the table and the
 * timeline all read the same parameters with `parseFilters` and apply `matchesFilters`.
 *
 * Within one field the values are alternatives (area A or area B); across fields they all
 * apply (area A and overdue). The address is typed by people: values that mean nothing
 * (an unknown status, a malformed period) are left out rather than filtering everything away.
 */
import { formatItemNumber } from './numbering';
import { isOverdue, isPeriod, itemRange, periodRange } from './periods';
import type { Item } from './schema';
import { HORIZONS, STATUSES, type Horizon, type Status } from './status';

/** Stands for "no owner" / "no area" in the owner and area filters (ids are UUIDs, never this). */
export const NONE = 'none';

export interface BoardFilters {
	/** Area ids, or NONE for items without an area. */
	areas: string[];
	/** Owner user ids, or NONE for items without a responsible person. */
	owners: string[];
	horizons: Horizon[];
	/** Period keys (`2026-W14`, `2026-04`, `2026-Q2`, `2026`): items scheduled in that period. */
	periods: string[];
	statuses: Status[];
	/** Only items past their due day and not done. */
	overdue: boolean;
	/** Only items flagged as blocked. */
	blocked: boolean;
	/** Words to find in the title, number or notes (every word must be found). */
	text: string;
}

/** The address parameters, one per field; list values are comma-separated. */
export const FILTER_PARAMS = {
	areas: 'area',
	owners: 'owner',
	horizons: 'horizon',
	periods: 'period',
	statuses: 'status',
	overdue: 'overdue',
	blocked: 'blocked',
	text: 'q'
} as const satisfies Record<keyof BoardFilters, string>;

/** Longest search text kept from an address. */
export const FILTER_TEXT_MAX = 200;
/** Most values kept per list field (an address is not a database query). */
const LIST_MAX = 50;
/** Ids in addresses: UUIDs and the like; nothing that needs escaping inside a comma list. */
const ID = /^[A-Za-z0-9_-]{1,64}$/;

export function emptyFilters(): BoardFilters {
	return { areas: [], owners: [], horizons: [], periods: [], statuses: [], overdue: false, blocked: false, text: '' };
}

function list(params: URLSearchParams, name: string): string[] {
	const values = params
		.getAll(name)
		.flatMap((value) => value.split(','))
		.map((value) => value.trim())
		.filter(Boolean);
	return [...new Set(values)].slice(0, LIST_MAX);
}

function flag(params: URLSearchParams, name: string): boolean {
	const value = params.get(name);
	return value !== null && !['0', 'false', 'no', 'off'].includes(value.trim().toLowerCase());
}

/** Reads the filters from an address's parameters; anything not understood is left out. */
export function parseFilters(params: URLSearchParams): BoardFilters {
	const text = (params.get(FILTER_PARAMS.text) ?? '').replace(/\s+/g, ' ').trim().slice(0, FILTER_TEXT_MAX);
	return {
		areas: list(params, FILTER_PARAMS.areas).filter((id) => ID.test(id)),
		owners: list(params, FILTER_PARAMS.owners).filter((id) => ID.test(id)),
		// Kept in the canonical order, so one filter has one address.
		horizons: HORIZONS.filter((h) => list(params, FILTER_PARAMS.horizons).includes(h)),
		periods: list(params, FILTER_PARAMS.periods).filter(isPeriod).sort(),
		statuses: STATUSES.filter((s) => list(params, FILTER_PARAMS.statuses).includes(s)),
		overdue: flag(params, FILTER_PARAMS.overdue),
		blocked: flag(params, FILTER_PARAMS.blocked),
		text
	};
}

/**
 * Writes the filters into a copy of `params`: the filter parameters are replaced, every
 * other parameter (the swimlanes, a view's own state) is kept. Empty fields leave no trace.
 */
export function writeFilters(filters: BoardFilters, params: URLSearchParams = new URLSearchParams()): URLSearchParams {
	const out = new URLSearchParams(params);
	for (const name of Object.values(FILTER_PARAMS)) out.delete(name);
	const lists: Array<[string, readonly string[]]> = [
		[FILTER_PARAMS.areas, filters.areas],
		[FILTER_PARAMS.owners, filters.owners],
		[FILTER_PARAMS.horizons, HORIZONS.filter((h) => filters.horizons.includes(h))],
		[FILTER_PARAMS.periods, [...new Set(filters.periods)].sort()],
		[FILTER_PARAMS.statuses, STATUSES.filter((s) => filters.statuses.includes(s))]
	];
	for (const [name, values] of lists) if (values.length) out.set(name, [...new Set(values)].join(','));
	if (filters.overdue) out.set(FILTER_PARAMS.overdue, '1');
	if (filters.blocked) out.set(FILTER_PARAMS.blocked, '1');
	const text = filters.text.trim();
	if (text) out.set(FILTER_PARAMS.text, text.slice(0, FILTER_TEXT_MAX));
	return out;
}

/** How many filters are set (a list field with two values counts twice); 0 = everything shown. */
export function activeFilterCount(filters: BoardFilters): number {
	return (
		filters.areas.length +
		filters.owners.length +
		filters.horizons.length +
		filters.periods.length +
		filters.statuses.length +
		Number(filters.overdue) +
		Number(filters.blocked) +
		Number(filters.text.trim() !== '')
	);
}

export function hasFilters(filters: BoardFilters): boolean {
	return activeFilterCount(filters) > 0;
}

/** What matching needs besides the item: today where the board is, and its number prefix. */
export interface FilterContext {
	/** `YYYY-MM-DD` in the board's timezone (`todayIn(meta.timezone)`). */
	today: string;
	/** The board's number prefix, so `WSY-012` finds item 12. */
	prefix: string;
}

/** Is the item scheduled in `period`: its own period is that one, or its days overlap it. */
function inPeriod(item: Item, period: string): boolean {
	if (item.period === period) return true;
	const range = periodRange(period);
	const own = itemRange(item);
	return !!range && !!own && own.start <= range.end && own.end >= range.start;
}

function words(text: string): string[] {
	return text.toLocaleLowerCase().split(/\s+/).filter(Boolean);
}

/** Does the item's title, number or notes contain every word of the search? */
function matchesText(item: Item, search: string[], prefix: string): boolean {
	if (search.length === 0) return true;
	const number = item.number === null ? '' : `${formatItemNumber(prefix, item.number)} #${item.number} ${item.number}`;
	const haystack = `${item.title}\n${number}\n${item.notes}`.toLocaleLowerCase();
	return search.every((word) => haystack.includes(word));
}

/**
 * A matcher for many items at once (the search words are split once, not per item).
 * Binned items never match: views show the live board.
 */
export function itemMatcher(filters: BoardFilters, context: FilterContext): (item: Item) => boolean {
	const search = words(filters.text);
	const areas = new Set(filters.areas);
	const owners = new Set(filters.owners);
	const horizons = new Set<string>(filters.horizons);
	const statuses = new Set<string>(filters.statuses);
	return (item) => {
		if (item.deletedAt) return false;
		if (areas.size && !areas.has(item.areaId ?? NONE)) return false;
		if (owners.size && !owners.has(item.ownerId ?? NONE)) return false;
		if (horizons.size && !(item.horizon && horizons.has(item.horizon))) return false;
		if (statuses.size && !statuses.has(item.status)) return false;
		if (filters.blocked && !item.blocked) return false;
		if (filters.overdue && !isOverdue(item, context.today)) return false;
		if (filters.periods.length && !filters.periods.some((period) => inPeriod(item, period))) return false;
		return matchesText(item, search, context.prefix);
	};
}

export function matchesFilters(item: Item, filters: BoardFilters, context: FilterContext): boolean {
	return itemMatcher(filters, context)(item);
}

/** The live items that pass the filters, in their given order. */
export function filterItems(items: readonly Item[], filters: BoardFilters, context: FilterContext): Item[] {
	if (!hasFilters(filters)) return items.filter((item) => !item.deletedAt);
	return items.filter(itemMatcher(filters, context));
}
