/**
 * One open board in the browser: the Y.Doc, its websocket provider, the undo manager of
 * the person's own edits, and reactive snapshots the components render. Components read
 * the snapshots and write through the methods here, which call the board model.
 * Browser-only: create it in an effect, destroy it when the page goes.
 */
import * as Y from 'yjs';
import { WebsocketProvider } from 'y-websocket';
import {
	binnedItems,
	columns,
	createItem,
	deleteItem,
	itemNotes,
	itemsMap,
	metaMap,
	moveItem,
	readMeta,
	restoreItem,
	STATUSES,
	updateItem,
	type BoardMeta,
	type Item,
	type Status
} from '$lib/board';
import { FINAL_CLOSE_CODES } from '$lib/sync/close-codes';

export type ConnectionState = 'connecting' | 'connected' | 'reconnecting' | 'offline';

export interface PresenceUser {
	id: string;
	name: string;
	color: string;
}

/** One connection on the board (a person with two windows open has two). */
export interface Presence {
	clientId: number;
	user: PresenceUser;
	openItemId: string | null;
	self: boolean;
}

export interface BoardSessionOptions {
	boardId: string;
	user: PresenceUser;
	/** Defaults to this page's own /sync endpoint. */
	url?: string;
}

function emptyColumns(): Record<Status, Item[]> {
	return Object.fromEntries(STATUSES.map((status) => [status, []])) as unknown as Record<Status, Item[]>;
}

function syncUrl(): string {
	return `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/sync`;
}

/** Awareness states come from other browsers: take only well-formed ones. */
function readPresence(clientId: number, state: Record<string, unknown>, selfId: number): Presence | null {
	const user = state.user as Record<string, unknown> | undefined;
	if (!user || typeof user.id !== 'string' || typeof user.name !== 'string') return null;
	const color = typeof user.color === 'string' && /^#[0-9a-f]{3,8}$/i.test(user.color) ? user.color : '#64748b';
	const openItemId = typeof state.openItemId === 'string' ? state.openItemId : null;
	return { clientId, user: { id: user.id, name: user.name.slice(0, 80), color }, openItemId, self: clientId === selfId };
}

export class BoardSession {
	readonly doc = new Y.Doc();
	readonly provider: WebsocketProvider;
	readonly undoManager: Y.UndoManager;
	readonly user: PresenceUser;

	columns = $state.raw<Record<Status, Item[]>>(emptyColumns());
	bin = $state.raw<Item[]>([]);
	meta = $state.raw<BoardMeta>(readMeta(this.doc));
	presence = $state.raw<Presence[]>([]);
	/** True once the first sync with the server finished: before that the board is "loading". */
	loaded = $state(false);
	/** The final close code (4401/4403/4404) after which the session stopped reconnecting. */
	closedCode = $state<number | null>(null);
	/** Local edits the server has not confirmed yet (made while disconnected). */
	pendingChanges = $state(false);
	canUndo = $state(false);
	canRedo = $state(false);

	#socket = $state<'connecting' | 'connected' | 'disconnected'>('connecting');
	#everConnected = $state(false);
	#online = $state(true);
	#byId = new Map<string, Item>();
	#cleanup: (() => void)[] = [];

	constructor(options: BoardSessionOptions) {
		this.user = options.user;
		this.provider = new WebsocketProvider(options.url ?? syncUrl(), options.boardId, this.doc, {
			// y-websocket stops on every 44xx; we keep retrying a rate limit (4429) after its backoff.
			shouldReconnect: (event) => !FINAL_CLOSE_CODES.has(event.code)
		});
		this.undoManager = new Y.UndoManager([itemsMap(this.doc), metaMap(this.doc)], { captureTimeout: 600 });
		this.#online = typeof navigator === 'undefined' ? true : navigator.onLine;
		this.#refresh();
		this.#listen();
		this.provider.awareness.setLocalStateField('user', this.user);
		this.provider.awareness.setLocalStateField('openItemId', null);
		this.#refreshPresence();
	}

	get connection(): ConnectionState {
		if (this.closedCode !== null || !this.#online) return 'offline';
		if (this.#socket === 'connected') return 'connected';
		return this.#everConnected ? 'reconnecting' : 'connecting';
	}

	#listen(): void {
		const { doc, provider, undoManager } = this;
		const onUpdate = (_update: Uint8Array, origin: unknown) => {
			if (origin !== provider && !(provider.wsconnected && provider.synced)) this.pendingChanges = true;
			this.#refresh();
		};
		doc.on('update', onUpdate);
		this.#cleanup.push(() => doc.off('update', onUpdate));

		provider.on('status', ({ status }) => {
			this.#socket = status;
			if (status === 'connected') this.#everConnected = true;
		});
		provider.on('sync', (synced: boolean) => {
			if (!synced) return;
			this.loaded = true;
			// Sync step 2 carrying our offline edits went out before the server's reply arrived.
			this.pendingChanges = false;
		});
		provider.on('connection-close', (event) => {
			if (event && FINAL_CLOSE_CODES.has(event.code)) {
				this.closedCode = event.code;
				provider.shouldConnect = false;
				// Also leave the cross-tab channel; after the provider has finished this close.
				queueMicrotask(() => provider.disconnect());
			}
		});

		const onAwareness = () => this.#refreshPresence();
		provider.awareness.on('change', onAwareness);
		this.#cleanup.push(() => provider.awareness.off('change', onAwareness));

		const onStack = () => {
			this.canUndo = undoManager.canUndo();
			this.canRedo = undoManager.canRedo();
		};
		for (const event of ['stack-item-added', 'stack-item-popped', 'stack-cleared'] as const) {
			undoManager.on(event, onStack);
			this.#cleanup.push(() => undoManager.off(event, onStack));
		}

		const onOnline = () => {
			this.#online = true;
			if (this.closedCode === null) provider.connect();
		};
		const onOffline = () => {
			this.#online = false;
		};
		window.addEventListener('online', onOnline);
		window.addEventListener('offline', onOffline);
		this.#cleanup.push(() => {
			window.removeEventListener('online', onOnline);
			window.removeEventListener('offline', onOffline);
		});
	}

	#refresh(): void {
		const next = columns(this.doc);
		const bin = binnedItems(this.doc);
		const byId = new Map<string, Item>();
		for (const status of STATUSES) for (const item of next[status]) byId.set(item.id, item);
		for (const item of bin) byId.set(item.id, item);
		this.#byId = byId;
		this.columns = next;
		this.bin = bin;
		this.meta = readMeta(this.doc);
	}

	#refreshPresence(): void {
		const list: Presence[] = [];
		this.provider.awareness.getStates().forEach((state, clientId) => {
			const presence = readPresence(clientId, state, this.doc.clientID);
			if (presence) list.push(presence);
		});
		list.sort((a, b) => Number(b.self) - Number(a.self) || a.user.name.localeCompare(b.user.name) || a.clientId - b.clientId);
		this.presence = list;
	}

	/** The latest snapshot of one item (live or binned), or null if it does not exist. */
	item(id: string): Item | null {
		// Reading `columns` makes callers in $derived re-run when the board changes.
		void this.columns;
		return this.#byId.get(id) ?? null;
	}

	notes(id: string): Y.Text | null {
		return itemNotes(this.doc, id);
	}

	/** Other people (connections) that have `itemId` open. */
	openBy(itemId: string): Presence[] {
		return this.presence.filter((p) => !p.self && p.openItemId === itemId);
	}

	setOpenItem(id: string | null): void {
		this.provider.awareness.setLocalStateField('openItemId', id);
	}

	/** One deliberate action (add, move, rename…) is one undo step, however fast the next one comes. */
	#step<T>(run: () => T): T {
		this.undoManager.stopCapturing();
		const result = run();
		this.undoManager.stopCapturing();
		return result;
	}

	addItem(status: Status, title: string, notes = ''): string {
		return this.#step(() => createItem(this.doc, { title, notes, status, createdBy: this.user.id }));
	}

	renameItem(id: string, title: string): void {
		this.#step(() => updateItem(this.doc, id, { title }));
	}

	/** Moves an item between two neighbours of `status`; a drop on its own place is no edit. */
	moveItem(id: string, status: Status, beforeId: string | null, afterId: string | null): void {
		const current = this.columns[status];
		const index = current.findIndex((item) => item.id === id);
		if (index !== -1 && (current[index - 1]?.id ?? null) === beforeId && (current[index + 1]?.id ?? null) === afterId) return;
		this.#step(() => moveItem(this.doc, id, status, beforeId, afterId));
	}

	/** Moves an item to the end of another column (the detail panel's status field). */
	setStatus(id: string, status: Status): void {
		if (this.item(id)?.status === status) return;
		this.#step(() => moveItem(this.doc, id, status, this.columns[status].at(-1)?.id ?? null, null));
	}

	deleteItem(id: string): void {
		this.#step(() => deleteItem(this.doc, id));
	}

	restoreItem(id: string): void {
		this.#step(() => restoreItem(this.doc, id));
	}

	/** After signing in again (e.g. in another tab): try the socket once more. */
	reconnect(): void {
		this.closedCode = null;
		this.provider.connect();
	}

	undo(): void {
		this.undoManager.undo();
	}

	redo(): void {
		this.undoManager.redo();
	}

	/** True when closing the page now would drop edits the server has not received. */
	hasUnsentChanges(): boolean {
		return this.pendingChanges || (this.provider.ws?.bufferedAmount ?? 0) > 0;
	}

	destroy(): void {
		for (const cleanup of this.#cleanup.splice(0)) cleanup();
		this.provider.awareness.setLocalState(null);
		this.provider.destroy();
		this.undoManager.destroy();
		this.doc.destroy();
	}
}
