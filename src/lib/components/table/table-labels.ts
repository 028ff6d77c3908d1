/** The table's words in the person's language: column names, horizons, and refusals of an edit. */
import { periodOf, todayIn, type Horizon, type Item } from '$lib/board';
import type { ColumnId } from '$lib/client/table-columns';
import type { EditError } from '$lib/client/table-edits';
import { m } from '$lib/paraglide/messages';

const COLUMN_LABELS: Record<ColumnId, () => string> = {
	number: m.table_col_number,
	title: m.table_col_title,
	area: m.table_col_area,
	owner: m.table_col_owner,
	status: m.table_col_status,
	blocked: m.table_col_blocked,
	horizon: m.table_col_horizon,
	period: m.table_col_period,
	start: m.table_col_start,
	due: m.table_col_due,
	metric: m.table_col_metric,
	parent: m.table_col_parent
};

export function columnLabel(column: ColumnId): string {
	return COLUMN_LABELS[column]();
}

export function horizonLabel(horizon: Horizon): string {
	return { week: m.table_horizon_week, month: m.table_horizon_month, quarter: m.table_horizon_quarter, year: m.table_horizon_year }[horizon]();
}

/** Why an edit was refused, in a sentence; a period of the wrong kind gets an example of the right one. */
export function editErrorText(error: EditError, item: Item, timezone: string): string {
	switch (error) {
		case 'title_empty':
			return m.table_error_title_empty();
		case 'period_invalid':
			return m.table_error_period_invalid();
		case 'period_horizon': {
			const horizon = item.horizon ?? 'month';
			return m.table_error_period_horizon({ horizon: horizonLabel(horizon), example: periodOf(horizon, todayIn(timezone)) });
		}
		case 'date_invalid':
			return m.table_error_date_invalid();
		case 'start_after_due':
			return m.table_error_start_after_due();
	}
}
