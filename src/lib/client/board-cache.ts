/**
 * This browser's saved copy of a board (IndexedDB, through y-indexeddb): the board opens
 * from it at once, and the server then sends only what changed since. Edits made offline
 * are kept in it too, so they survive a closed tab and go to the server on the next visit.
 *
 * What is saved: every transaction as it comes (y-indexeddb's rows, folded into one past
 * 500), except those `isBulk` names: a sync step 2 is one transaction of up to the whole
 * board (≈ 3 MB for 5,000 items), and Yjs encodes a transaction again only for `update`
 * listeners (local-updates.ts) — on a board's first load that cost ≈ 250 ms before the
 * board could be used (bench S6). Those arrive in the copy with `saveChanges()` instead,
 * once the page is idle, as one row of everything the copy lacks.
 *
 * One database per person and board. Signing out deletes every saved copy in this browser
 * (a shared computer keeps no plan behind); so does the server saying the board is gone or
 * no longer shared with this person (see board-session.svelte.ts).
 */
import * as Y from 'yjs';
import { IndexeddbPersistence } from 'y-indexeddb';
import { onLocalUpdate } from './local-updates';

const PREFIX = 'planboard-board:';
/** Names of the copies this browser made, for browsers without indexedDB.databases(). */
const NAMES_KEY = 'planboard-board-caches';
/** A saved copy that takes longer than this to open is not waited for: the server is asked anyway. */
export const CACHE_WAIT_MS = 1500;

export interface BoardCache {
	/** The origin of the transaction that reads the copy into the document. */
	readonly origin: object;
	/** Resolves once the copy is read into the document (true), or when it is not worth waiting for (false: too slow, unavailable). */
	readonly ready: Promise<boolean>;
	/** Resolves once the copy is read into the document, however long that took (never if it cannot be). */
	readonly read: Promise<void>;
	/** Edits are being saved as they are made (the copy is open and was not deleted). */
	readonly keeping: boolean;
	/** The document holds nothing the copy lacks (just read, before anything else came in). */
	markSaved(): void;
	/** Saves what the document got since the last markSaved or saveChanges (bulk transactions included), in one row. */
	saveChanges(): void;
	/** Deletes this board's copy. */
	clear(): Promise<void>;
	/** Stops saving; the copy stays. */
	destroy(): void;
}

function cacheName(userId: string, boardId: string): string {
	return `${PREFIX}${userId}:${boardId}`;
}

/** Opens (or starts) the saved copy of a board into `doc`; null where the browser keeps none (no IndexedDB). */
export function openBoardCache(userId: string, boardId: string, doc: Y.Doc, isBulk: (origin: unknown) => boolean): BoardCache | null {
	if (typeof indexedDB === 'undefined') return null;
	const name = cacheName(userId, boardId);
	const persistence = new IndexeddbPersistence(name, doc);
	remember(name);
	// y-indexeddb saves every update; ours skips its own reads and the bulk transactions.
	doc.off('update', persistence._storeUpdate);
	const stopSaving = onLocalUpdate(doc, (origin) => origin === persistence || isBulk(origin), persistence._storeUpdate);
	/** The state vector the copy is known to hold; empty: nothing known, the next save is the whole document. */
	let saved: Uint8Array = new Uint8Array([0]);
	const read = persistence.whenSynced.then(() => undefined);
	const ready = new Promise<boolean>((resolve) => {
		const timer = setTimeout(() => resolve(false), CACHE_WAIT_MS);
		const settle = (value: boolean) => {
			clearTimeout(timer);
			resolve(value);
		};
		void read.then(() => settle(true));
		// A browser that refuses IndexedDB (storage off, some private windows) says so at once.
		persistence._db.catch(() => settle(false));
	});
	return {
		origin: persistence,
		ready,
		read,
		get keeping() {
			return persistence.db !== null && !persistence._destroyed;
		},
		markSaved() {
			saved = Y.encodeStateVector(doc);
		},
		saveChanges() {
			if (persistence._destroyed) return;
			const changes = Y.encodeStateAsUpdate(doc, saved);
			saved = Y.encodeStateVector(doc);
			// Two bytes: no structs and no deletions.
			if (changes.byteLength > 2) persistence._storeUpdate(changes, null);
		},
		async clear() {
			stopSaving();
			await persistence.clearData();
			forget(name);
		},
		destroy() {
			stopSaving();
			void persistence.destroy();
		}
	};
}

/** Deletes every saved copy of every board in this browser (signing out). */
export async function clearBoardCaches(): Promise<void> {
	if (typeof indexedDB === 'undefined') return;
	const names = new Set(remembered());
	try {
		for (const db of await indexedDB.databases()) if (db.name?.startsWith(PREFIX)) names.add(db.name);
	} catch {
		// Only the remembered names, then.
	}
	await Promise.all([...names].map((name) => deleteDatabase(name)));
	writeRemembered([]);
}

function deleteDatabase(name: string): Promise<void> {
	return new Promise((resolve) => {
		const request = indexedDB.deleteDatabase(name);
		// Blocked: another tab still has it open; it is deleted once that tab lets go.
		request.onsuccess = request.onerror = request.onblocked = () => resolve();
	});
}

// Storage can be refused (disabled, full): the list is a fallback, never a reason to fail.
function remembered(): string[] {
	try {
		const names: unknown = JSON.parse(localStorage.getItem(NAMES_KEY) ?? '[]');
		return Array.isArray(names) ? names.filter((name): name is string => typeof name === 'string') : [];
	} catch {
		return [];
	}
}

function writeRemembered(names: string[]): void {
	try {
		if (names.length) localStorage.setItem(NAMES_KEY, JSON.stringify(names));
		else localStorage.removeItem(NAMES_KEY);
	} catch {
		// Not remembered: indexedDB.databases() still finds it.
	}
}

function remember(name: string): void {
	const names = remembered();
	if (!names.includes(name)) writeRemembered([...names, name]);
}

function forget(name: string): void {
	writeRemembered(remembered().filter((n) => n !== name));
}
