import { getServices } from '$lib/server/services';
import type { PageServerLoad } from './$types';

/** Cards per column in the preview: about a screenful; the kanban draws 40 once loaded. */
const PREVIEW_PER_COLUMN = 12;

/** The kanban's first paint: each column's first cards from the items projection, before the live document arrives. */
export const load: PageServerLoad = async ({ parent, params }) => {
	// The layout has checked that this person may see the board.
	await parent();
	return { preview: await getServices().items.preview(params.boardId, PREVIEW_PER_COLUMN) };
};
