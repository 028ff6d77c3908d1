import { redirect } from '@sveltejs/kit';
import { getServices } from '$lib/server/services';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals }) => {
	if (!locals.user) redirect(303, '/login?next=%2Fsettings%2Ftokens');
	return { tokens: await getServices().apiTokens.list(locals.user) };
};
