/**
 * The public progress board (《项目进度公示表》): no sign-in, rendered on the server so it
 * reads without JavaScript; the page then follows the live public document.
 */
import { error } from '@sveltejs/kit';
import { getServices } from '$lib/server/services';
import { m } from '$lib/paraglide/messages';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ params, setHeaders }) => {
	const services = getServices();
	const boardId = await services.boards.boardForSlug(params.slug);
	if (!boardId) error(404, m.public_page_not_found());
	const board = await services.sync.readPublic(boardId);
	if (!board) error(404, m.public_page_not_found());
	// Always the current state: never from a shared cache.
	setHeaders({ 'cache-control': 'no-store' });
	return { slug: params.slug, board, renderedAt: new Date().toISOString() };
};
