/** Item numbers: `PREFIX-NNN`, the number assigned by the server from a counter in libSQL. */

export const DEFAULT_PREFIX = 'PB';

export function formatItemNumber(prefix: string, number: number | null): string {
	if (number === null) return '…';
	return `${prefix}-${String(number).padStart(3, '0')}`;
}

/** Prefixes are short upper-case tags so that numbers stay readable when printed. */
export function isValidPrefix(prefix: string): boolean {
	return /^[A-Z][A-Z0-9]{0,7}$/.test(prefix);
}
