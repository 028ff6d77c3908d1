/** Small display helpers shared by components. */
import { dateTimeFormat } from '$lib/board';
import { getLocale } from '$lib/paraglide/runtime';

const CJK = /[\u3400-\u9fff\uf900-\ufaff]/;

/** Initials for an avatar: the given name of a Chinese name (张伟 → 张伟, 欧阳娜娜 → 娜娜), else first letters. */
export function initials(name: string): string {
	const trimmed = name.trim();
	if (!trimmed) return '?';
	if (CJK.test(trimmed)) return [...trimmed.replace(/\s+/g, '')].slice(-2).join('');
	const words = trimmed.split(/\s+/).filter(Boolean);
	const letters = words.length > 1 ? [words[0], words[words.length - 1]] : [words[0]];
	return letters
		.map((word) => [...word][0] ?? '')
		.join('')
		.toUpperCase()
		.slice(0, 2);
}

/** A date and time in the person's language and time zone (call in the browser). */
export function formatDateTime(iso: string | null | undefined): string {
	if (!iso) return '';
	const date = new Date(iso);
	if (Number.isNaN(date.getTime())) return '';
	return dateTimeFormat(getLocale(), { dateStyle: 'medium', timeStyle: 'short' }).format(date);
}

/** A calendar day (YYYY-MM-DD) as a short date in the person's language: "30 Mar 2026", "2026年3月30日". */
export function formatDayShort(day: string | null | undefined): string {
	const match = day?.match(/^(\d{4})-(\d{2})-(\d{2})$/);
	if (!match) return '';
	// Noon UTC: the same calendar day in every time zone.
	const date = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]), 12));
	return dateTimeFormat(getLocale(), { dateStyle: 'medium', timeZone: 'UTC' }).format(date);
}
