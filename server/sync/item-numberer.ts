/**
 * Server-assigned item numbers (DESIGN.md: "Numbers are assigned by the server from a
 * counter row in libSQL, never by a client"). One allocation per board is in flight at
 * a time and the unnumbered items are looked up again after it lands, so no item can
 * be given two numbers.
 */
import type * as Y from 'yjs';
import { getItem, unnumberedItemIds } from '../../src/lib/board/index';
import type { Logger } from './logger';

export type AllocateNumbers = (boardId: string, count: number) => Promise<number[]>;

export class ItemNumberer {
	private running: Promise<void> | null = null;
	private again = false;
	private stopped = false;

	constructor(
		private readonly boardId: string,
		private readonly doc: Y.Doc,
		private readonly allocate: AllocateNumbers,
		/** Writes the numbers into the doc, a change the room stores and broadcasts. */
		private readonly assign: (numbers: Map<string, number>) => void,
		private readonly logger: Logger
	) {}

	/** Numbers every unnumbered item: now, or right after the allocation in flight. */
	request(): void {
		if (this.stopped) return;
		if (this.running) {
			this.again = true;
			return;
		}
		this.running = this.loop().finally(() => {
			this.running = null;
		});
	}

	get busy(): boolean {
		return this.running !== null;
	}

	/** Resolves once no allocation is in flight (never rejects). */
	async idle(): Promise<void> {
		while (this.running) await this.running;
	}

	/** The room is going away: numbers allocated from now on are not applied. */
	stop(): void {
		this.stopped = true;
	}

	private async loop(): Promise<void> {
		do {
			this.again = false;
			await this.numberOnce();
		} while (this.again && !this.stopped);
	}

	private async numberOnce(): Promise<void> {
		const ids = unnumberedInCreationOrder(this.doc);
		if (ids.length === 0) return;
		let numbers: number[];
		try {
			numbers = await this.allocate(this.boardId, ids.length);
		} catch (error) {
			// The items stay unnumbered; the next item added (or the next load) tries again.
			this.logger.error(`sync: allocating ${ids.length} item numbers for board ${this.boardId} failed`, error);
			return;
		}
		if (numbers.length !== ids.length) {
			this.logger.error(`sync: asked for ${ids.length} numbers for board ${this.boardId}, got ${numbers.length}`);
			return;
		}
		// A stopped room's doc is gone; the numbers are skipped, never reused.
		if (this.stopped) return;
		this.assign(new Map(ids.map((id, i) => [id, numbers[i]])));
	}
}

/** Oldest first, ties by id: two servers looking at the same doc number it the same way. */
export function unnumberedInCreationOrder(doc: Y.Doc): string[] {
	const created = new Map(unnumberedItemIds(doc).map((id) => [id, getItem(doc, id)?.createdAt ?? '']));
	return [...created.keys()].sort((a, b) => {
		const [ta, tb] = [created.get(a)!, created.get(b)!];
		if (ta !== tb) return ta < tb ? -1 : 1;
		return a < b ? -1 : a > b ? 1 : 0;
	});
}
