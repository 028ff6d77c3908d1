/**
 * Periods: the ISO key of a target's horizon — `2026-W14` (ISO week, Monday first, so the
 * last days of December can belong to week 1 of the next year), `2026-04`, `2026-Q2`,
 * `2026` — and the calendar dates they cover. Dates are plain `YYYY-MM-DD` strings (a day
 * in the board's timezone); date maths is date-fns on local dates, so no timezone shifts in.
 */
import {
	addDays,
	addMonths,
	addQuarters,
	addWeeks,
	addYears,
	endOfISOWeek,
	endOfMonth,
	endOfQuarter,
	endOfYear,
	format,
	getISOWeek,
	getISOWeekYear,
	getQuarter,
	setISOWeek,
	startOfISOWeek,
	startOfMonth,
	startOfQuarter,
	startOfYear
} from 'date-fns';
import { HORIZONS, type Horizon } from './status';

/** An inclusive range of days. */
export interface DateRange {
	start: string;
	end: string;
}

const PATTERNS: Record<Horizon, RegExp> = {
	week: /^(\d{4})-W(\d{2})$/,
	month: /^(\d{4})-(\d{2})$/,
	quarter: /^(\d{4})-Q([1-4])$/,
	year: /^(\d{4})$/
};

const DAY_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * A `YYYY-MM-DD` day as a local Date (midnight), or null when it is not a real day.
 * By hand rather than date-fns' `parse`: boards read thousands of these (the kanban's
 * overdue marks, the item panel's periods) and `parse` costs tens of microseconds each.
 */
export function parseDay(day: string | null | undefined): Date | null {
	const match = day ? DAY_PATTERN.exec(day) : null;
	if (!match) return null;
	const [year, month, date] = [Number(match[1]), Number(match[2]) - 1, Number(match[3])];
	// There is no year 0 (date-fns' `yyyy` refuses it too).
	if (year < 1) return null;
	const result = new Date(2000, 0, 1);
	// setFullYear keeps years below 100 as they are (the Date constructor would add 1900).
	result.setFullYear(year, month, date);
	return result.getFullYear() === year && result.getMonth() === month && result.getDate() === date ? result : null;
}

export function isDay(value: unknown): value is string {
	return typeof value === 'string' && parseDay(value) !== null;
}

export function formatDay(date: Date): string {
	if (Number.isNaN(date.getTime())) throw new RangeError('Invalid time value');
	const pad = (value: number, width: number) => String(value).padStart(width, '0');
	return `${pad(date.getFullYear(), 4)}-${pad(date.getMonth() + 1, 2)}-${pad(date.getDate(), 2)}`;
}

export function addDaysTo(day: string, days: number): string {
	const date = parseDay(day);
	if (!date) throw new Error(`Not a day: ${day}`);
	return formatDay(addDays(date, days));
}

const dateTimeFormats = new Map<string, Intl.DateTimeFormat>();

/**
 * An Intl.DateTimeFormat, one per locale and options: making one costs milliseconds (ICU
 * data), using one microseconds, and a board formats dates by the thousand. Throws as the
 * constructor does (an unknown time zone).
 */
export function dateTimeFormat(locale: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
	const key = `${locale} ${JSON.stringify(options)}`;
	let format = dateTimeFormats.get(key);
	if (!format) dateTimeFormats.set(key, (format = new Intl.DateTimeFormat(locale, options)));
	return format;
}

/** Today's date where the board is (its timezone), e.g. `Asia/Shanghai`. */
export function todayIn(timezone: string, now: Date = new Date()): string {
	try {
		// en-CA formats as YYYY-MM-DD.
		return dateTimeFormat('en-CA', { timeZone: timezone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
	} catch {
		return formatDay(now);
	}
}

/** The horizon a period key belongs to, or null when it is not a period key. */
export function horizonOf(period: string | null | undefined): Horizon | null {
	if (!period) return null;
	for (const horizon of HORIZONS) if (PATTERNS[horizon].test(period) && periodRange(period)) return horizon;
	return null;
}

export function isPeriod(value: unknown): value is string {
	return typeof value === 'string' && horizonOf(value) !== null;
}

/** The period of `horizon` that contains `day`. */
export function periodOf(horizon: Horizon, day: string | Date): string {
	const date = typeof day === 'string' ? parseDay(day) : day;
	if (!date) throw new Error(`Not a day: ${String(day)}`);
	switch (horizon) {
		case 'week':
			return `${getISOWeekYear(date)}-W${String(getISOWeek(date)).padStart(2, '0')}`;
		case 'month':
			return format(date, 'yyyy-MM');
		case 'quarter':
			return `${date.getFullYear()}-Q${getQuarter(date)}`;
		case 'year':
			return String(date.getFullYear());
	}
}

/** Ranges by period key: a board has a few dozen distinct periods and asks for them thousands of times. */
const ranges = new Map<string, DateRange | null>();
const RANGES_KEPT = 2000;

/** The first and last day of a period, or null for a key that is not one (e.g. `2026-W54`). */
export function periodRange(period: string): DateRange | null {
	let range = ranges.get(period);
	if (range === undefined) {
		if (ranges.size >= RANGES_KEPT) ranges.clear();
		range = computePeriodRange(period);
		ranges.set(period, range);
	}
	// A copy: callers may keep or change what they get.
	return range && { ...range };
}

function computePeriodRange(period: string): DateRange | null {
	let match: RegExpMatchArray | null;
	let start: Date;
	let end: Date;
	if ((match = period.match(PATTERNS.week))) {
		const [year, week] = [Number(match[1]), Number(match[2])];
		// 4 January is always in ISO week 1.
		start = startOfISOWeek(setISOWeek(new Date(year, 0, 4), week));
		if (week < 1 || getISOWeekYear(start) !== year || getISOWeek(start) !== week) return null;
		end = endOfISOWeek(start);
	} else if ((match = period.match(PATTERNS.month))) {
		const month = Number(match[2]);
		if (month < 1 || month > 12) return null;
		start = new Date(Number(match[1]), month - 1, 1);
		end = endOfMonth(start);
	} else if ((match = period.match(PATTERNS.quarter))) {
		start = new Date(Number(match[1]), (Number(match[2]) - 1) * 3, 1);
		end = endOfQuarter(start);
	} else if ((match = period.match(PATTERNS.year))) {
		start = new Date(Number(match[1]), 0, 1);
		end = endOfYear(start);
	} else return null;
	return { start: formatDay(start), end: formatDay(end) };
}

/** The period `steps` after (or before, when negative) `period`. */
export function shiftPeriod(period: string, steps: number): string {
	const horizon = horizonOf(period);
	const range = periodRange(period);
	if (!horizon || !range) throw new Error(`Not a period: ${period}`);
	const start = parseDay(range.start)!;
	const add = { week: addWeeks, month: addMonths, quarter: addQuarters, year: addYears }[horizon];
	return periodOf(horizon, add(start, steps));
}

/** The first day of each period of `horizon` that overlaps `range`, in order (timeline grid lines). */
export function periodsIn(horizon: Horizon, range: DateRange): Array<{ period: string } & DateRange> {
	const out: Array<{ period: string } & DateRange> = [];
	const last = parseDay(range.end);
	let period = periodOf(horizon, range.start);
	for (let guard = 0; guard < 2000; guard++) {
		const r = periodRange(period)!;
		if (!last || parseDay(r.start)! > last) break;
		out.push({ period, ...r });
		period = shiftPeriod(period, 1);
	}
	return out;
}

/** The first day of the period of `horizon` containing `day` (for snapping dates). */
export function startOfPeriod(horizon: Horizon, day: string): string {
	const date = parseDay(day);
	if (!date) throw new Error(`Not a day: ${day}`);
	const start = { week: startOfISOWeek, month: startOfMonth, quarter: startOfQuarter, year: startOfYear }[horizon](date);
	return formatDay(start);
}

/** The days an item occupies: its own dates, else its period's, else null (unscheduled). */
export function itemRange(item: { start: string | null; due: string | null; period: string | null }): DateRange | null {
	const fromPeriod = item.period ? periodRange(item.period) : null;
	const start = item.start ?? fromPeriod?.start ?? item.due;
	const end = item.due ?? fromPeriod?.end ?? item.start;
	if (!start || !end) return null;
	return start <= end ? { start, end } : { start: end, end: start };
}

/** An item is overdue when its due day (or its period's last day) has passed and it is not done. */
export function isOverdue(item: { status: string; due: string | null; period: string | null; deletedAt?: string | null }, today: string): boolean {
	if (item.status === 'done' || item.deletedAt) return false;
	const due = item.due ?? (item.period ? periodRange(item.period)?.end : null);
	return !!due && due < today;
}

/** Whole days from `a` to `b` (negative when b is before a). */
export function daysBetween(a: string, b: string): number {
	const from = parseDay(a);
	const to = parseDay(b);
	if (!from || !to) throw new Error(`Not days: ${a}, ${b}`);
	return Math.round((Date.UTC(to.getFullYear(), to.getMonth(), to.getDate()) - Date.UTC(from.getFullYear(), from.getMonth(), from.getDate())) / 86_400_000);
}
