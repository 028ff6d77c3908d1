/**
 * One pointer drag on a timeline bar, pure: nothing moves until the pointer has travelled a
 * few pixels (more for a finger, so a tap still opens the item), then the bar follows in
 * whole days. The view keeps one of these per drag and writes the dates once, on release.
 */
import type { DateRange } from '../board';
import { dragDays, dragRange, type DragMode, type Zoom } from './timeline-layout';

/** Pixels a pointer must move before a press becomes a drag, by pointer type. */
export const DRAG_THRESHOLD: Readonly<Record<string, number>> = { mouse: 3, pen: 4, touch: 8 };

export interface DragStart {
	mode: DragMode;
	/** The bar's dates when the press began. */
	range: DateRange;
	zoom: Zoom;
	pointerType: string;
	x: number;
	y: number;
}

export interface DragState {
	/** The press has become a drag (the bar follows the pointer). */
	started: boolean;
	days: number;
	/** The dates the bar shows now (the original ones until it moves). */
	range: DateRange;
}

export function dragState(start: DragStart, x: number, y: number, wasStarted = false): DragState {
	const threshold = DRAG_THRESHOLD[start.pointerType] ?? DRAG_THRESHOLD.mouse;
	const started = wasStarted || Math.hypot(x - start.x, y - start.y) >= threshold;
	if (!started) return { started, days: 0, range: start.range };
	const days = dragDays(x - start.x, start.zoom);
	return { started, days, range: dragRange(start.range, start.mode, days) };
}

/** Did the drag end somewhere other than where it began? (Only then is anything written.) */
export function changed(before: DateRange, after: DateRange): boolean {
	return before.start !== after.start || before.end !== after.end;
}

/** How close to an edge of the calendar (px) a dragged bar starts scrolling it. */
export const EDGE = 48;
/** The fastest scroll while dragging, in px per frame (right at, or past, the edge). */
export const EDGE_SPEED = 20;

/**
 * Scroll speed while a bar is dragged near an edge of the visible calendar (`left`–`right`,
 * in the pointer's coordinates): negative towards earlier days, faster the closer it gets.
 */
export function edgeScroll(x: number, left: number, right: number): number {
	if (right - left <= 2 * EDGE) return 0;
	if (x < left + EDGE) return -Math.ceil(EDGE_SPEED * Math.min(1, (left + EDGE - x) / EDGE));
	if (x > right - EDGE) return Math.ceil(EDGE_SPEED * Math.min(1, (x - (right - EDGE)) / EDGE));
	return 0;
}
