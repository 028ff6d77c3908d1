/**
 * Numeric targets (指标): "入园率 81.2% → 90.65%". An item's metric is a Y.Map with its
 * unit, baseline, target, direction and current value, and its check-ins as a Y.Array
 * kept as history (value, date, who).
 */
import * as Y from 'yjs';
import { itemsMap } from './schema';

export interface Metric {
	unit: string;
	baseline: number;
	target: number;
	direction: 'up' | 'down';
	current: number | null;
}

export interface CheckIn {
	value: number;
	at: string;
	by: string | null;
	note: string;
}

export const CHECKIN_NOTE_MAX = 500;

function metricMap(doc: Y.Doc, itemId: string): Y.Map<unknown> | null {
	const metric = itemsMap(doc).get(itemId)?.get('metric');
	return metric instanceof Y.Map ? metric : null;
}

/** The definition and current value of a metric held in an item's `metric` map. */
export function readMetricMap(map: Y.Map<unknown>): Metric {
	const current = map.get('current');
	return {
		unit: String(map.get('unit') ?? ''),
		baseline: Number(map.get('baseline') ?? 0),
		target: Number(map.get('target') ?? 0),
		direction: map.get('direction') === 'down' ? 'down' : 'up',
		current: typeof current === 'number' ? current : null
	};
}

export function readMetric(doc: Y.Doc, itemId: string): (Metric & { checkIns: CheckIn[] }) | null {
	const map = metricMap(doc, itemId);
	if (!map) return null;
	const checkIns = map.get('checkIns');
	return { ...readMetricMap(map), checkIns: checkIns instanceof Y.Array ? (checkIns.toArray() as CheckIn[]) : [] };
}

/**
 * How far a metric has come from its baseline to its target, 0–1: for "up" (入园率 81.2% →
 * 90.65%) the share of the climb made, for "down" (a waiting time to cut) the share of the
 * drop. Overshooting counts as 1, going the wrong way as 0; no value yet is 0.
 */
export function metricProgress(metric: Metric): number {
	if (metric.current === null) return 0;
	const span = metric.direction === 'up' ? metric.target - metric.baseline : metric.baseline - metric.target;
	const made = metric.direction === 'up' ? metric.current - metric.baseline : metric.baseline - metric.current;
	if (span <= 0) return made >= 0 ? 1 : 0;
	return Math.min(1, Math.max(0, made / span));
}

/** Removes an item's metric, history included. */
export function removeMetric(doc: Y.Doc, itemId: string, origin: unknown = null): void {
	const item = itemsMap(doc).get(itemId);
	if (item?.has('metric')) doc.transact(() => item.delete('metric'), origin);
}

/** Gives an item a metric, or changes its definition; check-ins are kept. */
export function setMetric(doc: Y.Doc, itemId: string, metric: Omit<Metric, 'current'>, origin: unknown = null): void {
	const item = itemsMap(doc).get(itemId);
	if (!item) throw new Error(`No item ${itemId}`);
	if (![metric.baseline, metric.target].every(Number.isFinite)) throw new Error('Baseline and target must be numbers');
	doc.transact(() => {
		let map = metricMap(doc, itemId);
		if (!map) {
			map = new Y.Map();
			item.set('metric', map);
			map.set('checkIns', new Y.Array());
			map.set('current', null);
		}
		map.set('unit', metric.unit.trim().slice(0, 20));
		map.set('baseline', metric.baseline);
		map.set('target', metric.target);
		map.set('direction', metric.direction === 'down' ? 'down' : 'up');
	}, origin);
}

/** Records a measured value: it becomes the current value and joins the history. */
export function addCheckIn(doc: Y.Doc, itemId: string, checkIn: CheckIn, origin: unknown = null): void {
	const map = metricMap(doc, itemId);
	if (!map) throw new Error(`Item ${itemId} has no metric`);
	if (!Number.isFinite(checkIn.value)) throw new Error('A check-in needs a number');
	doc.transact(() => {
		(map.get('checkIns') as Y.Array<CheckIn>).push([{ ...checkIn, note: checkIn.note.slice(0, CHECKIN_NOTE_MAX) }]);
		map.set('current', checkIn.value);
	}, origin);
}
