import { redirect } from '@sveltejs/kit';
import { getServices } from '$lib/server/services';
import type { PageServerLoad } from './$types';

/** Only the very first visit may create the administrator. */
export const load: PageServerLoad = async ({ locals }) => {
	if (await getServices().auth.hasUsers()) redirect(303, locals.user ? '/' : '/login');
	return {};
};
