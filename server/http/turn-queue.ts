/**
 * Lets work in a few at a time, one batch per turn of the event loop. Websocket upgrades go
 * through it: each costs ≈ 0.3–0.5 ms (session and board checks, the handshake, the room's
 * greeting), and a hundred people opening a board at once arrive in one poll phase. Handled
 * back to back they held up every other room's edits (bench S4: another board's delivery
 * p99 ≈ 100 ms during a 100-join storm); one per turn lets those edits through in between.
 */
export class TurnQueue {
	private readonly waiting: Array<() => void> = [];
	private scheduled = false;

	constructor(private readonly perTurn = 1) {}

	/** Resolves when it is the caller's turn: callers go in the order they asked. */
	turn(): Promise<void> {
		return new Promise((resolve) => {
			this.waiting.push(resolve);
			this.schedule();
		});
	}

	private schedule(): void {
		if (this.scheduled) return;
		this.scheduled = true;
		// setImmediate runs after the loop's I/O callbacks: whatever arrived meanwhile goes first.
		setImmediate(this.release);
	}

	private readonly release = (): void => {
		this.scheduled = false;
		for (const resolve of this.waiting.splice(0, this.perTurn)) resolve();
		if (this.waiting.length > 0) this.schedule();
	};
}
