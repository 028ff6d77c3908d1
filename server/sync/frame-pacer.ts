/**
 * Paces large frames across the whole process. A 10k-item board's step 2 is ~6 MB; a
 * hundred people joining at once would otherwise hand 600 MB to sockets in one tick and
 * every other room would wait for it. No other message can go out in the middle of one, so whole large
 * frames are queued per socket and only a few are written at a time, each after the
 * previous one drained, with a turn of the event loop in between for other rooms' frames.
 */

import type { Frame } from './protocol';

/** The socket side of a paced connection: writes one frame, calls back once it drained. */
export interface FrameOutlet {
	write(bytes: Frame, drained?: (error?: Error) => void): void;
}

/** Frames at least this big are paced; smaller ones go out at once unless queued behind one. */
export const LARGE_FRAME_BYTES = 64 * 1024;
/** Large frames being written at the same time, process-wide. One, not two: in a 100-join storm of a 10k-item board (5.9 MB frames) other rooms' p99 went from 31–75 ms to 19–43 ms (bench S4). */
export const LARGE_FRAMES_IN_FLIGHT = 1;

class OutletQueue {
	readonly frames: Frame[] = [];
	/** A large frame of this outlet is being written. */
	writing = false;
	/** Waiting in the pacer's line for a turn. */
	waiting = false;
	closed = false;

	constructor(readonly outlet: FrameOutlet) {}
}

export class FramePacer {
	private readonly queues = new Map<FrameOutlet, OutletQueue>();
	/** Outlets whose next frame is large and waits for a free slot, first come first served. */
	private readonly line: OutletQueue[] = [];
	private inFlight = 0;

	constructor(
		private readonly largeBytes = LARGE_FRAME_BYTES,
		private readonly maxInFlight = LARGE_FRAMES_IN_FLIGHT
	) {}

	/** Sends a frame on an outlet, after every frame queued before it on that outlet. */
	send(outlet: FrameOutlet, bytes: Frame): void {
		const queue = this.queues.get(outlet);
		if (!queue && bytes.length < this.largeBytes) return outlet.write(bytes);
		const q = queue ?? this.open(outlet);
		q.frames.push(bytes);
		this.advance(q);
	}

	/** The outlet closed: its queued frames are dropped. */
	forget(outlet: FrameOutlet): void {
		const q = this.queues.get(outlet);
		if (!q) return;
		q.closed = true;
		q.frames.length = 0;
		this.queues.delete(outlet);
		if (q.waiting) this.line.splice(this.line.indexOf(q), 1);
		if (q.writing) this.release();
	}

	/** Frames still queued on an outlet (for tests and diagnostics). */
	queued(outlet: FrameOutlet): number {
		return this.queues.get(outlet)?.frames.length ?? 0;
	}

	private open(outlet: FrameOutlet): OutletQueue {
		const q = new OutletQueue(outlet);
		this.queues.set(outlet, q);
		return q;
	}

	/** Writes the outlet's small frames up to its next large one, which waits for a slot. */
	private advance(q: OutletQueue): void {
		if (q.writing || q.waiting || q.closed) return;
		while (q.frames.length > 0 && q.frames[0].length < this.largeBytes) q.outlet.write(q.frames.shift()!);
		if (q.frames.length === 0) {
			this.queues.delete(q.outlet);
			return;
		}
		q.waiting = true;
		this.line.push(q);
		this.startWaiting();
	}

	private startWaiting(): void {
		while (this.inFlight < this.maxInFlight && this.line.length > 0) {
			const q = this.line.shift()!;
			q.waiting = false;
			q.writing = true;
			this.inFlight++;
			let done = false;
			q.outlet.write(q.frames.shift()!, () => {
				if (done || q.closed) return;
				done = true;
				q.writing = false;
				// Yield a turn, so frames of other rooms (and their I/O) go first.
				setImmediate(() => {
					this.release();
					this.advance(q);
				});
			});
		}
	}

	private release(): void {
		this.inFlight--;
		this.startWaiting();
	}
}
