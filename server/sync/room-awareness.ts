/**
 * Presence in one room: a server-side y-protocols Awareness that relays what clients
 * announce, coalesced per tick, and forgets a socket's clients when it closes.
 */
import * as awarenessProtocol from 'y-protocols/awareness';
import type * as Y from 'yjs';
import type { Connection } from './connection';
import { encodeAwareness, encodeAwarenessEntries, type AwarenessEntry } from './protocol';

/**
 * An update that only bumps a client's clock (y-websocket renews its state every 15 s,
 * peers drop a client after 30 s without one) is relayed at most this often per client:
 * every regular renewal still gets through, a client bumping its clock in a loop does not.
 */
export const HEARTBEAT_RELAY_MS = 10_000;

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
	private readonly pending = new Set<number>();
	private readonly lastRelayed = new Map<number, number>();
	/** Client ids whose state really changed in the update being applied ('change' precedes 'update'). */
	private changed: Set<number> | null = null;
	private flushScheduled = false;
	private destroyed = false;

	constructor(
		doc: Y.Doc,
		/** Sends one frame to every connection of the room, the sender included: y-websocket
		 * closes a socket that hears nothing for 30 s, and a lone client only hears its own echo. */
		private readonly broadcast: (bytes: Uint8Array) => void,
		private readonly now: () => number = () => performance.now()
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
		const now = this.now();
		for (const id of [...added, ...updated, ...removed]) {
			const heartbeatOnly = !changed.has(id);
			if (heartbeatOnly && now - (this.lastRelayed.get(id) ?? -Infinity) < HEARTBEAT_RELAY_MS) continue;
			this.pending.add(id);
		}
		for (const id of removed) {
			const owner = this.owners.get(id);
			if (owner) this.owned.get(owner)?.delete(id);
			this.owners.delete(id);
		}
		if (this.pending.size > 0 && !this.flushScheduled) {
			this.flushScheduled = true;
			setImmediate(this.flush);
		}
	};

	/** One frame per tick for all clients that changed, encoded once for every socket. */
	private readonly flush = (): void => {
		this.flushScheduled = false;
		if (this.destroyed || this.pending.size === 0) return;
		const ids = [...this.pending];
		this.pending.clear();
		const now = this.now();
		const states = this.awareness.getStates();
		for (const id of ids) {
			if (states.has(id)) this.lastRelayed.set(id, now);
			else this.lastRelayed.delete(id);
		}
		this.broadcast(encodeAwareness(awarenessProtocol.encodeAwarenessUpdate(this.awareness, ids)));
	};
}
