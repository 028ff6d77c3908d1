/**
 * What every view of an open board shares, provided by the board's layout: the live
 * session (one Y.Doc and socket for all views), the people on the board, and the item
 * panel. A view reads the board through `session` and edits it through the session's
 * helpers, so a change in one view shows in every other.
 */
import { getContext, setContext } from 'svelte';
import type { Item } from '$lib/board';
import type { BoardMember } from './board-members';
import type { BoardSession } from './board-session.svelte';

export interface BoardView {
	/** The live board once its document has loaded; null while connecting. */
	readonly session: BoardSession | null;
	readonly boardId: string;
	readonly userId: string;
	readonly prefix: string;
	readonly members: BoardMember[];
	/** Only leads (and administrators) edit the plan; members move their own items. */
	readonly readOnly: boolean;
	readonly openItemId: string | null;
	/** Opens an item in the side panel. */
	open(itemId: string): void;
	/** Moves an item to the bin, with an undo toast. */
	remove(item: Item): void;
}

const KEY = Symbol('planboard.board-view');

export function setBoardView(view: BoardView): void {
	setContext(KEY, view);
}

export function boardView(): BoardView {
	const view = getContext<BoardView | undefined>(KEY);
	if (!view) throw new Error('boardView() outside a board page');
	return view;
}
