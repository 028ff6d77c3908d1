import { getServices } from '$lib/server/services';
import type { PageServerLoad } from './$types';

/** No session needed: the link itself is the permission. */
export const load: PageServerLoad = async ({ params }) => {
	const link = await getServices().users.inspectLink(params.token);
	return { link: link?.kind === 'reset' ? link : null };
};
