import { error } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages';
import { getServices } from '$lib/server/services';
import type { LayoutServerLoad } from './$types';

export const load: LayoutServerLoad = async ({ parent, params }) => {
	const { user } = await parent();
	const services = getServices();
	const found = await services.boards.get(user, params.boardId);
	if (!found) error(404, m.board_not_found());
	// Everyone on the board sees who is on it: owners are chosen from, and shown as, these people.
	const members = await services.members.list(user, params.boardId);
	return { board: found.board, access: found.access, role: found.role, members, userId: user.id };
};
