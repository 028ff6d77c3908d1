/**
 * The timeline's words and dates in the person's language: header periods ("April 2026",
 * "W14 · 30 Mar", "Q2 2026"), bar descriptions for screen readers, group names.
 * Days are formatted at noon UTC so the calendar day never shifts with the time zone.
 */
import { getLocale } from '$lib/paraglide/runtime';
import { m } from '$lib/paraglide/messages';
import type { Tick, Zoom, Grouping } from './timeline-layout';

function utc(day: string): Date {
	const [y, mo, d] = day.split('-').map(Number);
	return new Date(Date.UTC(y, mo - 1, d, 12));
}

const formats = new Map<string, Intl.DateTimeFormat>();
function fmt(options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
	const key = `${getLocale()}|${JSON.stringify(options)}`;
	let format = formats.get(key);
	if (!format) {
		format = new Intl.DateTimeFormat(getLocale(), { ...options, timeZone: 'UTC' });
		formats.set(key, format);
	}
	return format;
}

/** "30 Mar" / "3月30日". */
export function shortDay(day: string): string {
	return fmt({ day: 'numeric', month: 'short' }).format(utc(day));
}

/** The shortest day a week cell has room for: "30 Mar" in English, "3/30" in Chinese. */
export function numericDay(day: string): string {
	return getLocale().startsWith('zh') ? fmt({ month: 'numeric', day: 'numeric' }).format(utc(day)) : shortDay(day);
}

/** "30 Mar 2026" / "2026年3月30日". */
export function fullDay(day: string): string {
	return fmt({ dateStyle: 'medium' }).format(utc(day));
}

function weekNumber(key: string): number {
	return Number(key.slice(key.indexOf('W') + 1));
}

/** What a header cell says; `wide` cells (the top row) say more. */
export function tickLabel(tick: Tick, wide: boolean): string {
	switch (tick.kind) {
		case 'day':
			return String(Number(tick.key.slice(8)));
		case 'week': {
			const week = m.timeline_week({ week: weekNumber(tick.key) });
			return wide ? `${week} · ${shortDay(tick.start)} – ${shortDay(tick.end)}` : `${week} ${numericDay(tick.start)}`;
		}
		case 'month':
			return fmt(wide ? { month: 'long', year: 'numeric' } : { month: 'short' }).format(utc(`${tick.key}-01`));
		case 'quarter':
			return m.timeline_quarter({ year: tick.key.slice(0, 4), quarter: tick.key.slice(-1) });
	}
}

/** A day cell's weekday letter ("M", "一"). */
export function weekdayLetter(day: string): string {
	return fmt({ weekday: 'narrow' }).format(utc(day));
}

/** The tooltip of a header cell: its whole span. */
export function tickTitle(tick: Tick): string {
	return tick.start === tick.end ? fullDay(tick.start) : `${fullDay(tick.start)} – ${fullDay(tick.end)}`;
}

export function zoomLabel(zoom: Zoom): string {
	return { week: m.timeline_zoom_week, month: m.timeline_zoom_month, quarter: m.timeline_zoom_quarter }[zoom]();
}

export function groupingLabel(grouping: Grouping): string {
	return { area: m.timeline_group_area, owner: m.timeline_group_owner }[grouping]();
}

export function groupLabels() {
	return {
		noArea: m.timeline_no_area(),
		noOwner: m.timeline_no_owner(),
		archivedArea: m.timeline_archived_area(),
		formerOwner: m.timeline_former_owner()
	};
}
