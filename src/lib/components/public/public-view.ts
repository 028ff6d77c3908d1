/** What the public board's views share: items grouped by status, counts and small labels. */
import { isHorizon, metricProgress, STATUSES, type PublicBoard, type PublicItem, type Status } from '$lib/board';
import { horizonLabel as labelOf } from '$lib/client/horizon-labels';
import { m } from '$lib/paraglide/messages';

export interface StatusGroup {
	status: Status;
	items: PublicItem[];
}

/** The four groups in board order (空白, 已计划, 须加强, 已完成), each in the board's order. */
export function groupByStatus(items: readonly PublicItem[]): StatusGroup[] {
	return STATUSES.map((status) => ({ status, items: items.filter((item) => item.status === status) }));
}

/** How many items are in each status. */
export function countByStatus(items: readonly PublicItem[]): Record<Status, number> {
	const counts = Object.fromEntries(STATUSES.map((status) => [status, 0])) as Record<Status, number>;
	for (const item of items) counts[item.status]++;
	return counts;
}

/**
 * The first `perStatus` items of each status: what the server renders of a big board (its
 * render stays fast); the live document brings the rest a moment later.
 */
export function firstPerStatus(board: PublicBoard, perStatus: number): PublicBoard {
	const taken = countByStatus([]);
	return { ...board, items: board.items.filter((item) => taken[item.status]++ < perStatus) };
}

export function horizonLabel(horizon: string | null | undefined): string {
	return isHorizon(horizon) ? labelOf(horizon) : '';
}

/** "月 · 2026-03": the horizon and the period, whichever are set. */
export function periodText(item: PublicItem): string {
	return [horizonLabel(item.horizon), item.period ?? ''].filter(Boolean).join(' · ');
}

/** "2026-03-01 – 2026-03-31", or one side when only one is set. */
export function datesText(item: PublicItem): string {
	const start = item.start?.slice(0, 10) ?? '';
	const due = item.due?.slice(0, 10) ?? '';
	if (!start && !due) return '';
	return `${start || '…'} – ${due || '…'}`;
}

export interface AreaGroup {
	/** The area's id, or null for items in no (published) area. */
	id: string | null;
	name: string;
	color: string | null;
	items: PublicItem[];
}

/** Items by published area, in the board's area order; items in no area last. Empty areas left out. */
export function groupByArea(board: PublicBoard): AreaGroup[] {
	const known = new Set(board.areas.map((area) => area.id));
	const groups: AreaGroup[] = board.areas.map((area) => ({
		id: area.id,
		name: area.name,
		color: area.color,
		items: board.items.filter((item) => item.areaId === area.id)
	}));
	groups.push({ id: null, name: m.public_page_no_area(), color: null, items: board.items.filter((item) => !item.areaId || !known.has(item.areaId)) });
	return groups.filter((group) => group.items.length > 0);
}

function number(value: number): string {
	return Number.isInteger(value) ? String(value) : value.toFixed(2).replace(/0+$/, '');
}

/** "81.2 → 86.4 / 90.65 %": baseline → current / target, unit; '' without a metric. */
export function metricText(item: PublicItem): string {
	const metric = item.metric;
	if (!metric) return '';
	const current = metric.current === null ? '—' : number(metric.current);
	return `${number(metric.baseline)} → ${current} / ${number(metric.target)}${metric.unit ? ` ${metric.unit}` : ''}`;
}

/** Progress to target as a whole percent, or null without a metric. */
export function metricPercent(item: PublicItem): number | null {
	return item.metric ? Math.round(metricProgress(item.metric) * 100) : null;
}
