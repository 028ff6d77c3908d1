/**
 * Swimlanes of the kanban: the board's items split into rows by area or by owner, each row
 * with the four status columns. A lane knows the field values it stands for, so a card
 * dropped (or added) into it takes them. Pure: labels come in from the caller.
 */
import { NONE, STATUSES, type Area, type Item, type ItemPatch, type Status } from '../board';

export const LANE_MODES = ['none', 'area', 'owner'] as const;
export type LaneMode = (typeof LANE_MODES)[number];
/** The address parameter that keeps the lane choice (beside the filters). */
export const LANES_PARAM = 'lanes';

export interface Lane {
	/** Stable and unique among the lanes: the area or owner id, or NONE. */
	key: string;
	name: string;
	/** The area's colour or the person's; null for "no area" / "no owner". */
	color: string | null;
	/** What an item dropped into this lane gets. */
	patch: ItemPatch;
	/** "No area" / "no owner" lanes, flagged in the view. */
	unset: boolean;
}

export interface LaneRow {
	lane: Lane;
	columns: Record<Status, Item[]>;
	count: number;
}

export interface LanePerson {
	userId: string;
	name: string;
	color: string;
}

export interface LaneLabels {
	noArea: string;
	noOwner: string;
	archivedArea: string;
	formerOwner: string;
}

export function parseLaneMode(params: URLSearchParams): LaneMode {
	const value = params.get(LANES_PARAM);
	return (LANE_MODES as readonly string[]).includes(value ?? '') ? (value as LaneMode) : 'none';
}

/** Writes the lane choice into a copy of `params` ("none" leaves no trace). */
export function writeLaneMode(mode: LaneMode, params: URLSearchParams): URLSearchParams {
	const out = new URLSearchParams(params);
	if (mode === 'none') out.delete(LANES_PARAM);
	else out.set(LANES_PARAM, mode);
	return out;
}

function emptyColumns(): Record<Status, Item[]> {
	return Object.fromEntries(STATUSES.map((status) => [status, [] as Item[]])) as Record<Status, Item[]>;
}

/**
 * The lanes for `columns` (items per status, already filtered, in board order). Areas come
 * in board order and people by name; the "none" lane comes last, then lanes for items that
 * point at an archived area or someone no longer on the board. With `keepEmpty`, every
 * area or person gets a lane even without items (somewhere to drop a card).
 */
export function buildLanes(
	mode: Exclude<LaneMode, 'none'>,
	columns: Record<Status, readonly Item[]>,
	options: { areas: readonly Area[]; people: readonly LanePerson[]; labels: LaneLabels; keepEmpty: boolean }
): LaneRow[] {
	const field = mode === 'area' ? 'areaId' : 'ownerId';
	const lanes = new Map<string, Lane>();
	if (mode === 'area') {
		for (const area of options.areas) lanes.set(area.id, { key: area.id, name: area.name, color: area.color, patch: { areaId: area.id }, unset: false });
		lanes.set(NONE, { key: NONE, name: options.labels.noArea, color: null, patch: { areaId: null }, unset: true });
	} else {
		const people = [...options.people].sort((a, b) => a.name.localeCompare(b.name));
		for (const person of people) lanes.set(person.userId, { key: person.userId, name: person.name, color: person.color, patch: { ownerId: person.userId }, unset: false });
		lanes.set(NONE, { key: NONE, name: options.labels.noOwner, color: null, patch: { ownerId: null }, unset: true });
	}
	const rows = new Map<string, LaneRow>();
	const row = (key: string): LaneRow => {
		let found = rows.get(key);
		if (!found) {
			const lane = lanes.get(key) ?? {
				key,
				name: mode === 'area' ? options.labels.archivedArea : options.labels.formerOwner,
				color: null,
				patch: { [field]: key },
				unset: false
			};
			rows.set(key, (found = { lane, columns: emptyColumns(), count: 0 }));
		}
		return found;
	};
	for (const status of STATUSES) {
		for (const item of columns[status]) {
			const target = row(item[field] ?? NONE);
			target.columns[status].push(item);
			target.count++;
		}
	}
	const ordered: LaneRow[] = [];
	for (const key of lanes.keys()) {
		const found = rows.get(key);
		if (found) ordered.push(found);
		else if (options.keepEmpty) ordered.push(row(key));
	}
	for (const [key, found] of rows) if (!lanes.has(key)) ordered.push(found);
	return ordered;
}
