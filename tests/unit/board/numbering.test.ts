import { describe, expect, it } from 'vitest';
import { formatItemNumber, isValidPrefix } from '../../../src/lib/board/index';
import { prefixFromTitle } from '../../../server/boards/service';

describe('numbering', () => {
	it('formats PREFIX-NNN with at least three digits', () => {
		expect(formatItemNumber('WS', 7)).toBe('WS-007');
		expect(formatItemNumber('WS', 1234)).toBe('WS-1234');
		expect(formatItemNumber('WS', null)).toBe('…');
	});

	it('accepts short upper-case prefixes only', () => {
		expect(isValidPrefix('PB')).toBe(true);
		expect(isValidPrefix('Q2026')).toBe(true);
		expect(isValidPrefix('pb')).toBe(false);
		expect(isValidPrefix('2PB')).toBe(false);
		expect(isValidPrefix('TOOLONGPREFIX')).toBe(false);
	});

	it('derives a prefix from Latin words of the title, else the default', () => {
		expect(prefixFromTitle('Health Centre Management Year')).toBe('HCMY');
		expect(prefixFromTitle('2026 卫生院管理年活动')).toBe('PB');
	});
});
