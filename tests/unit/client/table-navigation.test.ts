/** Keyboard movement in the table grid (ARIA grid pattern). */
import { describe, expect, it } from 'vitest';
import { clampPosition, isTypingKey, moveFocus } from '../../../src/lib/client/table-navigation';

const shape = { rows: 100, cols: 12, pageRows: 20 };

describe('moving the focused cell', () => {
	it('arrows move one cell and stop at the edges; up from the first row reaches the header', () => {
		expect(moveFocus({ row: 5, col: 3 }, 'ArrowDown', shape)).toEqual({ row: 6, col: 3 });
		expect(moveFocus({ row: 5, col: 3 }, 'ArrowRight', shape)).toEqual({ row: 5, col: 4 });
		expect(moveFocus({ row: 5, col: 0 }, 'ArrowLeft', shape)).toEqual({ row: 5, col: 0 });
		expect(moveFocus({ row: 99, col: 11 }, 'ArrowDown', shape)).toEqual({ row: 99, col: 11 });
		expect(moveFocus({ row: 99, col: 11 }, 'ArrowRight', shape)).toEqual({ row: 99, col: 11 });
		expect(moveFocus({ row: 0, col: 2 }, 'ArrowUp', shape)).toEqual({ row: -1, col: 2 });
		expect(moveFocus({ row: -1, col: 2 }, 'ArrowUp', shape)).toEqual({ row: -1, col: 2 });
	});

	it('Home and End go along the row; with Ctrl, to the first and last cell of the table', () => {
		expect(moveFocus({ row: 5, col: 3 }, 'Home', shape)).toEqual({ row: 5, col: 0 });
		expect(moveFocus({ row: 5, col: 3 }, 'End', shape)).toEqual({ row: 5, col: 11 });
		expect(moveFocus({ row: 5, col: 3 }, 'Home', shape, true)).toEqual({ row: 0, col: 0 });
		expect(moveFocus({ row: 5, col: 3 }, 'End', shape, true)).toEqual({ row: 99, col: 11 });
	});

	it('PageUp and PageDown move a screenful, within the rows', () => {
		expect(moveFocus({ row: 5, col: 3 }, 'PageDown', shape)).toEqual({ row: 25, col: 3 });
		expect(moveFocus({ row: 90, col: 3 }, 'PageDown', shape)).toEqual({ row: 99, col: 3 });
		expect(moveFocus({ row: 30, col: 3 }, 'PageUp', shape)).toEqual({ row: 10, col: 3 });
		expect(moveFocus({ row: 5, col: 3 }, 'PageUp', shape)).toEqual({ row: 0, col: 3 });
		expect(moveFocus({ row: 0, col: 3 }, 'PageUp', shape)).toEqual({ row: -1, col: 3 });
		expect(moveFocus({ row: -1, col: 3 }, 'PageDown', shape)).toEqual({ row: 19, col: 3 });
	});

	it('an empty table keeps the focus on the header', () => {
		const empty = { rows: 0, cols: 12, pageRows: 20 };
		expect(moveFocus({ row: -1, col: 1 }, 'ArrowDown', empty)).toEqual({ row: -1, col: 1 });
		expect(moveFocus({ row: -1, col: 1 }, 'PageDown', empty)).toEqual({ row: -1, col: 1 });
		expect(moveFocus({ row: -1, col: 1 }, 'Home', empty, true)).toEqual({ row: -1, col: 0 });
	});

	it('other keys are not moves', () => {
		expect(moveFocus({ row: 1, col: 1 }, 'Enter', shape)).toBeNull();
		expect(moveFocus({ row: 1, col: 1 }, 'a', shape)).toBeNull();
	});

	it('keeps the position inside the grid when rows go', () => {
		expect(clampPosition({ row: 50, col: 3 }, { rows: 10, cols: 12 })).toEqual({ row: 9, col: 3 });
		expect(clampPosition({ row: 5, col: 3 }, { rows: 0, cols: 12 })).toEqual({ row: -1, col: 3 });
	});
});

describe('typing into a cell', () => {
	const key = (k: string, mods: Partial<KeyboardEvent> = {}) => ({ key: k, ctrlKey: false, metaKey: false, altKey: false, isComposing: false, ...mods });
	it('one printable character starts editing; shortcuts, named keys and composition do not', () => {
		expect(isTypingKey(key('a'))).toBe(true);
		expect(isTypingKey(key('完'))).toBe(true);
		expect(isTypingKey(key('7'))).toBe(true);
		expect(isTypingKey(key('a', { ctrlKey: true }))).toBe(false);
		expect(isTypingKey(key('Enter'))).toBe(false);
		expect(isTypingKey(key(' '))).toBe(false);
		expect(isTypingKey(key('a', { isComposing: true }))).toBe(false);
	});
});
