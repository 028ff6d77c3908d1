/**
 * Open-loop load: updates are sent on a fixed schedule (rate R, evenly spaced) whatever
 * the server does, from several writers; receivers timestamp every delivery by marker.
 * Latency is measured from the moment a frame was handed to the socket; how late the
 * load generator itself was against the schedule is reported as `sendLagP99`.
 */
import * as Y from 'yjs';
import { scanMarkers, titleUpdate } from './board';
import { Client, updateFrame } from './client';
import { percentile, Samples, sleep, waitFor } from './stats';
import type { Target } from './target';

export interface Writer {
	client: Client;
	doc: Y.Doc;
	itemId: string;
}

/** Delivery book-keeping for one step, shared by every receiver. */
export class Ledger {
	base = 0;
	total = 0;
	sendAt = new Float64Array(0);
	received = new Uint32Array(0);
	expected = 0;
	latencies = new Samples();
	deliveries = 0;
	active = false;

	reset(base: number, total: number, receiversPerUpdate: number): void {
		this.base = base;
		this.total = total;
		this.sendAt = new Float64Array(total);
		this.received = new Uint32Array(total);
		this.expected = receiversPerUpdate;
		this.latencies = new Samples();
		this.deliveries = 0;
	}

	/** Call for every frame a counting receiver gets. */
	onFrame = (frame: Buffer, now: number): void => {
		if (!this.active) return;
		scanMarkers(frame, (seq) => {
			const i = seq - this.base;
			if (i < 0 || i >= this.total || this.sendAt[i] === 0) return;
			this.received[i]++;
			this.deliveries++;
			this.latencies.push(now - this.sendAt[i]);
		});
	};

	lost(): number {
		let lost = 0;
		for (let i = 0; i < this.total; i++) lost += Math.max(0, this.expected - this.received[i]);
		return lost;
	}
}

export interface StepResult {
	rate: number;
	seconds: number;
	sent: number;
	deliveries: number;
	lost: number;
	p50: number;
	p99: number;
	max: number;
	deliveriesPerSec: number;
	cpuPct: number;
	sendLagP99: number;
	/** CPU of this load generator during the step: near 100% means the figure is ours, not the server's. */
	loadGenCpuPct: number;
	writersClosed: number;
	pass: boolean;
}

let seqBase = 50_000_000;

/**
 * One step: `rate` updates/s for `seconds`, spread round-robin over the writers, then up
 * to `drainMs` for stragglers. Frames are made before the clock starts.
 */
export async function runStep(
	target: Target,
	writers: Writer[],
	ledger: Ledger,
	receiversPerUpdate: number,
	rate: number,
	seconds: number,
	p99Limit: number,
	drainMs = 2000
): Promise<StepResult> {
	const total = Math.max(1, Math.round(rate * seconds));
	const base = seqBase;
	seqBase += total + 10;
	const frames: Uint8Array[] = new Array(total);
	const owner = new Uint16Array(total);
	for (let i = 0; i < total; i++) {
		const w = i % writers.length;
		owner[i] = w;
		frames[i] = updateFrame(titleUpdate(writers[w].doc, writers[w].itemId, base + i));
	}
	ledger.reset(base, total, receiversPerUpdate);
	const lag = new Samples();
	ledger.active = true;
	await sleep(20);
	const cpu0 = target.cpuNs();
	const own0 = process.cpuUsage();
	const t0 = performance.now();
	let next = 0;
	await new Promise<void>((resolve) => {
		const tick = () => {
			const now = performance.now();
			const due = Math.min(total, Math.floor(((now - t0) * rate) / 1000) + 1);
			while (next < due) {
				const at = performance.now();
				lag.push(at - (t0 + (next * 1000) / rate));
				ledger.sendAt[next] = at;
				writers[owner[next]].client.send(frames[next]);
				next++;
			}
			if (next >= total) return resolve();
			setTimeout(tick, 1);
		};
		tick();
	});
	const sendEnd = performance.now();
	const expectedDeliveries = total * receiversPerUpdate;
	await waitFor(() => ledger.deliveries >= expectedDeliveries, drainMs, 5);
	const end = performance.now();
	const cpu = target.cpuNs() - cpu0;
	const own = process.cpuUsage(own0);
	ledger.active = false;
	const lost = ledger.lost();
	const values = ledger.latencies.values();
	const p99 = lost > 0 ? Infinity : percentile(values, 99);
	const writersClosed = writers.filter((w) => w.client.closeCode !== null).length;
	await sleep(200);
	return {
		rate,
		seconds: (sendEnd - t0) / 1000,
		sent: total,
		deliveries: ledger.deliveries,
		lost,
		p50: percentile(values, 50),
		p99,
		max: percentile(values, 100),
		deliveriesPerSec: ledger.deliveries / ((end - t0) / 1000),
		cpuPct: (cpu / 1e6 / (end - t0)) * 100,
		sendLagP99: lag.p(99),
		loadGenCpuPct: ((own.user + own.system) / 1000 / (end - t0)) * 100,
		writersClosed,
		pass: lost === 0 && p99 < p99Limit && writersClosed === 0
	};
}

/**
 * Finds the highest passing rate: from `start`, climb ×1.5 while steps pass (or halve
 * while they fail) until a pass and a fail bracket the limit, then climb from the best
 * pass in 10% steps until a step fails. A failed step is run once more and only fails
 * if both attempts fail (not in --quick): on a shared machine one stray stall of another process must not
 * end a sweep (both servers get the same second chance). Bounded in steps.
 */
export async function sweep(
	step: (rate: number) => Promise<StepResult>,
	start: number,
	log: (r: StepResult) => void,
	maxSteps = 16,
	confirmFailures = true
): Promise<{ best: StepResult | null; steps: StepResult[] }> {
	const steps: StepResult[] = [];
	let best: StepResult | null = null;
	let failedAt = Infinity;
	const run = async (rate: number) => {
		const r = await step(Math.round(rate));
		steps.push(r);
		log(r);
		if (r.pass || !confirmFailures || steps.length >= maxSteps) return r;
		const again = await step(Math.round(rate));
		steps.push(again);
		log(again);
		return again;
	};
	let rate = start;
	while (steps.length < maxSteps) {
		const r = await run(rate);
		if (r.pass) {
			best = r;
			if (failedAt < Infinity) break;
			rate *= 1.5;
		} else {
			failedAt = Math.min(failedAt, r.rate);
			if (best) break;
			rate /= 2;
			if (rate < start / 16) return { best, steps };
		}
	}
	if (!best) return { best, steps };
	rate = best.rate * 1.1;
	while (steps.length < maxSteps && rate < failedAt * 0.97) {
		const r = await run(rate);
		if (!r.pass) break;
		best = r;
		rate *= 1.1;
	}
	return { best, steps };
}
