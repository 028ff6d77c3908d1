/** The words for each horizon (week, month, quarter, year), in the person's language: one list for every view. */
import type { Horizon } from '$lib/board';
import { m } from '$lib/paraglide/messages';

const LABELS: Record<Horizon, () => string> = {
	week: m.plan_horizon_week,
	month: m.plan_horizon_month,
	quarter: m.plan_horizon_quarter,
	year: m.plan_horizon_year
};

export function horizonLabel(horizon: Horizon): string {
	return LABELS[horizon]();
}
