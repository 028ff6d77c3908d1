/** The four classes every item of a campaign is sorted into (DESIGN.md §1), in board order. */
export const STATUSES = ['blank', 'planned', 'strengthen', 'done'] as const;
export type Status = (typeof STATUSES)[number];

export function isStatus(value: unknown): value is Status {
	return typeof value === 'string' && (STATUSES as readonly string[]).includes(value);
}

export const HORIZONS = ['week', 'month', 'quarter', 'year'] as const;
export type Horizon = (typeof HORIZONS)[number];

export function isHorizon(value: unknown): value is Horizon {
	return typeof value === 'string' && (HORIZONS as readonly string[]).includes(value);
}
