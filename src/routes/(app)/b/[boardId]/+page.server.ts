import { error } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages';
import { getServices } from '$lib/server/services';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ parent, params }) => {
	const { user } = await parent();
	const found = await getServices().boards.get(user, params.boardId);
	if (!found) error(404, m.board_not_found());
	return { board: found.board, access: found.access };
};
