/**
 * One open board in the browser: the Y.Doc, its websocket provider, the undo manager of
 * the person's own edits, and reactive snapshots the components render. Components read
 * the snapshots and write through the methods here, which call the board model.
 * Only leads write the document (`canEdit`); every writing method refuses otherwise, and a
 * read-only session never hands local updates to the socket, whose server would close it
 * with 4403. Members change their own items through the server's status action instead.
 * The board opens from this browser's saved copy when there is one (board-cache.ts), and the
 * socket connects once it is read: the server then sends only what changed since.
 * Browser-only: create it in an effect, destroy it when the page goes.
 */
import * as Y from 'yjs';
import { WebsocketProvider } from 'y-websocket';
import {
	canReportOn,
	canWriteDocument,
	createItem,
	deleteItem,
	itemNotes,
	listAreas,
	areasMap,
	itemsMap,
	metaMap,
	moveItem,
	readMeta,
	restoreItem,
	STATUSES,
	updateItem,
	type BoardMeta,
	type BoardRole,
	type Area,
	type Item,
	type ItemPatch,
	type Status
} from '$lib/board';
import { CloseCode, FINAL_CLOSE_CODES } from '$lib/sync/close-codes';
import { api, ApiError } from './api';
import { openBoardCache, type BoardCache } from './board-cache';
import { BoardSnapshot } from './board-snapshot';
import { useFastUtf8 } from './fast-utf8';
import { changedSomething, onLocalUpdate } from './local-updates';

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
	/** The person's role on this board (administrators are leads). */
	role: BoardRole;
	/** Defaults to this page's own /sync endpoint. */
	url?: string;
	/** The server says this person's role changed (close code 4205): re-read it and call `setRole`. */
	onAccessChanged?: () => void;
}

/** A member's status or blocked change on its way to the server, shown before it lands. */
interface PendingReport {
	status?: Status;
	blocked?: boolean;
	/** The server accepted it; the entry goes once the document shows it (or after a while). */
	accepted: boolean;
}

/** Connection attempts that never opened before the session asks the server whether it ended. */
const FAILED_OPENS_BEFORE_CHECK = 2;
/** How long an accepted report is shown before the document alone decides. */
const ACCEPTED_GRACE_MS = 5000;

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
	readonly boardId: string;

	role = $state<BoardRole>('viewer');

	columns = $state.raw<Record<Status, Item[]>>(emptyColumns());
	bin = $state.raw<Item[]>([]);
	/** Every live (not binned) item, in board order by status then position: what the views read. */
	items = $state.raw<Item[]>([]);
	/** The board's areas in order (archived ones left out). */
	areas = $state.raw<Area[]>([]);
	meta = $state.raw<BoardMeta>(readMeta(this.doc));
	presence = $state.raw<Presence[]>([]);
	/** True once the board can be shown: read from the saved copy, or synced with the server. Before that it is "loading". */
	loaded = $state(false);
	/** The board shown is this browser's saved copy: the server has not answered yet. */
	savedCopy = $state(false);
	/** The final close code (4401/4403/4404) after which the session stopped reconnecting. */
	closedCode = $state<number | null>(null);
	/** Local edits the server has not confirmed yet (made while disconnected). */
	pendingChanges = $state(false);
	canUndo = $state(false);
	canRedo = $state(false);
	/** Items with a member's change on its way to the server (for a "saving" look). */
	reporting = $state.raw<ReadonlySet<string>>(new Set());

	/** May this person write the live document? Leads only, and not after the server refused a write. */
	readonly canEdit = $derived(canWriteDocument(this.role) && this.closedCode !== CloseCode.Forbidden);

	#socket = $state<'connecting' | 'connected' | 'disconnected'>('connecting');
	#everConnected = $state(false);
	#online = $state(true);
	readonly #snapshot = new BoardSnapshot(this.doc);
	/** Items shown with a member's report in flight, as shown (see #withPending). */
	#overlaid = new Map<string, Item>();
	#cleanup: (() => void)[] = [];
	#pending = new Map<string, PendingReport>();
	#timers = new Set<ReturnType<typeof setTimeout>>();
	#opened = false;
	#failedOpens = 0;
	#checking = false;
	#destroyed = false;
	readonly #onAccessChanged?: () => void;
	readonly #cache: BoardCache | null;

	constructor(options: BoardSessionOptions) {
		this.user = options.user;
		this.#onAccessChanged = options.onAccessChanged;
		this.boardId = options.boardId;
		this.role = options.role;
		// A big board's first sync reads ≈ 30 strings per item (fast-utf8.ts).
		useFastUtf8();
		// Until the first sync, what the server sends is one bulk step 2: saved in one go once idle.
		const isBulk = (origin: unknown) => origin === this.provider && !this.provider.synced;
		this.#cache = openBoardCache(this.user.id, this.boardId, this.doc, isBulk);
		this.provider = new WebsocketProvider(options.url ?? syncUrl(), options.boardId, this.doc, {
			// After the saved copy is read (#start): the first sync then carries only what changed.
			connect: false,
			// y-websocket stops on every 44xx; we keep retrying a rate limit (4429) after its backoff.
			shouldReconnect: (event) => !FINAL_CLOSE_CODES.has(event.code)
		});
		// The session hands local updates to the provider itself (see #listen), so that updates
		// from the server are never encoded again just to be ignored.
		this.doc.off('update', this.provider._updateHandler);
		this.undoManager = new Y.UndoManager([itemsMap(this.doc), metaMap(this.doc), areasMap(this.doc)], { captureTimeout: 600 });
		this.#online = typeof navigator === 'undefined' ? true : navigator.onLine;
		this.#refresh();
		this.#listen();
		this.provider.awareness.setLocalStateField('user', this.user);
		this.provider.awareness.setLocalStateField('openItemId', null);
		this.#refreshPresence();
		void this.#start();
	}

	/** Shows the saved copy, if any, then connects. */
	async #start(): Promise<void> {
		const read = this.#cache ? await this.#cache.ready : false;
		if (this.#destroyed) return;
		if (read) this.#cache!.markSaved();
		if (read && itemsMap(this.doc).size + areasMap(this.doc).size + metaMap(this.doc).size > 0 && !this.loaded) {
			this.loaded = true;
			this.savedCopy = true;
		}
		// Too slow to wait for: the socket goes first. Should the copy hold edits made offline,
		// a fresh handshake once it is read sends them (the client's sync step 2 carries them).
		if (!read) void this.#cache?.read.then(() => this.#resync());
		if (this.closedCode === null) this.provider.connect();
	}

	/** After a sync: the copy gets what the sync brought, once the board is on screen and the page idle. */
	#saveCopyWhenIdle(): void {
		const cache = this.#cache;
		if (!cache) return;
		// A copy closed meanwhile (the page went, access ended) saves nothing.
		const save = () => cache.saveChanges();
		if (typeof requestIdleCallback === 'function') requestIdleCallback(save, { timeout: 5000 });
		else setTimeout(save, 1000);
	}

	#resync(): void {
		if (this.#destroyed || !this.canEdit || !this.provider.wsconnected) return;
		this.provider.disconnect();
		this.provider.connect();
	}

	get connection(): ConnectionState {
		if (this.closedCode !== null || !this.#online) return 'offline';
		if (this.#socket === 'connected') return 'connected';
		return this.#everConnected ? 'reconnecting' : 'connecting';
	}

	/** The role changed while the board is open (e.g. after the sharing panel reloaded the page data). */
	setRole(role: BoardRole): void {
		this.role = role;
	}

	/** Can this person move `item` between columns (directly or through the server)? */
	canMove(item: Pick<Item, 'ownerId'>): boolean {
		return this.canEdit || canReportOn(this.role, this.user.id, item);
	}

	/** Every change to the document goes through here, so a reader can never make one. */
	#write<T>(what: string, run: () => T): T | undefined {
		if (!this.canEdit) {
			console.warn(`Refused to ${what}: this board is read-only for ${this.role}s`);
			return undefined;
		}
		return this.#step(run);
	}

	#listen(): void {
		const { doc, provider, undoManager } = this;
		// Updates made here (not those the provider applied from the server) go to the socket.
		// A read-only socket is closed for any, so a reader's are not handed to the provider at
		// all: even a write that slipped past the guards in #write stays in this tab.
		const stopLocal = onLocalUpdate(
			doc,
			// The saved copy's content is not local either: the sync handshake sends what the server lacks.
			(origin) => origin === provider || (this.#cache !== null && origin === this.#cache.origin),
			(update, origin) => {
				if (!canWriteDocument(this.role)) {
					console.error('A read-only board changed locally; the change is not sent');
					return;
				}
				provider._updateHandler(update, origin);
				if (!(provider.wsconnected && provider.synced)) this.pendingChanges = true;
			}
		);
		this.#cleanup.push(stopLocal);
		const onTransaction = (transaction: Y.Transaction) => {
			if (changedSomething(transaction)) this.#refresh();
		};
		doc.on('afterTransactionCleanup', onTransaction);
		this.#cleanup.push(() => doc.off('afterTransactionCleanup', onTransaction));

		provider.on('status', ({ status }) => {
			this.#socket = status;
			if (status === 'connecting') this.#opened = false;
			if (status === 'connected') {
				this.#everConnected = true;
				this.#opened = true;
				this.#failedOpens = 0;
			}
		});
		provider.on('sync', (synced: boolean) => {
			if (!synced) return;
			this.loaded = true;
			this.savedCopy = false;
			this.#saveCopyWhenIdle();
			// Sync step 2 carrying our offline edits went out before the server's reply arrived.
			this.pendingChanges = false;
		});
		provider.on('connection-close', (event) => {
			if (event && FINAL_CLOSE_CODES.has(event.code)) {
				this.#stop(event.code);
				return;
			}
			if (event?.code === CloseCode.AccessChanged) this.#onAccessChanged?.();
			if (!this.#opened && ++this.#failedOpens >= FAILED_OPENS_BEFORE_CHECK) void this.#checkRefusal();
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

	/** Stops reconnecting for good (until `reconnect()`); `code` says why. */
	#stop(code: number): void {
		this.closedCode = code;
		// The board is gone or no longer this person's to read (or to write, and the copy holds
		// writes the server refused): its saved copy goes too. An ended session keeps it: edits
		// made offline are sent once the person signs in again (signing out deletes every copy).
		if (code === CloseCode.Forbidden || code === CloseCode.NotFound) void this.#cache?.clear();
		this.provider.shouldConnect = false;
		// Also leave the cross-tab channel; after the provider has finished this close.
		queueMicrotask(() => this.provider.disconnect());
	}

	/**
	 * A refused upgrade (an expired session, a board no longer shared) reaches the browser as
	 * a bare 1006 and y-websocket would retry it forever. After a few attempts that never
	 * opened, ask the API why; a network that is simply down answers nothing and changes nothing.
	 */
	async #checkRefusal(): Promise<void> {
		if (this.#checking) return;
		this.#checking = true;
		try {
			await api('/api/auth/me');
			await api(`/api/boards/${encodeURIComponent(this.boardId)}`);
		} catch (error) {
			if (this.#destroyed || this.#opened || this.closedCode !== null || !(error instanceof ApiError)) return;
			if (error.status === 401) this.#stop(CloseCode.Unauthorized);
			else if (error.status === 404) this.#stop(CloseCode.NotFound);
		} finally {
			this.#checking = false;
			this.#failedOpens = 0;
		}
	}

	/**
	 * Brings the reactive snapshots up to date. Only the items the document says changed are
	 * read again, and only what changed is reassigned, so one edit re-renders one card.
	 */
	#refresh(): void {
		const changes = this.#snapshot.update();
		// Reports in flight (or ones that just settled) are drawn over the document's columns.
		if (changes.columns.size || this.#pending.size || this.#overlaid.size) {
			this.#overlaid = new Map();
			const next = this.#withPending({ ...this.#snapshot.columns });
			this.columns = next;
			this.items = STATUSES.flatMap((status) => next[status]);
		}
		if (changes.bin) this.bin = this.#snapshot.bin;
		if (changes.areas) this.areas = listAreas(this.doc);
		if (changes.meta) this.meta = readMeta(this.doc);
	}

	/** The board as it will be once the members' reports in flight have landed. */
	#withPending(board: Record<Status, Item[]>): Record<Status, Item[]> {
		if (this.#pending.size === 0) return board;
		for (const [id, report] of [...this.#pending]) {
			const from = STATUSES.find((status) => board[status].some((item) => item.id === id));
			if (!from) {
				this.#pending.delete(id);
				continue;
			}
			const item = board[from].find((i) => i.id === id)!;
			const landed = (report.status ?? item.status) === item.status && (report.blocked ?? item.blocked) === item.blocked;
			if (report.accepted && landed) {
				this.#pending.delete(id);
				continue;
			}
			const shown: Item = { ...item, status: report.status ?? item.status, blocked: report.blocked ?? item.blocked };
			this.#overlaid.set(id, shown);
			if (shown.status === from) board[from] = board[from].map((i) => (i.id === id ? shown : i));
			else {
				// The server puts a reported item at the end of its new column; so does the preview.
				board[from] = board[from].filter((i) => i.id !== id);
				board[shown.status] = [...board[shown.status], shown];
			}
		}
		return board;
	}

	#setReporting(): void {
		this.reporting = new Set([...this.#pending].filter(([, report]) => !report.accepted).map(([id]) => id));
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
		// Reading `columns` and `bin` makes callers in $derived re-run when the board changes.
		void this.columns;
		void this.bin;
		return this.#overlaid.get(id) ?? this.#snapshot.get(id) ?? null;
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

	/** The new item's id, or null when this person may not add items. */
	addItem(status: Status, title: string, notes = ''): string | null {
		return this.#write('add an item', () => createItem(this.doc, { title, notes, status, createdBy: this.user.id })) ?? null;
	}

	renameItem(id: string, title: string): void {
		this.#write('rename an item', () => updateItem(this.doc, id, { title }));
	}

	/** Changes fields of an item (leads): area, dates, horizon and period, parent, blocked reason … */
	updateItem(id: string, patch: ItemPatch): void {
		this.#write('edit an item', () => updateItem(this.doc, id, patch));
	}

	/**
	 * Any other edit of the plan (areas, links, metrics, board settings), made with the
	 * board model's functions on `doc`: one undoable step, refused for non-leads.
	 * Returns what `fn` returns, or undefined when this person may not edit.
	 */
	edit<T>(label: string, fn: (doc: Y.Doc) => T): T | undefined {
		return this.#write(label, () => fn(this.doc));
	}

	/** Gives the item a responsible person from the board's members, or none. */
	setOwner(id: string, ownerId: string | null): void {
		if (this.item(id)?.ownerId === ownerId) return;
		this.#write('assign an owner', () => updateItem(this.doc, id, { ownerId }));
	}

	/** Moves an item between two neighbours of `status` (leads); a drop on its own place is no edit. */
	moveItem(id: string, status: Status, beforeId: string | null, afterId: string | null): void {
		const current = this.columns[status];
		const index = current.findIndex((item) => item.id === id);
		if (index !== -1 && (current[index - 1]?.id ?? null) === beforeId && (current[index + 1]?.id ?? null) === afterId) return;
		this.#write('move an item', () => moveItem(this.doc, id, status, beforeId, afterId));
	}

	/**
	 * Moves an item to the end of another column (the detail panel's status field, a
	 * member's drop). Leads write the document; a member asks the server, for their own
	 * items, and the server puts the item at the end of the column. Rejects with the refusal.
	 */
	async setStatus(id: string, status: Status): Promise<void> {
		if (this.item(id)?.status === status) return;
		if (this.canEdit) {
			this.#write('change a status', () => moveItem(this.doc, id, status, this.columns[status].at(-1)?.id ?? null, null));
			return;
		}
		await this.#report(id, { status });
	}

	/** The "blocked" flag: leads write it, an item's responsible person reports it. */
	async setBlocked(id: string, blocked: boolean): Promise<void> {
		if (this.item(id)?.blocked === blocked) return;
		if (this.canEdit) {
			this.#write('change the blocked flag', () => updateItem(this.doc, id, { blocked }));
			return;
		}
		await this.#report(id, { blocked });
	}

	/**
	 * Why the item is blocked: leads write it; the responsible person reports it through the
	 * server (the field keeps what was typed, so no overlay is needed while it is on its way).
	 */
	async setBlockedReason(id: string, reason: string): Promise<void> {
		const item = this.item(id);
		if (!item || item.blockedReason === reason.trim()) return;
		if (this.canEdit) {
			this.#write('explain the block', () => updateItem(this.doc, id, { blockedReason: reason }));
			return;
		}
		await this.#sendReport(this.#reportable(id), { blockedReason: reason.trim() });
	}

	/**
	 * A member's change to their own item, through the server action that applies it to the
	 * live document for everyone. Shown at once; taken back (and the ApiError rethrown) if
	 * the server refuses.
	 */
	async #report(id: string, change: { status?: Status; blocked?: boolean }): Promise<void> {
		const item = this.#reportable(id);
		// A second change while the first is on its way shows both; only the latest settles the entry.
		const entry: PendingReport = { ...this.#pending.get(id), ...change, accepted: false };
		this.#pending.set(id, entry);
		this.#setReporting();
		this.#refresh();
		try {
			await this.#sendReport(item, change);
			if (this.#pending.get(id) === entry) {
				entry.accepted = true;
				// The socket normally brings the change within milliseconds; if it does not, the document wins.
				const timer = setTimeout(() => {
					this.#timers.delete(timer);
					if (this.#pending.get(id) === entry) this.#pending.delete(id);
					this.#refresh();
				}, ACCEPTED_GRACE_MS);
				this.#timers.add(timer);
			}
		} catch (error) {
			if (this.#pending.get(id) === entry) this.#pending.delete(id);
			throw error;
		} finally {
			// The page may have gone while the request was on its way.
			if (!this.#destroyed) {
				this.#setReporting();
				this.#refresh();
			}
		}
	}

	/** An item this person may report on (their own, numbered), or the refusal the server would give. */
	#reportable(id: string): Item & { number: number } {
		const item = this.item(id);
		if (!item || item.number === null) throw new ApiError(404, null, 'item_not_found');
		if (!this.canMove(item)) throw new ApiError(403, null, 'not_owner');
		return item as Item & { number: number };
	}

	/** The server action through which a member changes their own item. */
	async #sendReport(item: Item & { number: number }, body: { status?: Status; blocked?: boolean; blockedReason?: string }): Promise<void> {
		await api(`/api/boards/${encodeURIComponent(this.boardId)}/items/${item.number}/status`, { method: 'POST', body });
	}

	deleteItem(id: string): void {
		this.#write('delete an item', () => deleteItem(this.doc, id));
	}

	restoreItem(id: string): void {
		this.#write('restore an item', () => restoreItem(this.doc, id));
	}

	/** After signing in again (e.g. in another tab): try the socket once more. */
	reconnect(): void {
		this.closedCode = null;
		this.#failedOpens = 0;
		this.provider.connect();
	}

	undo(): void {
		if (this.canEdit) this.undoManager.undo();
	}

	redo(): void {
		if (this.canEdit) this.undoManager.redo();
	}

	/** True when closing the page now would drop edits the server has not received (never while the saved copy keeps them). */
	hasUnsentChanges(): boolean {
		if (this.#cache?.keeping) return false;
		return this.pendingChanges || (this.provider.ws?.bufferedAmount ?? 0) > 0;
	}

	destroy(): void {
		this.#destroyed = true;
		for (const cleanup of this.#cleanup.splice(0)) cleanup();
		for (const timer of this.#timers) clearTimeout(timer);
		this.#timers.clear();
		this.provider.awareness.setLocalState(null);
		this.provider.destroy();
		this.#cache?.destroy();
		this.undoManager.destroy();
		this.#snapshot.destroy();
		this.doc.destroy();
	}
}
