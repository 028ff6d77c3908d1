/** What the public board's views share: items grouped by status, counts and small labels. */
import { metricProgress, STATUSES, type Horizon, type PublicBoard, type PublicItem, type Status } from '$lib/board';
import { m } from '$lib/paraglide/messages';

export interface StatusGroup {
	status: Status;
	items: PublicItem[];
}

/** The four groups in board order (空白, 已计划, 须加强, 已完成), each in the board's order. */
export function groupByStatus(items: readonly PublicItem[]): StatusGroup[] {
	return STATUSES.map((status) => ({ status, items: items.filter((item) => item.status === status) }));
}

/** Share of items done, as a whole percent (0 for an empty board). */
export function donePercent(items: readonly PublicItem[]): number {
	if (items.length === 0) return 0;
	return Math.round((items.filter((item) => item.status === 'done').length / items.length) * 100);
}

export function horizonLabel(horizon: string | null | undefined): string {
	const labels: Record<Horizon, () => string> = {
		week: m.public_page_horizon_week,
		month: m.public_page_horizon_month,
		quarter: m.public_page_horizon_quarter,
		year: m.public_page_horizon_year
	};
	return horizon && horizon in labels ? labels[horizon as Horizon]() : '';
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
