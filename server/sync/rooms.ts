/**
 * The live rooms of the process: a board's room is loaded on first use and unloaded a
 * grace period after its last connection (or server-side use) ended, once its writes
 * are stored. The grace period spares a reload when someone merely refreshes the page.
 */
import { Room, type RoomOptions } from './room';

export const DEFAULT_UNLOAD_GRACE_MS = 20_000;

export interface RoomsOptions extends Omit<RoomOptions, 'onClosed' | 'onVacated'> {
	unloadGraceMs?: number;
}

interface Entry {
	room: Room;
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
			entry = { room, timer: null };
			this.entries.set(boardId, entry);
		}
		if (entry.timer) {
			clearTimeout(entry.timer);
			entry.timer = null;
		}
		return entry.room;
	}

	/** Runs `fn` on the board's room; the room stays loaded until it settles. */
	async use<T>(boardId: string, fn: (room: Room) => Promise<T>): Promise<T> {
		const room = this.open(boardId);
		room.hold();
		try {
			return await fn(room);
		} finally {
			room.release();
			this.unloadLater(room);
		}
	}

	/** Boards with a room in memory (tests and diagnostics). */
	loadedBoards(): string[] {
		return [...this.entries.keys()];
	}

	get(boardId: string): Room | undefined {
		return this.entries.get(boardId)?.room;
	}

	/** Stores what every room holds (each board as one row, [SY20]), then drops them all. */
	async close(): Promise<void> {
		const entries = [...this.entries.values()];
		for (const entry of entries) if (entry.timer) clearTimeout(entry.timer);
		this.options.writer.drain();
		await Promise.all(entries.map((entry) => entry.room.fold()));
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
	return !entry.room.inUse && entry.room.connectionCount === 0;
}
