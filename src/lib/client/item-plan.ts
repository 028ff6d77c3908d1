/**
 * What the item panel offers when a lead plans an item, worked out from plain items so it
 * can be tested without a browser: the periods to pick for a horizon, the dates check, and
 * which items may become this one's parent or a related item.
 */
import { addDaysTo, childrenOf, daysBetween, periodOf, periodRange, periodsIn, type DateRange, type Horizon, type Item } from '../board';

export interface PeriodChoice extends DateRange {
	period: string;
}

/** How far ahead of today the period list reaches when the board has no campaign dates. */
const AHEAD_DAYS: Record<Horizon, number> = { week: 7 * 12, month: 365, quarter: 365 * 1.5, year: 365 * 3 };
/** …and how far back. */
const BEHIND_DAYS: Record<Horizon, number> = { week: 7 * 4, month: 90, quarter: 180, year: 365 };

/**
 * The periods of `horizon` a person would pick from: the campaign's (start to end) when the
 * board has them, else a window around today; the item's current period is always offered.
 */
export function periodChoices(horizon: Horizon, options: { today: string; campaign?: Partial<DateRange> | null; current?: string | null }): PeriodChoice[] {
	const { today, campaign, current } = options;
	const range =
		campaign?.start && campaign.end && daysBetween(campaign.start, campaign.end) >= 0
			? { start: campaign.start, end: campaign.end }
			: { start: addDaysTo(today, -BEHIND_DAYS[horizon]), end: addDaysTo(today, Math.round(AHEAD_DAYS[horizon])) };
	const choices = periodsIn(horizon, range);
	const currentRange = current ? periodRange(current) : null;
	if (current && currentRange && !choices.some((choice) => choice.period === current)) {
		choices.push({ period: current, ...currentRange });
		choices.sort((a, b) => a.start.localeCompare(b.start));
	}
	return choices;
}

/** The period a horizon change should land on: the one holding the item's due date, else its start, else today. */
export function periodForHorizon(horizon: Horizon, item: Pick<Item, 'start' | 'due'>, today: string): string {
	return periodOf(horizon, item.due ?? item.start ?? today);
}

export type DatesProblem = 'start_after_due';

/** Start and due as typed ('' = none): null when they fit together. */
export function checkDates(start: string | null, due: string | null): DatesProblem | null {
	if (start && due && daysBetween(start, due) < 0) return 'start_after_due';
	return null;
}

/** Every stage below `id`, however deep. */
export function descendantsOf(items: readonly Item[], id: string): Set<string> {
	const found = new Set<string>();
	const queue = [id];
	while (queue.length) {
		const at = queue.pop()!;
		for (const child of items) {
			if (child.parentId === at && !found.has(child.id) && child.id !== id) {
				found.add(child.id);
				queue.push(child.id);
			}
		}
	}
	return found;
}

const byNumber = (a: Item, b: Item) => (a.number ?? Infinity) - (b.number ?? Infinity) || a.title.localeCompare(b.title);

/** Items that may become `item`'s parent: live, not itself, not one of its own stages (no cycles). */
export function parentChoices(items: readonly Item[], item: Pick<Item, 'id'>): Item[] {
	const below = descendantsOf(items, item.id);
	return items.filter((other) => !other.deletedAt && other.id !== item.id && !below.has(other.id)).sort(byNumber);
}

/** Items that may be linked to `item`: live, not itself, not linked already. */
export function linkChoices(items: readonly Item[], item: Pick<Item, 'id' | 'links'>): Item[] {
	const linked = new Set(item.links);
	return items.filter((other) => !other.deletedAt && other.id !== item.id && !linked.has(other.id)).sort(byNumber);
}

/** The item's stages (children) in board order, with how many are done. */
export function stagesOf(items: readonly Item[], id: string): { stages: Item[]; done: number } {
	const stages = childrenOf(items, id);
	return { stages, done: stages.filter((stage) => stage.status === 'done').length };
}
