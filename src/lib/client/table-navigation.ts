/**
 * Moving the table's one focused cell with the keyboard, as the ARIA grid pattern has it:
 * arrows move one cell, Home/End go to the row's first/last cell (with Ctrl, the table's),
 * PageUp/PageDown move by a screenful of rows. Row -1 is the header row (the sort buttons).
 * Pure, so the rules are tested without a browser.
 */

export interface GridPosition {
	/** -1 = the header row; 0… = the rows as shown. */
	row: number;
	col: number;
}

export interface GridShape {
	rows: number;
	cols: number;
	/** How many rows a PageUp/PageDown moves (the rows that fit on screen). */
	pageRows: number;
}

const clamp = (value: number, min: number, max: number) => Math.max(min, Math.min(max, value));

/** Where `key` takes the focus from `at`, or null when the key is not a move (let it through). */
export function moveFocus(at: GridPosition, key: string, shape: GridShape, ctrl = false): GridPosition | null {
	const lastRow = shape.rows - 1;
	const lastCol = shape.cols - 1;
	const row = (value: number) => clamp(value, -1, lastRow);
	const col = (value: number) => clamp(value, 0, lastCol);
	switch (key) {
		case 'ArrowUp':
			return { row: row(at.row - 1), col: at.col };
		case 'ArrowDown':
			return { row: row(at.row + 1), col: at.col };
		case 'ArrowLeft':
			return { row: at.row, col: col(at.col - 1) };
		case 'ArrowRight':
			return { row: at.row, col: col(at.col + 1) };
		case 'Home':
			return ctrl ? { row: shape.rows ? 0 : -1, col: 0 } : { row: at.row, col: 0 };
		case 'End':
			return ctrl ? { row: lastRow, col: lastCol } : { row: at.row, col: lastCol };
		case 'PageUp':
			// From the first rows a page up stops at the first row, not the header.
			return { row: at.row <= 0 ? -1 : Math.max(0, at.row - Math.max(1, shape.pageRows)), col: at.col };
		case 'PageDown':
			return { row: row(Math.max(0, at.row + Math.max(1, shape.pageRows))), col: at.col };
		default:
			return null;
	}
}

/** Keeps a position inside the grid after rows came or went (a filter, a remote delete). */
export function clampPosition(at: GridPosition, shape: Pick<GridShape, 'rows' | 'cols'>): GridPosition {
	return { row: clamp(at.row, -1, shape.rows - 1), col: clamp(at.col, 0, shape.cols - 1) };
}

/** A key that starts typing into a text cell: one printable character, no shortcut. */
export function isTypingKey(event: Pick<KeyboardEvent, 'key' | 'ctrlKey' | 'metaKey' | 'altKey' | 'isComposing'>): boolean {
	return !event.isComposing && !event.ctrlKey && !event.metaKey && !event.altKey && [...event.key].length === 1 && event.key !== ' ';
}
