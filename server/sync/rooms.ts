/**
 * The live rooms of the process: a board's room is loaded on first use and unloaded a
 * grace period after its last connection (or server-side use) ended, once its writes
 * are stored. The grace period spares a reload when someone merely refreshes the page.
 */
import { Room, type RoomOptions } from './room';

export const DEFAULT_UNLOAD_GRACE_MS = 20_000;

export interface RoomsOptions extends Omit<RoomOptions, 'onClosed' | 'onVacated'> {
	unloadGraceMs?: number;
	/** A room was created (still loading): the hook for projections that follow every board. */
	onCreated?: (room: Room) => void;
}

interface Entry {
	room: Room;
	/** change()/read() calls in progress. */
	leases: number;
	timer: ReturnType<typeof setTimeout> | null;
}

export class Rooms {
	private readonly entries = new Map<string, Entry>();

	constructor(private readonly options: RoomsOptions) {}

	/** The board's live room, loading it if needed. */
	open(boardId: string): Room {
		let entry = this.entries.get(boardId);
		if (!entry) {
			const room = new Room(boardId, {
				...this.options,
				onClosed: (closed) => this.forget(closed),
				onVacated: (vacated) => this.unloadLater(vacated)
			});
			entry = { room, leases: 0, timer: null };
			this.entries.set(boardId, entry);
			this.options.onCreated?.(room);
		}
		if (entry.timer) {
			clearTimeout(entry.timer);
			entry.timer = null;
		}
		return entry.room;
	}

	/** Runs `fn` on the board's room; the room stays loaded until it settles. */
	async use<T>(boardId: string, fn: (room: Room) => Promise<T>): Promise<T> {
		this.open(boardId);
		const entry = this.entries.get(boardId)!;
		entry.leases++;
		try {
			return await fn(entry.room);
		} finally {
			entry.leases--;
			this.unloadLater(entry.room);
		}
	}

	/** Boards with a room in memory (tests and diagnostics). */
	loadedBoards(): string[] {
		return [...this.entries.keys()];
	}

	get(boardId: string): Room | undefined {
		return this.entries.get(boardId)?.room;
	}

	/** Stores what every room holds, then drops them all. */
	async close(): Promise<void> {
		const entries = [...this.entries.values()];
		for (const entry of entries) if (entry.timer) clearTimeout(entry.timer);
		await Promise.all(entries.map((entry) => entry.room.settled()));
		for (const entry of entries) entry.room.destroy();
		this.entries.clear();
	}

	private unloadLater(room: Room): void {
		const entry = this.current(room);
		if (!entry || !unused(entry)) return;
		if (entry.timer) clearTimeout(entry.timer);
		entry.timer = setTimeout(() => void this.unload(entry), this.options.unloadGraceMs ?? DEFAULT_UNLOAD_GRACE_MS);
		// Writes are stored every tick anyway; a pending unload must not keep the process alive.
		entry.timer.unref?.();
	}

	private async unload(entry: Entry): Promise<void> {
		entry.timer = null;
		if (this.current(entry.room) !== entry || !unused(entry)) return;
		await entry.room.settled();
		// Someone may have joined while the last writes were stored.
		if (this.current(entry.room) !== entry || !unused(entry) || entry.timer) return;
		this.entries.delete(entry.room.boardId);
		entry.room.destroy();
	}

	private forget(room: Room): void {
		const entry = this.current(room);
		if (!entry) return;
		if (entry.timer) clearTimeout(entry.timer);
		this.entries.delete(room.boardId);
	}

	private current(room: Room): Entry | undefined {
		const entry = this.entries.get(room.boardId);
		return entry?.room === room ? entry : undefined;
	}
}

function unused(entry: Entry): boolean {
	return entry.leases === 0 && entry.room.connectionCount === 0;
}
