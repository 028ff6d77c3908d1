import type { Handle } from '@sveltejs/kit';
import { sequence } from '@sveltejs/kit/hooks';
import { paraglideMiddleware } from '$lib/paraglide/server';
import { getServices } from '$lib/server/services';
import { SESSION_COOKIE } from '../server/auth/cookie';

/** Who is asking: the session cookie checked against the one database of the process. */
const authenticate: Handle = async ({ event, resolve }) => {
	event.locals.user = null;
	event.locals.sessionId = null;
	const token = event.cookies.get(SESSION_COOKIE);
	if (token) {
		const result = await getServices().auth.validateSessionToken(token);
		if (result) {
			event.locals.user = result.user;
			event.locals.sessionId = result.session.id;
		}
	}
	return resolve(event);
};

const i18n: Handle = ({ event, resolve }) =>
	paraglideMiddleware(event.request, ({ request, locale }) => {
		event.request = request;
		return resolve(event, {
			transformPageChunk: ({ html }) => html.replace('%paraglide.lang%', locale)
		});
	});

export const handle = sequence(i18n, authenticate);
