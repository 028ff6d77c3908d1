import { getServices } from '$lib/server/services';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ parent }) => {
	const { user } = await parent();
	const boards = await getServices().boards.list(user);
	// Most recently touched first: the plan being worked on is usually the one wanted.
	return { boards: [...boards].sort((a, b) => b.updatedAt.localeCompare(a.updatedAt)) };
};
