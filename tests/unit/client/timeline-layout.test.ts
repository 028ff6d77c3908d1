import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { emptyItem, allItems, createArea, createItem, listAreas, NONE, updateArea, type Item } from '../../../src/lib/board/index';
import {
	barFor,
	boundaries,
	buildRows,
	dayAt,
	DAY_WIDTH,
	dayCount,
	defaultSchedule,
	dragDays,
	dragRange,
	fillWidth,
	foldGroups,
	header,
	isScheduled,
	keyboardDrag,
	parseGrouping,
	parseZoom,
	rowItems,
	scrollLeftForToday,
	ticks,
	visibleRange,
	weekends,
	writeTimelineParams,
	xOf,
	type ItemRow
} from '../../../src/lib/client/timeline-layout';

const labels = { noArea: 'No area', noOwner: 'No owner', archivedArea: 'Archived area', formerOwner: 'Former member' };
const meta = { start: null, end: null, weekStart: 1 as const };

function item(patch: Partial<Item>): Item {
	return emptyItem(patch.id ?? crypto.randomUUID(), { title: 't', status: 'planned', order: 'a0', ...patch });
}

describe('address state', () => {
	it('reads zoom and grouping, defaults for anything else', () => {
		expect(parseZoom(new URLSearchParams('zoom=week'))).toBe('week');
		expect(parseZoom(new URLSearchParams('zoom=year'))).toBe('month');
		expect(parseZoom(new URLSearchParams(''))).toBe('month');
		expect(parseGrouping(new URLSearchParams('group=owner'))).toBe('owner');
		expect(parseGrouping(new URLSearchParams('group=status'))).toBe('area');
	});

	it('writes them beside the filters; defaults leave no trace', () => {
		const params = new URLSearchParams('status=done&zoom=week&group=owner');
		expect(writeTimelineParams({ zoom: 'quarter', grouping: 'owner' }, params).toString()).toBe('status=done&zoom=quarter&group=owner');
		expect(writeTimelineParams({ zoom: 'month', grouping: 'area' }, params).toString()).toBe('status=done');
	});
});

describe('visible range', () => {
	it('uses the board span when set, aligned to whole periods and padded', () => {
		const range = visibleRange({ meta: { ...meta, start: '2026-03-01', end: '2026-12-31' }, items: [], today: '2026-04-10', zoom: 'month' });
		// 21 days of slack, then whole months.
		expect(range).toEqual({ start: '2026-02-01', end: '2027-01-31' });
	});

	it('else the items’ extent, with today always inside', () => {
		const items = [item({ start: '2026-05-04', due: '2026-05-10' }), item({ period: '2026-06' })];
		const range = visibleRange({ meta, items, today: '2026-01-15', zoom: 'quarter' });
		expect(range.start <= '2026-01-15').toBe(true);
		expect(range.end >= '2026-06-30').toBe(true);
		expect(range).toEqual({ start: '2025-10-01', end: '2026-09-30' });
	});

	it('widens the board span to an item outside it, so no bar is cut off', () => {
		const items = [item({ start: '2027-02-01', due: '2027-02-10' })];
		const range = visibleRange({ meta: { ...meta, start: '2026-01-01', end: '2026-12-31' }, items, today: '2026-04-10', zoom: 'month' });
		expect(range.end >= '2027-02-10').toBe(true);
	});

	it('week zoom starts on the board’s first weekday', () => {
		const items = [item({ start: '2026-04-08', due: '2026-04-09' })]; // a Wednesday
		const monday = visibleRange({ meta, items, today: '2026-04-08', zoom: 'week' });
		expect(monday.start).toBe('2026-03-23'); // Monday, 14 days + to week start
		const sunday = visibleRange({ meta: { ...meta, weekStart: 7 }, items, today: '2026-04-08', zoom: 'week' });
		expect(sunday.start).toBe('2026-03-22');
		expect(sunday.end).toBe('2026-04-25'); // a Saturday
	});

	it('grows at its end to fill a wide screen, ending on a whole period', () => {
		const range = { start: '2026-03-01', end: '2026-04-30' };
		expect(fillWidth(range, 'month', 1, 500)).toBe(range);
		const wide = fillWidth(range, 'month', 1, 100 * DAY_WIDTH.month);
		expect(wide).toEqual({ start: '2026-03-01', end: '2026-06-30' });
	});

	it('a board with nothing scheduled shows the months around today', () => {
		const range = visibleRange({ meta, items: [item({})], today: '2026-04-10', zoom: 'month' });
		expect(range.start <= '2026-03-27').toBe(true);
		expect(range.end >= '2026-07-09').toBe(true);
	});
});

describe('scale', () => {
	const range = { start: '2026-03-30', end: '2026-04-30' };

	it('places days by pixels per day of the zoom', () => {
		expect(DAY_WIDTH.week).toBeGreaterThan(DAY_WIDTH.month);
		expect(DAY_WIDTH.month).toBeGreaterThan(DAY_WIDTH.quarter);
		expect(xOf('2026-03-30', range, 'week')).toBe(0);
		expect(xOf('2026-04-06', range, 'week')).toBe(7 * DAY_WIDTH.week);
		expect(dayAt(7 * DAY_WIDTH.month + 1, range, 'month')).toBe('2026-04-06');
		expect(dayAt(-50, range, 'month')).toBe('2026-03-30');
		expect(dayAt(1e6, range, 'month')).toBe('2026-04-30');
		expect(dayCount(range)).toBe(32);
	});

	it('scrolls today to a third of the viewport', () => {
		expect(scrollLeftForToday('2026-04-06', range, 'week', 300)).toBe(7 * DAY_WIDTH.week - 100);
		expect(scrollLeftForToday('2026-03-30', range, 'week', 300)).toBe(0);
	});
});

describe('header and grid', () => {
	it('month zoom: months above, ISO weeks below, cut to the range', () => {
		const range = { start: '2026-03-01', end: '2026-04-30' };
		const { top, bottom } = header(range, 'month', 1);
		expect(top.map((t) => t.key)).toEqual(['2026-03', '2026-04']);
		expect(top[1].x).toBe(31 * DAY_WIDTH.month);
		expect(top[1].width).toBe(30 * DAY_WIDTH.month);
		// 1 March 2026 is a Sunday: the first week is cut to one day.
		expect(bottom[0]).toMatchObject({ key: '2026-W09', start: '2026-03-01', end: '2026-03-01', width: DAY_WIDTH.month });
		expect(bottom[1]).toMatchObject({ key: '2026-W10', start: '2026-03-02', end: '2026-03-08' });
		expect(bottom.at(-1)).toMatchObject({ key: '2026-W18', start: '2026-04-27', end: '2026-04-30' });
	});

	it('ISO week numbers across a year end (29 Dec 2025 is week 1 of 2026)', () => {
		const weeks = ticks('week', { start: '2025-12-22', end: '2026-01-11' }, 'week', 1);
		expect(weeks.map((t) => t.key)).toEqual(['2025-W52', '2026-W01', '2026-W02']);
	});

	it('Sunday-first weeks carry the number of the Monday inside them', () => {
		const weeks = ticks('week', { start: '2026-03-29', end: '2026-04-11' }, 'week', 7);
		expect(weeks.map((t) => [t.key, t.start, t.end])).toEqual([
			['2026-W14', '2026-03-29', '2026-04-04'],
			['2026-W15', '2026-04-05', '2026-04-11']
		]);
	});

	it('quarter zoom: quarters above, months below', () => {
		const { top, bottom } = header({ start: '2026-01-01', end: '2026-06-30' }, 'quarter', 1);
		expect(top.map((t) => t.key)).toEqual(['2026-Q1', '2026-Q2']);
		expect(bottom.map((t) => t.key)).toEqual(['2026-01', '2026-02', '2026-03', '2026-04', '2026-05', '2026-06']);
	});

	it('week zoom: weeks above, days below; weekends shaded', () => {
		const range = { start: '2026-03-30', end: '2026-04-12' };
		const { top, bottom } = header(range, 'week', 1);
		expect(top.map((t) => t.key)).toEqual(['2026-W14', '2026-W15']);
		expect(bottom).toHaveLength(14);
		expect(weekends(range, 'week').map((w) => w.day)).toEqual(['2026-04-04', '2026-04-05', '2026-04-11', '2026-04-12']);
		expect(weekends(range, 'month')).toEqual([]);
	});

	it('boundaries: week lines, stronger where a month starts (quarters at quarter zoom)', () => {
		const lines = boundaries({ start: '2026-03-23', end: '2026-04-19' }, 'month', 1);
		expect(lines.map((l) => [l.day, l.major])).toEqual([
			['2026-03-30', false],
			['2026-04-01', true],
			['2026-04-06', false],
			['2026-04-13', false]
		]);
		const quarter = boundaries({ start: '2026-01-01', end: '2026-06-30' }, 'quarter', 1);
		expect(quarter.filter((l) => l.major).map((l) => l.day)).toEqual(['2026-04-01']);
		expect(quarter.map((l) => l.day)).toEqual(['2026-02-01', '2026-03-01', '2026-04-01', '2026-05-01', '2026-06-01']);
	});
});

describe('bars', () => {
	const range = { start: '2026-04-01', end: '2026-06-30' };

	it('own dates', () => {
		expect(barFor(item({ start: '2026-04-03', due: '2026-04-05' }), range, 'month')).toEqual({
			start: '2026-04-03',
			end: '2026-04-05',
			x: 2 * DAY_WIDTH.month,
			width: 3 * DAY_WIDTH.month,
			fromPeriod: false
		});
	});

	it('only a period: the period’s days, drawn as "from its period"', () => {
		expect(barFor(item({ period: '2026-05' }), range, 'month')).toMatchObject({ start: '2026-05-01', end: '2026-05-31', fromPeriod: true });
		expect(barFor(item({ period: '2026-W15' }), range, 'month')).toMatchObject({ start: '2026-04-06', end: '2026-04-12', fromPeriod: true });
	});

	it('a due day only: a one-day bar of its own', () => {
		expect(barFor(item({ due: '2026-04-10' }), range, 'week')).toMatchObject({ start: '2026-04-10', end: '2026-04-10', fromPeriod: false, width: DAY_WIDTH.week });
	});

	it('nothing: not scheduled', () => {
		expect(barFor(item({}), range, 'month')).toBeNull();
		expect(isScheduled(item({}))).toBe(false);
		expect(isScheduled(item({ period: '2026-Q2' }))).toBe(true);
	});
});

describe('rows', () => {
	function board() {
		const doc = new Y.Doc();
		const health = createArea(doc, { name: '公共卫生' });
		const clinic = createArea(doc, { name: '临床诊疗' });
		const old = createArea(doc, { name: '旧板块' });
		const target = createItem(doc, { title: 'Q2 target', areaId: health, period: '2026-Q2', ownerId: 'u-zhang' });
		createItem(doc, { title: 'May stage', areaId: health, parentId: target, start: '2026-05-01', due: '2026-05-31', ownerId: 'u-li' });
		createItem(doc, { title: 'April stage', areaId: health, parentId: target, start: '2026-04-01', due: '2026-04-30', ownerId: 'u-li' });
		createItem(doc, { title: 'early', areaId: health, start: '2026-03-01', due: '2026-03-05' });
		createItem(doc, { title: 'clinic', areaId: clinic, start: '2026-04-01', due: '2026-04-02', ownerId: 'u-gone' });
		createItem(doc, { title: 'loose', start: '2026-04-01', due: '2026-04-02', ownerId: 'u-zhang' });
		createItem(doc, { title: 'archived', areaId: old, due: '2026-04-09' });
		createItem(doc, { title: 'unscheduled', areaId: health });
		updateArea(doc, old, { archived: true });
		return { doc, health, clinic, old, target };
	}
	const people = [
		{ userId: 'u-zhang', name: 'Zhang Wei', color: '#123456' },
		{ userId: 'u-li', name: 'Li Na', color: '#654321' }
	];
	const options = (grouping: 'area' | 'owner', doc: Y.Doc) => ({
		grouping,
		areas: listAreas(doc),
		people,
		labels,
		range: { start: '2026-01-01', end: '2026-12-31' },
		zoom: 'month' as const
	});
	const shape = (rows: ReturnType<typeof buildRows>) =>
		rows.map((row) => (row.kind === 'group' ? `# ${row.name} (${row.count})` : `${'  '.repeat(row.depth)}${row.item.title}`));

	it('by area: areas in board order, stray items, "no area" last; stages under their target by date', () => {
		const { doc } = board();
		const rows = buildRows(allItems(doc), options('area', doc));
		expect(shape(rows)).toEqual([
			'# 公共卫生 (4)',
			'early',
			'Q2 target',
			'  April stage',
			'  May stage',
			'# 临床诊疗 (1)',
			'clinic',
			'# Archived area (1)',
			'archived',
			'# No area (1)',
			'loose'
		]);
		const target = rows.find((row) => row.kind === 'item' && row.item.title === 'Q2 target') as ItemRow;
		expect(target.hasChildren).toBe(true);
		expect(target.bar?.fromPeriod).toBe(true);
	});

	it('by owner: people by name, former members, "no owner" last; a stage of someone else’s target stands alone', () => {
		const { doc } = board();
		const rows = buildRows(allItems(doc), options('owner', doc));
		expect(shape(rows)).toEqual([
			'# Li Na (2)',
			'April stage',
			'May stage',
			'# Zhang Wei (2)',
			'loose',
			'Q2 target',
			'# Former member (1)',
			'clinic',
			'# No owner (2)',
			'early',
			'archived'
		]);
		expect(rows.filter((row) => row.kind === 'group').at(-1)).toMatchObject({ key: NONE, color: null });
	});

	it('an unscheduled target stays as the head of its scheduled stages, with no bar', () => {
		const doc = new Y.Doc();
		const parent = createItem(doc, { title: 'parent' });
		createItem(doc, { title: 'child', parentId: parent, start: '2026-04-01', due: '2026-04-03' });
		createItem(doc, { title: 'alone' });
		expect(rowItems(allItems(doc)).map((i) => i.title).sort()).toEqual(['child', 'parent']);
		const rows = buildRows(allItems(doc), options('area', doc));
		expect(shape(rows)).toEqual(['# No area (2)', 'parent', '  child']);
		expect((rows[1] as ItemRow).bar).toBeNull();
	});

	it('folded groups keep their heading and hide their items', () => {
		const { doc, clinic } = board();
		const rows = buildRows(allItems(doc), options('area', doc));
		const folded = foldGroups(rows, new Set([rows[0].key]));
		expect(shape(folded).slice(0, 3)).toEqual(['# 公共卫生 (4)', '# 临床诊疗 (1)', 'clinic']);
		expect(foldGroups(rows, new Set())).toBe(rows);
		expect(foldGroups(rows, new Set([clinic])).length).toBe(rows.length - 1);
	});

	it('a parent loop still gives every item one row', () => {
		const a = item({ id: 'a', title: 'a', parentId: 'b', start: '2026-04-01', due: '2026-04-02' });
		const b = item({ id: 'b', title: 'b', parentId: 'a', start: '2026-04-03', due: '2026-04-04' });
		const rows = buildRows([a, b], options('area', new Y.Doc()));
		expect(rows.filter((row) => row.kind === 'item')).toHaveLength(2);
	});
});

describe('dragging', () => {
	const range = { start: '2026-04-06', end: '2026-04-12' };

	it('turns pixels into whole days at the zoom', () => {
		expect(dragDays(DAY_WIDTH.week * 7, 'week')).toBe(7);
		expect(dragDays(DAY_WIDTH.month * 2.6, 'month')).toBe(3);
		expect(dragDays(-DAY_WIDTH.quarter * 0.4, 'quarter')).toBe(0);
		expect(Object.is(dragDays(-1, 'week'), -0)).toBe(false);
	});

	it('a move keeps the length', () => {
		expect(dragRange(range, 'move', 7)).toEqual({ start: '2026-04-13', end: '2026-04-19' });
		expect(dragRange(range, 'move', -30)).toEqual({ start: '2026-03-07', end: '2026-03-13' });
		expect(dragRange(range, 'move', 0)).toBe(range);
	});

	it('a handle changes one date and never passes the other', () => {
		expect(dragRange(range, 'start', -3)).toEqual({ start: '2026-04-03', end: '2026-04-12' });
		expect(dragRange(range, 'start', 20)).toEqual({ start: '2026-04-12', end: '2026-04-12' });
		expect(dragRange(range, 'end', 2)).toEqual({ start: '2026-04-06', end: '2026-04-14' });
		expect(dragRange(range, 'end', -20)).toEqual({ start: '2026-04-06', end: '2026-04-06' });
	});

	it('keyboard: arrows move by a day, Shift by a week, Alt moves the due date', () => {
		expect(keyboardDrag({ key: 'ArrowRight', shiftKey: false, altKey: false })).toEqual({ mode: 'move', days: 1 });
		expect(keyboardDrag({ key: 'ArrowLeft', shiftKey: true, altKey: false })).toEqual({ mode: 'move', days: -7 });
		expect(keyboardDrag({ key: 'ArrowRight', shiftKey: false, altKey: true })).toEqual({ mode: 'end', days: 1 });
		expect(keyboardDrag({ key: 'Enter', shiftKey: false, altKey: false })).toBeNull();
	});

	it('scheduling an item gives it a week from today', () => {
		expect(defaultSchedule('2026-04-30')).toEqual({ start: '2026-04-30', due: '2026-05-06' });
	});
});
