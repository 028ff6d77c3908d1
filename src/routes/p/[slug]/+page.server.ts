/**
 * The public progress board (《项目进度公示表》): no sign-in, rendered on the server so it
 * reads without JavaScript; the page then follows the live public document.
 */
import { error } from '@sveltejs/kit';
import { getServices } from '$lib/server/services';
import { countByStatus, firstPerStatus } from '$lib/components/public/public-view';
import { m } from '$lib/paraglide/messages';
import type { PageServerLoad } from './$types';

const SSR_ROWS_PER_STATUS = 150;

export const load: PageServerLoad = async ({ params, setHeaders, url }) => {
	const services = getServices();
	const boardId = await services.boards.boardForSlug(params.slug);
	if (!boardId) error(404, m.public_page_not_found());
	const board = await services.sync.readPublic(boardId);
	if (!board) error(404, m.public_page_not_found());
	// Always the current state: never from a shared cache.
	setHeaders({ 'cache-control': 'no-store' });
	// The first rows of each status (unless ?all=1, the no-JavaScript "show all"): the page's
	// server render has 100 ms on a board of thousands of items; the live document brings
	// the rest. As a JSON string, which SvelteKit embeds far faster than its own serialiser.
	const shown = url.searchParams.get('all') === '1' ? board : firstPerStatus(board, SSR_ROWS_PER_STATUS);
	return { slug: params.slug, boardJson: JSON.stringify(shown), totals: countByStatus(board.items), renderedAt: new Date().toISOString() };
};
