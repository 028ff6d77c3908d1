import { describe, expect, it } from 'vitest';
import { changed, dragState, edgeScroll, EDGE_SPEED, type DragStart } from '../../../src/lib/client/timeline-drag';
import { DAY_WIDTH } from '../../../src/lib/client/timeline-layout';

const range = { start: '2026-04-06', end: '2026-04-12' };
const start = (patch: Partial<DragStart> = {}): DragStart => ({ mode: 'move', range, zoom: 'week', pointerType: 'mouse', x: 100, y: 50, ...patch });

describe('a drag on a bar', () => {
	it('a small wobble is still a click', () => {
		expect(dragState(start(), 101, 51)).toEqual({ started: false, days: 0, range });
	});

	it('a finger needs to travel further than a mouse, so a tap opens the item', () => {
		expect(dragState(start({ pointerType: 'mouse' }), 105, 50).started).toBe(true);
		expect(dragState(start({ pointerType: 'touch' }), 105, 50).started).toBe(false);
		expect(dragState(start({ pointerType: 'touch' }), 110, 50).started).toBe(true);
	});

	it('follows the pointer in whole days once started, even back near the start', () => {
		const s = start();
		expect(dragState(s, 100 + DAY_WIDTH.week * 7, 50).range).toEqual({ start: '2026-04-13', end: '2026-04-19' });
		expect(dragState(s, 101, 50, true)).toMatchObject({ started: true, days: 0, range });
	});

	it('the end handle changes only the due date', () => {
		const state = dragState(start({ mode: 'end' }), 100 + DAY_WIDTH.week * 2, 50);
		expect(state.range).toEqual({ start: '2026-04-06', end: '2026-04-14' });
	});

	it('knows whether anything changed', () => {
		expect(changed(range, { ...range })).toBe(false);
		expect(changed(range, { start: range.start, end: '2026-04-13' })).toBe(true);
	});
});

describe('scrolling while dragging near an edge', () => {
	it('scrolls towards the edge, faster the closer the pointer is', () => {
		expect(edgeScroll(500, 300, 1000)).toBe(0);
		expect(edgeScroll(990, 300, 1000)).toBeGreaterThan(0);
		expect(edgeScroll(1100, 300, 1000)).toBe(EDGE_SPEED);
		expect(edgeScroll(310, 300, 1000)).toBeLessThan(0);
		expect(edgeScroll(200, 300, 1000)).toBe(-EDGE_SPEED);
		expect(edgeScroll(990, 300, 1000)).toBeGreaterThan(edgeScroll(960, 300, 1000));
	});

	it('does nothing in a calendar too narrow to have a middle', () => {
		expect(edgeScroll(310, 300, 380)).toBe(0);
	});
});
