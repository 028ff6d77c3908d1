/**
 * The public progress board in the browser: watches /sync/public/SLUG and keeps a reactive
 * snapshot of the published board. The server rebuilds the public document after a restart,
 * so every (re)connection starts from a fresh Y.Doc and provider ([SY19] in PROTOCOL.md).
 * Browser-only: create it in an effect, destroy it when the page goes.
 */
import * as Y from 'yjs';
import { WebsocketProvider } from 'y-websocket';
import { readPublicDoc, type PublicBoard } from '$lib/board';
import { CloseCode } from '$lib/sync/close-codes';
import { useFastUtf8 } from './fast-utf8';
import { changedSomething } from './local-updates';

export type PublicConnection = 'connecting' | 'live' | 'reconnecting' | 'gone';

const FIRST_BACKOFF_MS = 1000;
const MAX_BACKOFF_MS = 30_000;
/** Asks for the server's state now and then: y-websocket drops a socket that heard nothing for 30 s. */
const RESYNC_MS = 15_000;
/** Attempts that never opened before the page asks the server whether the board is still public. */
const FAILED_OPENS_BEFORE_CHECK = 2;
/** While live, the shown state is current: the "as of" time moves on by itself. */
const AS_OF_TICK_MS = 20_000;

function publicSyncUrl(): string {
	return `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/sync/public`;
}

export class PublicBoardSession {
	/** The published board: the server-rendered one until the first sync, then the live one. */
	board = $state.raw<PublicBoard>({ title: '', prefix: '', fields: [], areas: [], items: [] });
	/** When the shown state was last known to be current (ISO). */
	asOf = $state('');
	state = $state<PublicConnection>('connecting');

	readonly #slug: string;
	#doc: Y.Doc | null = null;
	#provider: WebsocketProvider | null = null;
	#everSynced = false;
	#opened = false;
	#failedOpens = 0;
	#backoff = FIRST_BACKOFF_MS;
	#timer: ReturnType<typeof setTimeout> | null = null;
	#destroyed = false;
	#tick: ReturnType<typeof setInterval>;

	constructor(slug: string, initial: PublicBoard, renderedAt: string) {
		this.#slug = slug;
		this.board = initial;
		this.asOf = renderedAt;
		window.addEventListener('online', this.#onOnline);
		this.#tick = setInterval(() => {
			if (this.state === 'live') this.asOf = new Date().toISOString();
		}, AS_OF_TICK_MS);
		this.#connect();
	}

	#connect(): void {
		if (this.#destroyed || this.state === 'gone') return;
		useFastUtf8();
		const doc = new Y.Doc();
		const provider = new WebsocketProvider(publicSyncUrl(), this.#slug, doc, {
			connect: true,
			// Tabs must not share documents: each rebuilds its own from the server.
			disableBc: true,
			resyncInterval: RESYNC_MS,
			// We reconnect ourselves, with a fresh document.
			shouldReconnect: () => false
		});
		this.#doc = doc;
		this.#provider = provider;
		this.#opened = false;
		this.state = this.#everSynced ? 'reconnecting' : 'connecting';

		// Read-only: nothing local to send. And without 'update' listeners Yjs does not encode
		// what the server sent once more (≈ 40 % of applying a big board).
		doc.off('update', provider._updateHandler);
		doc.on('afterTransactionCleanup', (transaction: Y.Transaction) => {
			if (this.#provider === provider && provider.synced && changedSomething(transaction)) this.#refresh(doc);
		});
		provider.on('status', ({ status }) => {
			if (this.#provider === provider && status === 'connected') this.#opened = true;
		});
		provider.on('sync', (synced: boolean) => {
			if (this.#provider !== provider || !synced) return;
			this.#everSynced = true;
			this.#failedOpens = 0;
			this.#backoff = FIRST_BACKOFF_MS;
			this.state = 'live';
			this.#refresh(doc);
		});
		provider.on('connection-close', (event) => {
			if (this.#provider !== provider) return;
			this.#drop();
			if (event?.code === CloseCode.NotFound) return this.#gone();
			if (!this.#opened && ++this.#failedOpens >= FAILED_OPENS_BEFORE_CHECK) void this.#checkStillPublic();
			this.#schedule();
		});
	}

	#refresh(doc: Y.Doc): void {
		this.board = readPublicDoc(doc);
		this.asOf = new Date().toISOString();
	}

	/** Lets go of the current document and provider (after y-websocket finished its close). */
	#drop(): void {
		const doc = this.#doc;
		const provider = this.#provider;
		this.#doc = null;
		this.#provider = null;
		// Up to now the shown state was current.
		if (this.state === 'live') this.asOf = new Date().toISOString();
		if (!this.#destroyed && this.state !== 'gone') this.state = this.#everSynced ? 'reconnecting' : 'connecting';
		queueMicrotask(() => {
			provider?.destroy();
			doc?.destroy();
		});
	}

	#schedule(): void {
		if (this.#destroyed || this.state === 'gone' || this.#timer) return;
		const wait = this.#backoff;
		this.#backoff = Math.min(this.#backoff * 2, MAX_BACKOFF_MS);
		this.#timer = setTimeout(() => {
			this.#timer = null;
			this.#connect();
		}, wait);
	}

	#gone(): void {
		this.state = 'gone';
		clearInterval(this.#tick);
		if (this.#timer) clearTimeout(this.#timer);
		this.#timer = null;
		if (this.#provider) this.#drop();
	}

	/** A refused upgrade reaches the browser as a bare 1006: ask the page itself whether it still exists. */
	async #checkStillPublic(): Promise<void> {
		this.#failedOpens = 0;
		try {
			const response = await fetch(`/p/${encodeURIComponent(this.#slug)}`, { headers: { accept: 'text/html' }, cache: 'no-store' });
			if (response.status === 404 && !this.#destroyed) this.#gone();
		} catch {
			// The network is down: keep trying.
		}
	}

	readonly #onOnline = (): void => {
		if (this.#provider || this.state === 'gone' || this.#destroyed) return;
		if (this.#timer) clearTimeout(this.#timer);
		this.#timer = null;
		this.#backoff = FIRST_BACKOFF_MS;
		this.#connect();
	};

	destroy(): void {
		this.#destroyed = true;
		window.removeEventListener('online', this.#onOnline);
		clearInterval(this.#tick);
		if (this.#timer) clearTimeout(this.#timer);
		this.#timer = null;
		const provider = this.#provider;
		const doc = this.#doc;
		this.#provider = null;
		this.#doc = null;
		provider?.destroy();
		doc?.destroy();
	}
}
