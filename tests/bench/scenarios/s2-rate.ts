/**
 * S2 open-loop rate sweep: a board with 200 clients (190 receivers + 10 writers); the
 * writers send item updates on a fixed schedule at a rising total rate. A rate passes
 * when every receiver got every update and the p99 delivery latency is under 50 ms.
 * Ours closes a socket that sends more than 200 messages/s sustained (bursts of 1,000):
 * a step above ≈ 2,000 updates/s from 10 writers that lasts long enough ends with the
 * writers closed ("writers closed" in the log), and the sweep's figure is that limit.
 */
import * as Y from 'yjs';
import { board } from '../lib/board';
import { Client, closeAll, connectMany } from '../lib/client';
import { RawClient } from '../lib/raw-client';
import { Ledger, runStep, sweep, type StepResult, type Writer } from '../lib/openloop';
import type { ServerKind } from '../lib/proc';
import { ratio, type Row, type ScenarioResult } from '../lib/report';
import { median, round, sleep } from '../lib/stats';
import { Target, type BenchContext } from '../lib/target';

const CLIENTS = 200;
const WRITERS = 10;
const BOARD_ITEMS = 100;
const P99_LIMIT = 50;

interface SweepRun {
	best: StepResult | null;
	steps: StepResult[];
}

async function sweepOnce(target: Target, ctx: BenchContext): Promise<SweepRun> {
	const boardId = await target.createBoard();
	await target.seed(boardId, BOARD_ITEMS);
	const seeded = board(BOARD_ITEMS);
	const ep = target.endpoint(boardId);
	const ledger = new Ledger();
	const receivers = await connectMany(CLIENTS - WRITERS, () => new RawClient(ep, { onUpdate: ledger.onFrame }));
	const writers: Writer[] = [];
	for (let w = 0; w < WRITERS; w++) {
		const doc = new Y.Doc();
		Y.applyUpdate(doc, Y.encodeStateAsUpdate(seeded.doc));
		const client = new Client(ep, { doc, apply: true });
		await client.opened;
		await client.synced;
		client.stopApplying();
		writers.push({ client, doc, itemId: seeded.itemIds[1 + w] });
	}
	await sleep(300);
	const seconds = ctx.quick ? 0.8 : 3;
	try {
		// Unmeasured: the first second of load pays for JIT and buffer growth on both sides.
		await runStep(target, writers, ledger, receivers.length, 100, 1, Infinity);
		return await sweep(
			(rate) => runStep(target, writers, ledger, receivers.length, rate, seconds, P99_LIMIT),
			100,
			(r) =>
				ctx.log(
					`S2 ${target.label} ${r.rate}/s: p50 ${round(r.p50, 1)} p99 ${round(r.p99, 1)} ms, lost ${r.lost}, ${round(r.deliveriesPerSec, 0)} deliveries/s, server CPU ${round(r.cpuPct, 0)}%, load generator CPU ${round(r.loadGenCpuPct, 0)}%${r.sendLagP99 > 5 ? `, load generator lag p99 ${round(r.sendLagP99, 1)} ms` : ''}${r.writersClosed ? `, ${r.writersClosed} writers closed` : ''} → ${r.pass ? 'pass' : 'FAIL'}`
				),
			ctx.quick ? 10 : 16,
			!ctx.quick
		);
	} finally {
		closeAll(receivers);
		closeAll(writers.map((w) => w.client));
		await sleep(300);
	}
}

export async function s2(ctx: BenchContext): Promise<ScenarioResult> {
	const kinds: ServerKind[] = ['ours', 'reference'];
	const runs: Record<string, SweepRun[]> = { ours: [], reference: [] };
	const targets = new Map<ServerKind, Target>();
	try {
		const started = await Promise.allSettled(kinds.map((kind) => Target.start(kind, ctx, { profileAs: kind === 'ours' && ctx.profile.has('S2') ? 'S2' : undefined })));
		started.forEach((s, i) => s.status === 'fulfilled' && targets.set(kinds[i], s.value));
		for (const s of started) if (s.status === 'rejected') throw s.reason;
		for (let run = 0; run < ctx.runs; run++) {
			for (const kind of run % 2 === 0 ? kinds : [...kinds].reverse()) runs[kind].push(await sweepOnce(targets.get(kind)!, ctx));
		}
	} finally {
		await Promise.all([...targets.values()].map((t) => t.stop()));
	}
	const bestRate = (kind: string) => median(runs[kind].map((r) => r.best?.rate ?? 0));
	const bestPick = (kind: string, pick: (s: StepResult) => number) => median(runs[kind].map((r) => (r.best ? pick(r.best) : NaN)));
	const ours = bestRate('ours');
	const ref = bestRate('reference');
	// How busy the load generator was at the first failing step of each sweep.
	const genAtLimit = Math.max(
		...Object.values(runs)
			.flat()
			.map((r) => r.steps.find((s) => !s.pass)?.loadGenCpuPct ?? 0)
	);
	const rows: Row[] = [
		{
			id: 'S2',
			figure: `highest rate, p99 < ${P99_LIMIT} ms, none lost (${CLIENTS} clients)`,
			unit: 'upd/s',
			ours,
			reference: ref,
			ratio: ratio(ours, ref),
			target: '≥ 1.25× reference',
			pass: ref > 0 ? ours >= 1.25 * ref : null,
			note: genAtLimit >= 85 ? `load generator at up to ${round(genAtLimit, 0)}% CPU at the limit: partly its limit` : undefined
		},
		{
			id: 'S2',
			figure: 'deliveries/s at that rate',
			unit: '/s',
			ours: round(bestPick('ours', (s) => s.deliveriesPerSec), 0),
			reference: round(bestPick('reference', (s) => s.deliveriesPerSec), 0),
			ratio: ratio(bestPick('ours', (s) => s.deliveriesPerSec), bestPick('reference', (s) => s.deliveriesPerSec)),
			target: '',
			pass: null
		},
		{
			id: 'S2',
			figure: 'server CPU at that rate',
			unit: '%',
			ours: round(bestPick('ours', (s) => s.cpuPct), 0),
			reference: round(bestPick('reference', (s) => s.cpuPct), 0),
			target: '',
			pass: null
		},
		{
			id: 'S2',
			figure: 'delivery p99 at that rate',
			unit: 'ms',
			ours: round(bestPick('ours', (s) => s.p99), 1),
			reference: round(bestPick('reference', (s) => s.p99), 1),
			target: `< ${P99_LIMIT} ms`,
			pass: null
		}
	];
	return { id: 'S2', title: 'open-loop rate sweep', rows, raw: { clients: CLIENTS, writers: WRITERS, runs } };
}
