/**
 * What an edit in a table cell becomes: who may edit which cell, and the typed value turned
 * into an item patch, or refused with a reason the page words (an empty title, a period that
 * is not one or not of the item's horizon, a start after the due day). Pure and tested.
 */
import { horizonOf, isDay, isHorizon, isPeriod, isStatus, periodOf, periodRange, type Horizon, type Item, type ItemPatch, type Status } from '../board';
import { columnDef, type ColumnId } from './table-columns';

export type EditError = 'title_empty' | 'period_invalid' | 'period_horizon' | 'date_invalid' | 'start_after_due';

/** A patch to write, a refusal, or nothing to do (the value did not change). */
export type EditOutcome = { patch: ItemPatch } | { error: EditError } | null;

/** A cell's edit: a field patch, a status move (its own path: members report it), or nothing. */
export type CellOutcome = EditOutcome | { status: Status };

export interface TableAccess {
	/** Leads write the document: every editable cell. */
	canEdit: boolean;
	/** Leads, and members on the items they are responsible for (status and blocked only). */
	canMove: (item: Pick<Item, 'ownerId'>) => boolean;
}

/** May this person edit this cell of this item? */
export function canEditCell(column: ColumnId, item: Item, access: TableAccess): boolean {
	if (item.deletedAt) return false;
	const { kind } = columnDef(column);
	if (kind === 'open' || kind === 'read') return false;
	if (column === 'status' || column === 'blocked') return access.canMove(item);
	return access.canEdit;
}

export function editTitle(item: Item, raw: string): EditOutcome {
	const title = raw.trim();
	if (!title) return { error: 'title_empty' };
	return title === item.title ? null : { patch: { title } };
}

/** What people type for a period, made canonical: `2026w14` → `2026-W14`, `2026q2` → `2026-Q2`. */
export function normalisePeriod(raw: string): string {
	return raw
		.trim()
		.toUpperCase()
		.replace(/^(\d{4})\s*-?\s*([WQ])/, '$1-$2');
}

/**
 * A period must be a real one and of the item's horizon (a monthly target is scheduled in a
 * month). An item without a horizon takes the period's. Empty clears the period.
 */
export function editPeriod(item: Item, raw: string): EditOutcome {
	const value = normalisePeriod(raw);
	if (!value) return item.period === null ? null : { patch: { period: null } };
	if (!isPeriod(value)) return { error: 'period_invalid' };
	const horizon = horizonOf(value);
	if (item.horizon && horizon !== item.horizon) return { error: 'period_horizon' };
	if (value === item.period && item.horizon) return null;
	return { patch: item.horizon ? { period: value } : { period: value, horizon } };
}

/**
 * A new horizon carries the period along to the one of the new horizon that starts it
 * (2026-04 as a quarterly target is 2026-Q2), so the pair stays consistent. No horizon, no period.
 */
export function editHorizon(item: Item, horizon: Horizon | null): EditOutcome {
	if (horizon === item.horizon) return null;
	if (!horizon) return { patch: { horizon: null, period: null } };
	const range = item.period ? periodRange(item.period) : null;
	return { patch: { horizon, period: range ? periodOf(horizon, range.start) : item.period } };
}

/** Start and due are days (`YYYY-MM-DD`); empty clears; a start after the due day is refused. */
export function editDate(item: Item, field: 'start' | 'due', raw: string): EditOutcome {
	const value = raw.trim() || null;
	if (value !== null && !isDay(value)) return { error: 'date_invalid' };
	if (value === item[field]) return null;
	const start = field === 'start' ? value : item.start;
	const due = field === 'due' ? value : item.due;
	if (start && due && start > due) return { error: 'start_after_due' };
	return { patch: { [field]: value } };
}

/** Area or owner picked from a list; '' stands for none. */
export function editChoice(item: Item, field: 'areaId' | 'ownerId', raw: string): EditOutcome {
	const value = raw || null;
	return value === item[field] ? null : { patch: { [field]: value } };
}

/** What typing `value` into `column` of `item` asks for (the editor's value: text, a day, an id or ''). */
export function planEdit(item: Item, column: ColumnId, value: string): CellOutcome {
	switch (column) {
		case 'title':
			return editTitle(item, value);
		case 'period':
			return editPeriod(item, value);
		case 'start':
		case 'due':
			return editDate(item, column, value);
		case 'horizon':
			return editHorizon(item, isHorizon(value) ? value : null);
		case 'area':
			return editChoice(item, 'areaId', value);
		case 'owner':
			return editChoice(item, 'ownerId', value);
		case 'status':
			return isStatus(value) && value !== item.status ? { status: value } : null;
		default:
			return null;
	}
}
