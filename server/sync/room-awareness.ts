/**
 * Presence in one room: a server-side y-protocols Awareness that relays what clients
 * announce and forgets a socket's clients when it closes. Real changes go out at once
 * (coalesced per tick); renewals that only bump a client's clock are held and relayed in
 * one frame per window, because idle rooms are all renewals: 300 clients renewing every
 * 15 s would otherwise cost every socket 20 frames a second.
 */
import * as awarenessProtocol from 'y-protocols/awareness';
import type * as Y from 'yjs';
import { atTurnEnd } from '../turn-end';
import type { Connection } from './connection';
import { encodeAwareness, encodeAwarenessEntries, type AwarenessEntry } from './protocol';

/**
 * Clock-only renewals wait at most this long, and the room sends at most one frame of them
 * per window. y-websocket renews every 15–18 s and peers drop a client after 30 s without
 * news, so a renewal relayed up to 5 s late still arrives with 7 s or more to spare.
 */
export const HEARTBEAT_WINDOW_MS = 5_000;

interface ChangeSet {
	added: number[];
	updated: number[];
	removed: number[];
}

export class RoomAwareness {
	readonly awareness: awarenessProtocol.Awareness;
	/** Which connection introduced each client id; others may not overwrite it. */
	private readonly owners = new Map<number, Connection>();
	private readonly owned = new Map<Connection, Set<number>>();
	/** Clients whose state changed: relayed at the end of this tick. */
	private readonly pending = new Set<number>();
	/** Clients that only renewed their clock: relayed with the next frame, or when the window ends. */
	private readonly held = new Set<number>();
	/** When the room last sent an awareness frame (room clock). */
	private lastFrameAt = -Infinity;
	private windowTimer: NodeJS.Timeout | null = null;
	/** Client ids whose state really changed in the update being applied ('change' precedes 'update'). */
	private changed: Set<number> | null = null;
	private destroyed = false;

	constructor(
		doc: Y.Doc,
		/** Sends one frame to every connection of the room, the sender included: y-websocket
		 * closes a socket that hears nothing for 30 s, and a lone client only hears its own echo. */
		private readonly broadcast: (bytes: Uint8Array) => void,
		private readonly now: () => number = () => performance.now(),
		private readonly windowMs: number = HEARTBEAT_WINDOW_MS
	) {
		this.awareness = new awarenessProtocol.Awareness(doc);
		// The server has no presence of its own.
		this.awareness.setLocalState(null);
		this.awareness.on('change', this.onChange);
		this.awareness.on('update', this.onUpdate);
	}

	/** Applies an awareness frame from `conn`, minus entries about other people's clients. */
	apply(conn: Connection, update: Uint8Array, entries: readonly AwarenessEntry[]): void {
		const accepted = entries.filter((entry) => this.mayWrite(conn, entry.clientId));
		if (accepted.length === 0) return;
		for (const entry of accepted) if (entry.state !== null) this.claim(conn, entry.clientId);
		const bytes = accepted.length === entries.length ? update : encodeAwarenessEntries(accepted);
		awarenessProtocol.applyAwarenessUpdate(this.awareness, bytes, conn);
	}

	/** The connection closed: its clients leave, and everyone is told. */
	remove(conn: Connection): void {
		const ids = this.owned.get(conn);
		this.owned.delete(conn);
		if (!ids || ids.size === 0) return;
		for (const id of ids) this.owners.delete(id);
		awarenessProtocol.removeAwarenessStates(this.awareness, [...ids], 'closed');
	}

	/** Every known state, for a socket that just joined or asked (null when there is none). */
	statesMessage(): Uint8Array | null {
		const ids = [...this.awareness.getStates().keys()];
		if (ids.length === 0) return null;
		return encodeAwareness(awarenessProtocol.encodeAwarenessUpdate(this.awareness, ids));
	}

	destroy(): void {
		this.destroyed = true;
		this.clearWindowTimer();
		this.awareness.off('change', this.onChange);
		this.awareness.off('update', this.onUpdate);
		this.awareness.destroy();
	}

	/** A person may take over their own client id (a reconnect racing the old socket's close). */
	private mayWrite(conn: Connection, clientId: number): boolean {
		const owner = this.owners.get(clientId);
		return owner === undefined || owner === conn || owner.userId === conn.userId;
	}

	private claim(conn: Connection, clientId: number): void {
		const owner = this.owners.get(clientId);
		if (owner === conn) return;
		if (owner) this.owned.get(owner)?.delete(clientId);
		this.owners.set(clientId, conn);
		let ids = this.owned.get(conn);
		if (!ids) this.owned.set(conn, (ids = new Set()));
		ids.add(clientId);
	}

	private readonly onChange = ({ added, updated, removed }: ChangeSet): void => {
		this.changed = new Set([...added, ...updated, ...removed]);
	};

	private readonly onUpdate = ({ added, updated, removed }: ChangeSet): void => {
		const changed = this.changed ?? new Set<number>();
		this.changed = null;
		for (const id of [...added, ...updated, ...removed]) {
			if (changed.has(id)) {
				this.pending.add(id);
				this.held.delete(id);
			} else if (!this.pending.has(id)) {
				this.held.add(id);
			}
		}
		for (const id of removed) {
			const owner = this.owners.get(id);
			if (owner) this.owned.get(owner)?.delete(id);
			this.owners.delete(id);
		}
		if (this.pending.size > 0) return this.flushThisTick();
		if (this.held.size === 0) return;
		const waited = this.now() - this.lastFrameAt;
		// A quiet room relays a renewal at once; a busy one gathers them for the rest of the window.
		if (waited > this.windowMs) this.flushThisTick();
		else if (!this.windowTimer) {
			this.windowTimer = setTimeout(this.flushHeld, this.windowMs - waited);
			this.windowTimer.unref();
		}
	};

	private readonly flushThisTick = atTurnEnd(() => this.flush());

	private readonly flushHeld = (): void => {
		this.windowTimer = null;
		this.flush();
	};

	/**
	 * One frame for every client that changed or renewed since the last one, encoded once
	 * for every socket. Held renewals ride along with a change for free.
	 */
	private readonly flush = (): void => {
		if (this.destroyed || (this.pending.size === 0 && this.held.size === 0)) return;
		const ids = [...this.pending, ...this.held];
		this.pending.clear();
		this.held.clear();
		this.clearWindowTimer();
		this.lastFrameAt = this.now();
		this.broadcast(encodeAwareness(awarenessProtocol.encodeAwarenessUpdate(this.awareness, ids)));
	};

	private clearWindowTimer(): void {
		if (!this.windowTimer) return;
		clearTimeout(this.windowTimer);
		this.windowTimer = null;
	}
}
