/**
 * The figures of the board overview, from plain items so they can be tested without a
 * browser: counts per area and per horizon (the board model's `tally`), and the top-level
 * targets with their stages rolled up.
 */
import type { Area, Horizon, Item, Status, Tally } from '../../board';
import { emptyFilters, NONE, writeFilters, type BoardFilters } from '../../board/filters';
import { rollUpProgress } from '../../board/progress';
import { HORIZONS } from '../../board/status';
import { tally } from '../../board/summary';

export interface AreaRow {
	/** null: items of no area, or of an archived one. */
	area: Area | null;
	tally: Tally;
}

export interface HorizonRow {
	/** null: items without a horizon. */
	horizon: Horizon | null;
	tally: Tally;
}

export interface Overview {
	all: Tally;
	areas: AreaRow[];
	horizons: HorizonRow[];
}

/**
 * Every live area gets a row, in board order, even with no items (an empty area is news
 * too); "no area" and "no horizon" only when some item is in them.
 */
export function overview(items: readonly Item[], areas: readonly Area[], today: string): Overview {
	const known = new Set(areas.map((area) => area.id));
	const byArea = tally(items, today, (item) => (item.areaId && known.has(item.areaId) ? item.areaId : null));
	const byHorizon = tally(items, today, (item) => item.horizon);
	const empty = tally([], today).all;
	const areaRows: AreaRow[] = areas.map((area) => ({ area, tally: byArea.groups.get(area.id) ?? empty }));
	const noArea = byArea.groups.get(null);
	if (noArea) areaRows.push({ area: null, tally: noArea });
	const horizonRows: HorizonRow[] = HORIZONS.map((horizon) => ({ horizon, tally: byHorizon.groups.get(horizon) ?? empty }));
	const noHorizon = byHorizon.groups.get(null);
	if (noHorizon) horizonRows.push({ horizon: null, tally: noHorizon });
	return { all: byArea.all, areas: areaRows, horizons: horizonRows };
}

export interface RolledUpTarget {
	item: Item;
	/** Rolled up from its stages, 0–1. */
	progress: number;
	stages: number;
	stagesDone: number;
}

/**
 * The targets at the top of a breakdown (no live parent, at least one live stage), with
 * their progress rolled up from all their stages, in number order.
 */
export function topLevelTargets(items: readonly Item[]): RolledUpTarget[] {
	const live = items.filter((item) => !item.deletedAt);
	const ids = new Set(live.map((item) => item.id));
	const stages = new Map<string, Item[]>();
	for (const item of live) {
		if (!item.parentId || !ids.has(item.parentId)) continue;
		stages.set(item.parentId, [...(stages.get(item.parentId) ?? []), item]);
	}
	const progress = rollUpProgress(live);
	return live
		.filter((item) => stages.has(item.id) && !(item.parentId && ids.has(item.parentId)))
		.map((item) => {
			const own = stages.get(item.id)!;
			return { item, progress: progress.get(item.id) ?? 0, stages: own.length, stagesDone: own.filter((stage) => stage.status === 'done').length };
		})
		.sort((a, b) => (a.item.number ?? Infinity) - (b.item.number ?? Infinity) || a.item.id.localeCompare(b.item.id));
}

/** A slice of the board the kanban can be filtered to (null: items with no area / no horizon). */
export interface KanbanFilter {
	area?: string | null;
	horizon?: Horizon | null;
	status?: Status;
	overdue?: true;
	blocked?: true;
	unowned?: true;
}

export interface TallyRow {
	key: string;
	label: string;
	color?: string;
	tally: Tally;
	/** What the row is, as a kanban filter; its counts link to the kanban filtered by it. */
	filter: KanbanFilter;
}

/**
 * The kanban of the board filtered to `filter`, through the address like any shared filtered
 * view; null when the kanban's filters cannot express the slice (items without a horizon).
 */
export function kanbanHref(boardId: string, filter: KanbanFilter): string | null {
	if (filter.horizon === null) return null;
	const filters: BoardFilters = {
		...emptyFilters(),
		areas: filter.area === undefined ? [] : [filter.area ?? NONE],
		owners: filter.unowned ? [NONE] : [],
		horizons: filter.horizon ? [filter.horizon] : [],
		statuses: filter.status ? [filter.status] : [],
		overdue: filter.overdue ?? false,
		blocked: filter.blocked ?? false
	};
	const query = writeFilters(filters).toString();
	return `/b/${encodeURIComponent(boardId)}${query ? `?${query}` : ''}`;
}
