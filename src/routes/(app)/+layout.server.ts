import { redirect } from '@sveltejs/kit';
import { getServices } from '$lib/server/services';
import type { LayoutServerLoad } from './$types';

/** Every page in (app) needs a signed-in person; the very first visit sets up an admin. */
export const load: LayoutServerLoad = async ({ locals, url }) => {
	if (!locals.user) {
		if (!(await getServices().auth.hasUsers())) redirect(303, '/setup');
		redirect(303, `/login?next=${encodeURIComponent(url.pathname + url.search)}`);
	}
	return { user: locals.user };
};
