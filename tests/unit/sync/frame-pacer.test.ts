/**
 * The pacer of large frames (a big board's step 2 to many joiners at once): other sockets'
 * frames are never held up, large ones go out a few at a time, each socket keeps its order.
 */
import { describe, expect, it } from 'vitest';
import { FramePacer, type FrameOutlet } from '../../../server/sync/frame-pacer';
import { turns } from './helpers';

/** An outlet whose writes drain only when the test says so. */
class Outlet implements FrameOutlet {
	readonly written: number[] = [];
	private readonly undrained: Array<() => void> = [];

	write(bytes: Uint8Array, drained?: (error?: Error) => void): void {
		this.written.push(bytes.length);
		if (drained) this.undrained.push(() => drained());
	}

	drainAll(): void {
		for (const drain of this.undrained.splice(0)) drain();
	}
}

const small = (n: number) => new Uint8Array(n);
const large = (n: number) => new Uint8Array(100 + n);

describe('FramePacer', () => {
	it('writes small frames at once, in order', () => {
		const pacer = new FramePacer(100, 1);
		const a = new Outlet();
		pacer.send(a, small(1));
		pacer.send(a, small(2));
		expect(a.written).toEqual([1, 2]);
	});

	it('writes large frames one slot at a time, the next only after the previous drained and a turn passed', async () => {
		const pacer = new FramePacer(100, 1);
		const outlets = [new Outlet(), new Outlet(), new Outlet()];
		outlets.forEach((o, i) => pacer.send(o, large(i)));
		expect(outlets.map((o) => o.written.length)).toEqual([1, 0, 0]);
		outlets[0].drainAll();
		// Not in the same tick: other rooms get a turn first.
		expect(outlets[1].written).toEqual([]);
		await turns(1);
		expect(outlets.map((o) => o.written.length)).toEqual([1, 1, 0]);
		outlets[1].drainAll();
		await turns(1);
		expect(outlets.map((o) => o.written.length)).toEqual([1, 1, 1]);
	});

	it('keeps a socket’s order behind its large frame, and lets other sockets’ small frames through', async () => {
		const pacer = new FramePacer(100, 1);
		const joiner = new Outlet();
		const other = new Outlet();
		pacer.send(joiner, large(5));
		pacer.send(joiner, small(7));
		pacer.send(other, small(9));
		expect(joiner.written).toEqual([105]);
		expect(other.written).toEqual([9]);
		expect(pacer.queued(joiner)).toBe(1);
		joiner.drainAll();
		await turns(1);
		expect(joiner.written).toEqual([105, 7]);
		expect(pacer.queued(joiner)).toBe(0);
		// Back to direct writes once the queue is empty.
		pacer.send(joiner, small(3));
		expect(joiner.written).toEqual([105, 7, 3]);
	});

	it('gives the slot of a socket that closed to the next one, and drops its queue', async () => {
		const pacer = new FramePacer(100, 1);
		const gone = new Outlet();
		const next = new Outlet();
		pacer.send(gone, large(1));
		pacer.send(gone, large(2));
		pacer.send(next, large(3));
		pacer.forget(gone);
		expect(next.written).toEqual([103]);
		gone.drainAll();
		await turns(1);
		expect(gone.written).toEqual([101]);
		expect(pacer.queued(gone)).toBe(0);
	});
});
