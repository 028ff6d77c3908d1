import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { columns, createArea, createItem, listAreas, NONE, updateArea } from '../../../src/lib/board/index';
import { buildLanes, parseLaneMode, writeLaneMode } from '../../../src/lib/client/kanban-lanes';

const labels = { noArea: 'No area', noOwner: 'No owner', archivedArea: 'Archived area', formerOwner: 'Former member' };
const people = [
	{ userId: 'u-zhang', name: 'Zhang Wei', color: '#123456' },
	{ userId: 'u-li', name: 'Li Na', color: '#654321' }
];

function board() {
	const doc = new Y.Doc();
	const health = createArea(doc, { name: '公共卫生' });
	const clinic = createArea(doc, { name: '临床诊疗' });
	const old = createArea(doc, { name: '旧板块' });
	createItem(doc, { title: 'h1', areaId: health, ownerId: 'u-li', status: 'planned' });
	createItem(doc, { title: 'h2', areaId: health, status: 'done' });
	createItem(doc, { title: 'o1', areaId: old, ownerId: 'u-gone', status: 'blank' });
	createItem(doc, { title: 'n1', status: 'planned', ownerId: 'u-zhang' });
	updateArea(doc, old, { archived: true });
	return { doc, health, clinic, old };
}

const names = (items: { title: string }[]) => items.map((i) => i.title);

describe('swimlanes', () => {
	it('by area: areas in order, "no area", then items of an archived area', () => {
		const { doc, health, clinic, old } = board();
		const rows = buildLanes('area', columns(doc), { areas: listAreas(doc), people, labels, keepEmpty: true });
		expect(rows.map((r) => r.lane.key)).toEqual([health, clinic, NONE, old]);
		expect(rows.map((r) => r.count)).toEqual([2, 0, 1, 1]);
		expect(names(rows[0].columns.planned)).toEqual(['h1']);
		expect(names(rows[0].columns.done)).toEqual(['h2']);
		expect(rows[2].lane).toMatchObject({ name: 'No area', unset: true, patch: { areaId: null } });
		expect(rows[3].lane).toMatchObject({ name: 'Archived area', patch: { areaId: old } });
		expect(rows[1].lane.patch).toEqual({ areaId: clinic });
	});

	it('by owner: people by name, "no owner", then former members; empty lanes only when asked', () => {
		const { doc } = board();
		const all = buildLanes('owner', columns(doc), { areas: [], people, labels, keepEmpty: true });
		expect(all.map((r) => r.lane.name)).toEqual(['Li Na', 'Zhang Wei', 'No owner', 'Former member']);
		expect(all.map((r) => r.count)).toEqual([1, 1, 1, 1]);
		expect(all[0].lane.patch).toEqual({ ownerId: 'u-li' });
		expect(all[2].lane).toMatchObject({ unset: true, patch: { ownerId: null } });
		const onlyPlanned = { ...columns(doc), blank: [], done: [] };
		const some = buildLanes('owner', onlyPlanned, { areas: [], people, labels, keepEmpty: false });
		expect(some.map((r) => r.lane.name)).toEqual(['Li Na', 'Zhang Wei']);
	});

	it('the lane choice lives in the address beside the filters', () => {
		expect(parseLaneMode(new URLSearchParams('lanes=owner&q=x'))).toBe('owner');
		expect(parseLaneMode(new URLSearchParams('lanes=colour'))).toBe('none');
		expect(parseLaneMode(new URLSearchParams(''))).toBe('none');
		expect(writeLaneMode('area', new URLSearchParams('q=x')).toString()).toBe('q=x&lanes=area');
		expect(writeLaneMode('none', new URLSearchParams('lanes=area&q=x')).toString()).toBe('q=x');
	});
});
