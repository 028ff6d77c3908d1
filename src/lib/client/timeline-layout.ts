/**
 * The timeline's geometry, pure: which days it shows, how wide a day is at each zoom, the
 * header's periods and the grid's boundaries, the rows (grouped by area or owner, stages
 * right under their target) and each item's bar. Dates are `YYYY-MM-DD` days of the board's
 * timezone, as everywhere in the board model; x positions are pixels from the first day.
 * Labels are left to the view (they depend on the language); this file only measures.
 */
import { endOfMonth, endOfQuarter, endOfWeek, startOfMonth, startOfQuarter, startOfWeek } from 'date-fns';
import {
	addDaysTo,
	daysBetween,
	formatDay,
	itemRange,
	NONE,
	parseDay,
	periodOf,
	type Area,
	type BoardMeta,
	type DateRange,
	type Item
} from '../board';

export const ZOOMS = ['week', 'month', 'quarter'] as const;
export type Zoom = (typeof ZOOMS)[number];
export const GROUPINGS = ['area', 'owner'] as const;
export type Grouping = (typeof GROUPINGS)[number];

/** The address parameters of the view's own state (beside the filters). */
export const ZOOM_PARAM = 'zoom';
export const GROUP_PARAM = 'group';
export const DEFAULT_ZOOM: Zoom = 'month';
export const DEFAULT_GROUPING: Grouping = 'area';

/** Pixels per day: a week zoom shows a day as wide as a short label, a quarter zoom a year on a laptop. */
export const DAY_WIDTH: Record<Zoom, number> = { week: 40, month: 14, quarter: 4 };

/** Days of slack before and after the plan, so a bar can be dragged past its ends. */
const PADDING_DAYS: Record<Zoom, number> = { week: 14, month: 21, quarter: 45 };
/** What a board with nothing scheduled shows around today. */
const EMPTY_BEFORE_DAYS = 14;
const EMPTY_AFTER_DAYS = 90;

export function parseZoom(params: URLSearchParams): Zoom {
	const value = params.get(ZOOM_PARAM);
	return (ZOOMS as readonly string[]).includes(value ?? '') ? (value as Zoom) : DEFAULT_ZOOM;
}

export function parseGrouping(params: URLSearchParams): Grouping {
	const value = params.get(GROUP_PARAM);
	return (GROUPINGS as readonly string[]).includes(value ?? '') ? (value as Grouping) : DEFAULT_GROUPING;
}

/** Writes zoom and grouping into a copy of `params`; the defaults leave no trace. */
export function writeTimelineParams(state: { zoom: Zoom; grouping: Grouping }, params: URLSearchParams): URLSearchParams {
	const out = new URLSearchParams(params);
	if (state.zoom === DEFAULT_ZOOM) out.delete(ZOOM_PARAM);
	else out.set(ZOOM_PARAM, state.zoom);
	if (state.grouping === DEFAULT_GROUPING) out.delete(GROUP_PARAM);
	else out.set(GROUP_PARAM, state.grouping);
	return out;
}

/** date-fns counts weekdays from Sunday = 0; the board says 1 = Monday, 7 = Sunday. */
function weekStartsOn(weekStart: 1 | 7): 0 | 1 {
	return weekStart === 7 ? 0 : 1;
}

function day(value: string): Date {
	const date = parseDay(value);
	if (!date) throw new Error(`Not a day: ${value}`);
	return date;
}

/** The first day of the header period (of `zoom`'s top row) containing `value`. */
function alignStart(value: string, zoom: Zoom, weekStart: 1 | 7): string {
	const date = day(value);
	if (zoom === 'week') return formatDay(startOfWeek(date, { weekStartsOn: weekStartsOn(weekStart) }));
	if (zoom === 'month') return formatDay(startOfMonth(date));
	return formatDay(startOfQuarter(date));
}

function alignEnd(value: string, zoom: Zoom, weekStart: 1 | 7): string {
	const date = day(value);
	if (zoom === 'week') return formatDay(endOfWeek(date, { weekStartsOn: weekStartsOn(weekStart) }));
	if (zoom === 'month') return formatDay(endOfMonth(date));
	return formatDay(endOfQuarter(date));
}

const earlier = (a: string, b: string) => (a < b ? a : b);
const later = (a: string, b: string) => (a > b ? a : b);

/**
 * The days the timeline shows: the plan's own span (board start–end) when set, else the
 * items' extent; widened to any item outside the plan's span (a bar is never cut off) and
 * to today; padded so bars can be dragged past the ends, and aligned to whole periods of the
 * zoom so the header starts and ends cleanly.
 */
export function visibleRange(input: {
	meta: Pick<BoardMeta, 'start' | 'end' | 'weekStart'>;
	items: readonly Pick<Item, 'start' | 'due' | 'period'>[];
	today: string;
	zoom: Zoom;
}): DateRange {
	const { meta, today, zoom } = input;
	let start: string | null = parseDay(meta.start) ? meta.start : null;
	let end: string | null = parseDay(meta.end) ? meta.end : null;
	if (start && end && start > end) [start, end] = [end, start];
	for (const item of input.items) {
		const range = itemRange(item);
		if (!range || !parseDay(range.start) || !parseDay(range.end)) continue;
		start = start ? earlier(start, range.start) : range.start;
		end = end ? later(end, range.end) : range.end;
	}
	if (!start && !end) {
		start = addDaysTo(today, -EMPTY_BEFORE_DAYS);
		end = addDaysTo(today, EMPTY_AFTER_DAYS);
	}
	start = earlier(start ?? end!, today);
	end = later(end ?? start, today);
	return {
		start: alignStart(addDaysTo(start, -PADDING_DAYS[zoom]), zoom, meta.weekStart),
		end: alignEnd(addDaysTo(end, PADDING_DAYS[zoom]), zoom, meta.weekStart)
	};
}

/**
 * The range, longer at its end if need be so the calendar fills `px` pixels (a plan of a
 * few weeks on a wide screen is not drawn as a stub), still ending on a whole period.
 */
export function fillWidth(range: DateRange, zoom: Zoom, weekStart: 1 | 7, px: number): DateRange {
	const missing = Math.ceil(px / DAY_WIDTH[zoom]) - dayCount(range);
	if (missing <= 0) return range;
	return { start: range.start, end: alignEnd(addDaysTo(range.end, missing), zoom, weekStart) };
}

/** Days in an inclusive range. */
export function dayCount(range: DateRange): number {
	return daysBetween(range.start, range.end) + 1;
}

/** Pixels from the start of the timeline to the start of `value`. */
export function xOf(value: string, range: DateRange, zoom: Zoom): number {
	return daysBetween(range.start, value) * DAY_WIDTH[zoom];
}

/** The day under a pixel position (clamped to the range). */
export function dayAt(x: number, range: DateRange, zoom: Zoom): string {
	const index = Math.min(dayCount(range) - 1, Math.max(0, Math.floor(x / DAY_WIDTH[zoom])));
	return addDaysTo(range.start, index);
}

/** One cell of the header: a period of the calendar, where it is drawn. */
export interface Tick {
	/** What it is: a week key (`2026-W14`), a month (`2026-04`), a quarter (`2026-Q2`) or a day. */
	kind: 'day' | 'week' | 'month' | 'quarter';
	/** The ISO period key, or the day for day ticks. */
	key: string;
	/** The days of the period inside the visible range. */
	start: string;
	end: string;
	x: number;
	width: number;
}

/** The two header rows: the wider periods above, the finer ones below. */
export interface Header {
	top: Tick[];
	bottom: Tick[];
}

/** Which periods make up the header rows at each zoom. */
const HEADER_KINDS: Record<Zoom, { top: Tick['kind']; bottom: Tick['kind'] }> = {
	week: { top: 'week', bottom: 'day' },
	month: { top: 'month', bottom: 'week' },
	quarter: { top: 'quarter', bottom: 'month' }
};

/** The period of `kind` containing `value`, as [start, end, key]. */
function periodAround(kind: Tick['kind'], value: string, weekStart: 1 | 7): [string, string, string] {
	const date = day(value);
	switch (kind) {
		case 'day':
			return [value, value, value];
		case 'week': {
			const from = startOfWeek(date, { weekStartsOn: weekStartsOn(weekStart) });
			// A Sunday-first week carries the ISO number of the Monday inside it.
			const monday = weekStart === 7 ? addDaysTo(formatDay(from), 1) : formatDay(from);
			return [formatDay(from), formatDay(endOfWeek(date, { weekStartsOn: weekStartsOn(weekStart) })), periodOf('week', monday)];
		}
		case 'month':
			return [formatDay(startOfMonth(date)), formatDay(endOfMonth(date)), periodOf('month', date)];
		case 'quarter':
			return [formatDay(startOfQuarter(date)), formatDay(endOfQuarter(date)), periodOf('quarter', date)];
	}
}

/** The periods of `kind` across the range, each cut to the range. */
export function ticks(kind: Tick['kind'], range: DateRange, zoom: Zoom, weekStart: 1 | 7): Tick[] {
	const out: Tick[] = [];
	let at = range.start;
	for (let guard = 0; at <= range.end && guard < 5000; guard++) {
		const [periodStart, periodEnd, key] = periodAround(kind, at, weekStart);
		const start = later(periodStart, range.start);
		const end = earlier(periodEnd, range.end);
		out.push({ kind, key, start, end, x: xOf(start, range, zoom), width: dayCount({ start, end }) * DAY_WIDTH[zoom] });
		at = addDaysTo(periodEnd, 1);
	}
	return out;
}

export function header(range: DateRange, zoom: Zoom, weekStart: 1 | 7): Header {
	const kinds = HEADER_KINDS[zoom];
	return { top: ticks(kinds.top, range, zoom, weekStart), bottom: ticks(kinds.bottom, range, zoom, weekStart) };
}

/** A vertical grid line where a period starts; `major` ones start a wider period. */
export interface Boundary {
	x: number;
	day: string;
	major: boolean;
}

/** The grid's periods at each zoom: weeks within months, or months within quarters. */
const BOUNDARY_KINDS: Record<Zoom, { minor: Tick['kind']; major: Tick['kind'] }> = {
	week: { minor: 'week', major: 'month' },
	month: { minor: 'week', major: 'month' },
	quarter: { minor: 'month', major: 'quarter' }
};

/** The grid lines: where each period starts inside the range (not at its very first day). */
export function boundaries(range: DateRange, zoom: Zoom, weekStart: 1 | 7): Boundary[] {
	const kinds = BOUNDARY_KINDS[zoom];
	const lines = new Map<string, Boundary>();
	for (const tick of ticks(kinds.minor, range, zoom, weekStart)) lines.set(tick.start, { x: tick.x, day: tick.start, major: false });
	for (const tick of ticks(kinds.major, range, zoom, weekStart)) lines.set(tick.start, { x: tick.x, day: tick.start, major: true });
	lines.delete(range.start);
	return [...lines.values()].sort((a, b) => a.x - b.x);
}

/** Saturdays and Sundays as shaded columns (week zoom only; at finer zooms they would be noise). */
export function weekends(range: DateRange, zoom: Zoom): Array<{ x: number; width: number; day: string }> {
	if (zoom !== 'week') return [];
	const out: Array<{ x: number; width: number; day: string }> = [];
	for (let i = 0, at = range.start; at <= range.end && i < 5000; i++, at = addDaysTo(at, 1)) {
		const weekday = day(at).getDay();
		if (weekday === 0 || weekday === 6) out.push({ x: xOf(at, range, zoom), width: DAY_WIDTH[zoom], day: at });
	}
	return out;
}

/** Where an item's bar is drawn, and from which dates. */
export interface Bar {
	start: string;
	end: string;
	x: number;
	width: number;
	/** The item has no dates of its own: the bar is its period's (drawn lighter). */
	fromPeriod: boolean;
}

export function barFor(item: Pick<Item, 'start' | 'due' | 'period'>, range: DateRange, zoom: Zoom): Bar | null {
	const own = itemRange(item);
	if (!own || !parseDay(own.start) || !parseDay(own.end)) return null;
	return {
		start: own.start,
		end: own.end,
		x: xOf(own.start, range, zoom),
		width: dayCount(own) * DAY_WIDTH[zoom],
		fromPeriod: !item.start && !item.due
	};
}

/** Is the item on the calendar at all (own dates or a period)? */
export function isScheduled(item: Pick<Item, 'start' | 'due' | 'period'>): boolean {
	const own = itemRange(item);
	return !!own && !!parseDay(own.start) && !!parseDay(own.end);
}

/** A group's heading row. */
export interface GroupRow {
	kind: 'group';
	key: string;
	name: string;
	/** The area's or person's colour; null for "no area" / "no owner". */
	color: string | null;
	count: number;
}

/** One item's row: its bar (null for a target with no dates shown only to hold its stages). */
export interface ItemRow {
	kind: 'item';
	key: string;
	item: Item;
	/** 0 for a top-level item, 1 for its stages, and so on. */
	depth: number;
	bar: Bar | null;
	/** Has stages shown below it. */
	hasChildren: boolean;
}

export type TimelineRow = GroupRow | ItemRow;

export interface GroupPerson {
	userId: string;
	name: string;
	color: string;
}

export interface GroupLabels {
	noArea: string;
	noOwner: string;
	archivedArea: string;
	formerOwner: string;
}

/** Earlier bars first, then shorter ones, then by number (unnumbered last), then id: a stable order. */
function compareByDates(a: Item, b: Item): number {
	const ra = itemRange(a);
	const rb = itemRange(b);
	const sa = ra?.start ?? '9999';
	const sb = rb?.start ?? '9999';
	if (sa !== sb) return sa < sb ? -1 : 1;
	const ea = ra?.end ?? '9999';
	const eb = rb?.end ?? '9999';
	if (ea !== eb) return ea < eb ? -1 : 1;
	const na = a.number ?? Number.MAX_SAFE_INTEGER;
	const nb = b.number ?? Number.MAX_SAFE_INTEGER;
	if (na !== nb) return na - nb;
	return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/**
 * The items that get a row: the scheduled ones, and the unscheduled ancestors of scheduled
 * ones (a quarterly target with no dates still heads its monthly stages). `all` is every
 * live item, so an ancestor filtered away is not brought back.
 */
export function rowItems(items: readonly Item[]): Item[] {
	const byId = new Map(items.map((item) => [item.id, item]));
	const keep = new Set<string>();
	for (const item of items) {
		if (!isScheduled(item)) continue;
		keep.add(item.id);
		for (let at = item.parentId, hops = 0; at && byId.has(at) && !keep.has(at) && hops < items.length; hops++) {
			keep.add(at);
			at = byId.get(at)!.parentId;
		}
	}
	return items.filter((item) => keep.has(item.id));
}

/**
 * The rows: a heading per group (areas in board order, or people by name; items of an
 * archived area or a former member in a group of their own; "no area" / "no owner" last;
 * empty groups left out), then the group's items by date, each target followed right away by
 * its stages in the same group (indented), theirs by theirs. A stage whose target is in
 * another group (or filtered away) stands at the top level of its own group.
 */
export function buildRows(
	items: readonly Item[],
	options: { grouping: Grouping; areas: readonly Area[]; people: readonly GroupPerson[]; labels: GroupLabels; range: DateRange; zoom: Zoom }
): TimelineRow[] {
	const { grouping, areas, people, labels, range, zoom } = options;
	const shown = rowItems(items);
	const keyOf = (item: Item) => (grouping === 'area' ? item.areaId : item.ownerId) ?? NONE;

	const buckets = new Map<string, Item[]>();
	for (const item of shown) {
		const key = keyOf(item);
		const list = buckets.get(key) ?? [];
		list.push(item);
		buckets.set(key, list);
	}

	const groups: Array<Omit<GroupRow, 'count' | 'kind'>> = [];
	if (grouping === 'area') {
		for (const area of areas) groups.push({ key: area.id, name: area.name, color: area.color });
	} else {
		const sorted = [...people].sort((a, b) => a.name.localeCompare(b.name, 'zh-CN'));
		for (const person of sorted) groups.push({ key: person.userId, name: person.name, color: person.color });
	}
	const known = new Set([...groups.map((group) => group.key), NONE]);
	// Items pointing at an area that is archived or gone, or at someone no longer on the board.
	const stray = [...buckets.keys()].filter((key) => !known.has(key));
	for (const key of stray) groups.push({ key, name: grouping === 'area' ? labels.archivedArea : labels.formerOwner, color: null });
	groups.push({ key: NONE, name: grouping === 'area' ? labels.noArea : labels.noOwner, color: null });

	const rows: TimelineRow[] = [];
	for (const group of groups) {
		const members = buckets.get(group.key);
		if (!members?.length) continue;
		rows.push({ kind: 'group', ...group, count: members.length });
		const inGroup = new Set(members.map((item) => item.id));
		const children = new Map<string, Item[]>();
		const roots: Item[] = [];
		for (const item of members) {
			if (item.parentId && inGroup.has(item.parentId) && item.parentId !== item.id) {
				const list = children.get(item.parentId) ?? [];
				list.push(item);
				children.set(item.parentId, list);
			} else roots.push(item);
		}
		const placed = new Set<string>();
		const place = (item: Item, depth: number) => {
			if (placed.has(item.id)) return;
			placed.add(item.id);
			const stages = (children.get(item.id) ?? []).filter((child) => !placed.has(child.id)).sort(compareByDates);
			rows.push({ kind: 'item', key: item.id, item, depth, bar: barFor(item, range, zoom), hasChildren: stages.length > 0 });
			for (const child of stages) place(child, depth + 1);
		};
		for (const root of roots.sort(compareByDates)) place(root, 0);
		// A parent loop (two concurrent edits can make one) has no root: its items go at the top level.
		for (const item of [...members].sort(compareByDates)) place(item, 0);
	}
	return rows;
}

/** The rows with the items of folded groups left out (their headings stay, to unfold them). */
export function foldGroups(rows: readonly TimelineRow[], folded: ReadonlySet<string>): TimelineRow[] {
	if (folded.size === 0) return rows as TimelineRow[];
	let hiding = false;
	return rows.filter((row) => {
		if (row.kind === 'group') {
			hiding = folded.has(row.key);
			return true;
		}
		return !hiding;
	});
}

/** What a drag changes: the whole bar, or one of its ends. */
export type DragMode = 'move' | 'start' | 'end';

/** Whole days a pointer moved by, at this zoom (rounded: half a day or more counts). */
export function dragDays(dx: number, zoom: Zoom): number {
	const days = Math.round(dx / DAY_WIDTH[zoom]);
	return days === 0 ? 0 : days; // no -0 in the dates' arithmetic
}

/**
 * The dates after a drag of `days`: a move keeps the length; a start or end handle changes
 * only its own date and stops at the other one (a bar is at least one day long).
 */
export function dragRange(range: DateRange, mode: DragMode, days: number): DateRange {
	if (days === 0) return range;
	if (mode === 'move') return { start: addDaysTo(range.start, days), end: addDaysTo(range.end, days) };
	if (mode === 'start') return { start: earlier(addDaysTo(range.start, days), range.end), end: range.end };
	return { start: range.start, end: later(addDaysTo(range.end, days), range.start) };
}

/** A keyboard step on a focused bar: ←/→ moves it a day (Shift: a week), Alt+←/→ moves its due date. */
export function keyboardDrag(event: { key: string; shiftKey: boolean; altKey: boolean }): { mode: DragMode; days: number } | null {
	const direction = event.key === 'ArrowRight' ? 1 : event.key === 'ArrowLeft' ? -1 : 0;
	if (!direction) return null;
	return { mode: event.altKey ? 'end' : 'move', days: direction * (event.shiftKey ? 7 : 1) };
}

/** Where to scroll so today stands a third into the visible width. */
export function scrollLeftForToday(today: string, range: DateRange, zoom: Zoom, viewport: number): number {
	return Math.max(0, xOf(today, range, zoom) - Math.round(viewport / 3));
}

/** The dates a "schedule" button gives an unscheduled item: a week from today. */
export function defaultSchedule(today: string): { start: string; due: string } {
	return { start: today, due: addDaysTo(today, 6) };
}
