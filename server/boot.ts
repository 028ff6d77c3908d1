/** Creates the process's services in dependency order (used by main.ts and the dev plugin). */
import { currentServices, setServices } from '../src/lib/server/services';
import { createApiTokenService } from './auth/api-tokens';
import { createAuthService } from './auth/service';
import { createActionService } from './boards/actions';
import { createMemberService } from './boards/members';
import { createBoardService, type BoardService } from './boards/service';
import type { Config } from './config';
import { openDatabase } from './db/client';
import { ItemProjection } from './items/projection';
import { createItemService } from './items/service';
import type { Services } from './services';
import { createSyncService } from './sync';
import { createUserService } from './users/service';

export async function createServices(config: Config, options: { unloadGraceMs?: number } = {}): Promise<Services> {
	const database = await openDatabase(config.databaseUrl);
	let boards: BoardService | null = null;
	const sync = createSyncService({
		database,
		allocateNumbers: (boardId, count) => boards!.allocateNumbers(boardId, count),
		publicView: (boardId) => boards!.publicView(boardId),
		unloadGraceMs: options.unloadGraceMs
	});
	// Before any room loads, so that every load reaches the projection.
	const itemProjection = new ItemProjection(database);
	itemProjection.follow(sync);
	boards = createBoardService(database, sync);
	const auth = createAuthService(database);
	const services: Services = {
		config,
		database,
		auth,
		apiTokens: createApiTokenService(database),
		users: createUserService(database, auth, boards, sync),
		boards,
		members: createMemberService(database, boards, sync),
		actions: createActionService(boards, sync),
		sync,
		itemProjection,
		items: createItemService(database, boards)
	};
	// Boards whose rows are missing (a database from before the table) or behind their stored document (a crash).
	await itemProjection.rebuildStale(sync);
	await createAdminFromEnv(services);
	setServices(services);
	return services;
}

/** PLANBOARD_ADMIN_EMAIL + PLANBOARD_ADMIN_PASSWORD create the first administrator on an empty database. */
async function createAdminFromEnv({ auth, config }: Services): Promise<void> {
	if (!config.adminEmail || !config.adminPassword || (await auth.hasUsers())) return;
	const name = config.adminEmail.split('@')[0];
	await auth.setupFirstAdmin({ email: config.adminEmail, password: config.adminPassword, name });
	console.log(`Created the first administrator ${config.adminEmail}`);
}

export async function closeServices(services: Services): Promise<void> {
	await services.sync.close();
	// After the rooms are gone: their last changes are pending here until written.
	await services.itemProjection.close();
	services.database.close();
	// A dev-server restart creates the new services before closing the old ones.
	if (currentServices() === services) setServices(undefined);
}
