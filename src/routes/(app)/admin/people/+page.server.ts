import { error } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages';
import { getServices } from '$lib/server/services';
import type { PageServerLoad } from './$types';

/** Administrators only: everyone else gets a 403 page, not an empty list. */
export const load: PageServerLoad = async ({ locals }) => {
	// The (app) layout has already sent anyone signed out to /login.
	const user = locals.user;
	if (!user || user.role !== 'admin') error(403, m.people_forbidden());
	return { people: await getServices().users.list(user) };
};
