import type { HttpBindings } from '@hono/node-server';
import type { User } from '../auth/user';
import type { Services } from '../services';

/** What every Hono handler can read: the Node request/response and who is asking. */
export interface AppEnv {
	Bindings: HttpBindings;
	Variables: {
		services: Services;
		user: User | null;
		sessionId: string | null;
		/** True when the session came from the cookie (and so needs the Origin check). */
		viaCookie: boolean;
	};
}
