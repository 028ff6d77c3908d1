/**
 * The figures of the targets view, worked out from plain items so they can be tested
 * without a browser: which items carry a metric, how far each area and the whole board
 * have come on average, a check-in's history as chart points, and the value a person typed.
 */
import type { Area, CheckIn, Item, Metric } from '../../board';
import { metricProgress } from '../../board/metrics';

export type MetricItem = Item & { metric: Metric };

export function hasMetric(item: Item): item is MetricItem {
	return item.metric !== null;
}

/** Average progress to target (0–1) of the items, or null when there are none to average. */
export function averageProgress(items: readonly MetricItem[]): number | null {
	if (items.length === 0) return null;
	return items.reduce((sum, item) => sum + metricProgress(item.metric), 0) / items.length;
}

export interface AreaTargets {
	/** null: the items that belong to no area (or to an archived one). */
	area: Area | null;
	items: MetricItem[];
	progress: number;
}

/**
 * The metric items grouped by area in board order, numbered items first by number within
 * an area; areas without metric items are left out, and items of no (live) area come last.
 */
export function targetsByArea(items: readonly Item[], areas: readonly Area[]): AreaTargets[] {
	const byNumber = (a: MetricItem, b: MetricItem) => (a.number ?? Infinity) - (b.number ?? Infinity) || a.id.localeCompare(b.id);
	const known = new Set(areas.map((area) => area.id));
	const groups = new Map<string | null, MetricItem[]>();
	for (const item of items) {
		if (!hasMetric(item) || item.deletedAt) continue;
		const key = item.areaId && known.has(item.areaId) ? item.areaId : null;
		const list = groups.get(key) ?? [];
		list.push(item);
		groups.set(key, list);
	}
	const ordered: Array<Area | null> = [...areas, null];
	return ordered.flatMap((area) => {
		const list = groups.get(area?.id ?? null);
		if (!list) return [];
		list.sort(byNumber);
		return [{ area, items: list, progress: averageProgress(list) ?? 0 }];
	});
}

/** The latest check-in by date (the history is kept in the order check-ins arrived). */
export function lastCheckIn(checkIns: readonly CheckIn[]): CheckIn | null {
	let last: CheckIn | null = null;
	for (const checkIn of checkIns) if (!last || checkIn.at >= last.at) last = checkIn;
	return last;
}

export interface ChartPoint {
	/** Milliseconds since the epoch. */
	x: number;
	y: number;
}

/** The history as points in time order, leaving out entries whose date or value cannot be read. */
export function checkInPoints(checkIns: readonly CheckIn[]): ChartPoint[] {
	return checkIns
		.map((checkIn) => ({ x: Date.parse(checkIn.at), y: checkIn.value }))
		.filter((point) => Number.isFinite(point.x) && Number.isFinite(point.y))
		.sort((a, b) => a.x - b.x);
}

export type ValueProblem = 'required' | 'not_a_number';

/**
 * A measured value as a person types it: "90.65", "1,280" (thousands grouped), full-width
 * digits from a Chinese input method ("９０．６５"), an optional trailing "%". Anything
 * else is refused with the reason, never guessed at.
 */
export function parseMeasuredValue(text: string): { value: number } | { problem: ValueProblem } {
	const plain = text.normalize('NFKC').trim().replace(/\s+/g, '');
	if (!plain) return { problem: 'required' };
	const numeric = plain.replace(/%$/, '').replace(/^([+-]?\d{1,3}(?:,\d{3})+)(?=\.|$)/, (grouped) => grouped.replaceAll(',', ''));
	if (!/^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(numeric)) return { problem: 'not_a_number' };
	const value = Number(numeric);
	return Number.isFinite(value) ? { value } : { problem: 'not_a_number' };
}

/** A value for reading: grouped digits, at most four decimals, in the person's language. */
export function formatValue(value: number, locale: string): string {
	return new Intl.NumberFormat(locale, { maximumFractionDigits: 4 }).format(value);
}

/** A share 0–1 as a whole percent. */
export function percent(share: number): number {
	return Math.round(share * 100);
}
