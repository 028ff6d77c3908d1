/**
 * Everything the process owns, created once in server/main.ts and shared with the
 * SvelteKit handler through one global (see src/lib/server/services.ts): SvelteKit
 * never bundles a second copy of the database or the rooms.
 */
import type { Config } from './config';
import type { Database } from './db/client';
import type { AuthService } from './auth/service';
import type { BoardService } from './boards/service';
import type { SyncService } from './sync';

export interface Services {
	config: Config;
	database: Database;
	auth: AuthService;
	boards: BoardService;
	sync: SyncService;
}
