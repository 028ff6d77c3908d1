/**
 * Areas (工作板块): the parts a plan is split into — 公共卫生, 临床诊疗, 财务管理 … Each item
 * belongs to at most one. Areas are ordered by a fractional index like items, and are
 * archived rather than deleted, so items keep pointing at something.
 */
import * as Y from 'yjs';
import { compareOrder, keyBetween, spreadKeys } from './order';
import { areasMap } from './schema';

export interface Area {
	id: string;
	name: string;
	color: string;
	order: string;
	archived: boolean;
}

export const AREA_NAME_MAX = 60;

/** Calm, distinguishable colours (fine on white and under the status colours). */
export const AREA_COLORS = ['#2f6fdf', '#13915f', '#c2571a', '#8a4fd8', '#c23a6a', '#0f8a99', '#8a6d1d', '#5b6675'] as const;

function readArea(id: string, map: Y.Map<unknown>): Area {
	const text = (key: string) => {
		const value = map.get(key);
		return typeof value === 'string' ? value : '';
	};
	return { id, name: text('name'), color: text('color') || AREA_COLORS[0], order: text('order'), archived: map.get('archived') === true };
}

/** The areas in board order; archived ones only when asked. */
export function listAreas(doc: Y.Doc, { includeArchived = false } = {}): Area[] {
	const out: Area[] = [];
	areasMap(doc).forEach((map, id) => {
		const area = readArea(id, map);
		if (includeArchived || !area.archived) out.push(area);
	});
	return out.sort(compareOrder);
}

export function getArea(doc: Y.Doc, id: string): Area | null {
	const map = areasMap(doc).get(id);
	return map ? readArea(id, map) : null;
}

function cleanName(name: string): string {
	const trimmed = name.trim().slice(0, AREA_NAME_MAX);
	if (!trimmed) throw new Error('An area needs a name');
	return trimmed;
}

function cleanColor(color: string): string {
	if (!/^#[0-9a-fA-F]{6}$/.test(color)) throw new Error(`Not a colour: ${color}`);
	return color.toLowerCase();
}

/** Adds an area after the others; without a colour it takes the next unused one of the palette. */
export function createArea(doc: Y.Doc, input: { name: string; color?: string; id?: string }, origin: unknown = null): string {
	const id = input.id ?? crypto.randomUUID();
	const existing = listAreas(doc, { includeArchived: true });
	const used = new Set(existing.map((area) => area.color));
	const color = input.color ? cleanColor(input.color) : (AREA_COLORS.find((c) => !used.has(c)) ?? AREA_COLORS[existing.length % AREA_COLORS.length]);
	const name = cleanName(input.name);
	doc.transact(() => {
		const map = new Y.Map<unknown>();
		areasMap(doc).set(id, map);
		map.set('name', name);
		map.set('color', color);
		map.set('order', keyBetween(existing.at(-1)?.order ?? null, null) ?? spreadKeys(1)[0]);
		map.set('archived', false);
	}, origin);
	return id;
}

export function updateArea(doc: Y.Doc, id: string, patch: Partial<Pick<Area, 'name' | 'color' | 'archived'>>, origin: unknown = null): void {
	const map = areasMap(doc).get(id);
	if (!map) throw new Error(`No area ${id}`);
	const clean: Record<string, unknown> = {};
	if (patch.name !== undefined) clean.name = cleanName(patch.name);
	if (patch.color !== undefined) clean.color = cleanColor(patch.color);
	if (patch.archived !== undefined) clean.archived = patch.archived === true;
	doc.transact(() => {
		for (const [key, value] of Object.entries(clean)) map.set(key, value);
	}, origin);
}

/** Moves an area to position `index` among the others (archived ones included, as stored). */
export function moveArea(doc: Y.Doc, id: string, index: number, origin: unknown = null): void {
	const map = areasMap(doc).get(id);
	if (!map) throw new Error(`No area ${id}`);
	const others = listAreas(doc, { includeArchived: true }).filter((area) => area.id !== id);
	const at = Math.max(0, Math.min(index, others.length));
	const key = keyBetween(others[at - 1]?.order ?? null, others[at]?.order ?? null);
	doc.transact(() => {
		if (key !== null) return map.set('order', key);
		// Two areas share a key (moved at once by two people): spread them all again.
		const ordered = [...others.slice(0, at), { id }, ...others.slice(at)];
		spreadKeys(ordered.length).forEach((k, i) => areasMap(doc).get(ordered[i].id)?.set('order', k));
	}, origin);
}
