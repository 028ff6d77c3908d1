import { redirect } from '@sveltejs/kit';
import { safeNext } from '$lib/client/navigation';
import { getServices } from '$lib/server/services';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url }) => {
	if (!(await getServices().auth.hasUsers())) redirect(303, '/setup');
	if (locals.user) redirect(303, safeNext(url.searchParams.get('next')));
	return {};
};
