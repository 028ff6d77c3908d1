/**
 * Lets work in a few at a time, one batch per turn of the event loop. Websocket upgrades go
 * through it: each costs ≈ 0.3–0.5 ms (session and board checks, the handshake, the room's
 * greeting), and a hundred people opening a board at once arrive in one poll phase. Handled
 * back to back they held up every other room's edits (bench S4: another board's delivery
 * p99 ≈ 100 ms during a 100-join storm); one per turn lets those edits through in between.
 */
import { atTurnEnd } from '../turn-end';

export class TurnQueue {
	private readonly waiting: Array<() => void> = [];

	constructor(private readonly perTurn = 1) {}

	/** Resolves when it is the caller's turn: callers go in the order they asked. */
	turn(): Promise<void> {
		return new Promise((resolve) => {
			this.waiting.push(resolve);
			this.schedule();
		});
	}

	/** Whatever else arrived in this turn goes first. */
	private readonly schedule = atTurnEnd(() => {
		for (const resolve of this.waiting.splice(0, this.perTurn)) resolve();
		if (this.waiting.length > 0) this.schedule();
	});
}
