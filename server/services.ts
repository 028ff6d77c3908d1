/**
 * Everything the process owns, created once in server/boot.ts and shared with the
 * SvelteKit handler through one global (see src/lib/server/services.ts): SvelteKit
 * never bundles a second copy of the database or the rooms.
 */
import type { ApiTokenService } from './auth/api-tokens';
import type { AuthService } from './auth/service';
import type { ActionService } from './boards/actions';
import type { MemberService } from './boards/members';
import type { BoardService } from './boards/service';
import type { Config } from './config';
import type { Database } from './db/client';
import type { ItemProjection } from './items/projection';
import type { ItemService } from './items/service';
import type { SyncService } from './sync';
import type { UserService } from './users/service';

export interface Services {
	config: Config;
	database: Database;
	auth: AuthService;
	apiTokens: ApiTokenService;
	users: UserService;
	boards: BoardService;
	members: MemberService;
	actions: ActionService;
	sync: SyncService;
	/** Keeps the `items` table in step with the live documents. */
	itemProjection: ItemProjection;
	items: ItemService;
}
