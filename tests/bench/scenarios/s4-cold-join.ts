/**
 * S4 cold join: boards of 1k and 10k items. One client joins (alone), then 100 join at
 * once; each sends a y-websocket step 1 with an empty state vector and is synced when
 * the server's step 2 (the whole board) has arrived. Meanwhile another board with 20
 * clients gets 20 updates/s, and we time its deliveries during the storm.
 *
 * "Cold" means as cold as each server gets: ours is restarted after seeding, so the
 * first join loads the board from libSQL; the reference (no persistence) never unloads a
 * document, so its boards stay in memory from seeding on.
 */
import * as Y from 'yjs';
import { board, scanMarkers, titleUpdate } from '../lib/board';
import { Client, closeAll, connectMany, updateFrame, withTimeout } from '../lib/client';
import { RawClient } from '../lib/raw-client';
import type { ServerKind } from '../lib/proc';
import { ratio, type Row, type ScenarioResult } from '../lib/report';
import { median, percentile, round, Samples, sleep } from '../lib/stats';
import { Target, type BenchContext } from '../lib/target';

const STORM = 100;
/** --quick: a smaller storm (the reference needs ~0.3 s of CPU per 10k-item join). */
const QUICK_STORM = 30;
const BG_CLIENTS = 20;
const BG_RATE = 20;

interface JoinResult {
	items: number;
	joins: number;
	/** Until the last client had its step 2 (ms). */
	syncedMs: number;
	cpuMsPerJoin: number;
	/** Storms only: the other board's delivery p99 / lost during the storm. */
	otherP99?: number;
	otherLost?: number;
	stepBytes: number;
}

/** Another board under steady load; records delivery latencies while `recording`. */
class Background {
	private clients: RawClient[] = [];
	private writer!: Client;
	private timer: NodeJS.Timeout | null = null;
	private readonly sendAt = new Map<number, number>();
	private readonly got = new Map<number, number>();
	private seq = 90_000_000;
	recording = false;
	latencies = new Samples();
	cpuBaselineNsPerMs = 0;

	async start(target: Target, boardId: string): Promise<void> {
		const seeded = board(100);
		const ep = target.endpoint(boardId);
		this.clients = await connectMany(BG_CLIENTS, () => new RawClient(ep, { onUpdate: (frame, now) => this.onFrame(frame, now) }));
		const doc = new Y.Doc();
		Y.applyUpdate(doc, Y.encodeStateAsUpdate(seeded.doc));
		this.writer = new Client(ep, { doc, apply: true });
		await this.writer.opened;
		await this.writer.synced;
		this.writer.stopApplying();
		this.timer = setInterval(() => {
			const seq = this.seq++;
			const frame = updateFrame(titleUpdate(doc, seeded.itemIds[5], seq));
			if (this.recording) this.sendAt.set(seq, performance.now());
			this.writer.send(frame);
		}, 1000 / BG_RATE);
		// A baseline of its cost, to take out of the storm's CPU.
		await sleep(500);
		const cpu0 = target.cpuNs();
		const t0 = performance.now();
		await sleep(2000);
		this.cpuBaselineNsPerMs = (target.cpuNs() - cpu0) / (performance.now() - t0);
	}

	private onFrame(frame: Buffer, now: number): void {
		scanMarkers(frame, (seq) => {
			const at = this.sendAt.get(seq);
			if (at === undefined) return;
			this.latencies.push(now - at);
			this.got.set(seq, (this.got.get(seq) ?? 0) + 1);
		});
	}

	begin(): void {
		this.sendAt.clear();
		this.got.clear();
		this.latencies = new Samples();
		this.recording = true;
	}

	/** Stops recording new sends; waits up to 2 s for the ones recorded to arrive. */
	async end(): Promise<{ p99: number; lost: number }> {
		this.recording = false;
		const deadline = performance.now() + 2000;
		const expected = () => this.sendAt.size * BG_CLIENTS;
		const have = () => [...this.got.values()].reduce((a, b) => a + b, 0);
		while (performance.now() < deadline && have() < expected()) await sleep(10);
		const lost = expected() - have();
		return { p99: lost > 0 ? Infinity : this.latencies.p(99), lost };
	}

	stop(): void {
		if (this.timer) clearInterval(this.timer);
		closeAll(this.clients);
		this.writer?.close();
	}
}

async function join(target: Target, boardId: string, items: number, count: number, background: Background | null): Promise<JoinResult> {
	const ep = target.endpoint(boardId);
	background?.begin();
	const cpu0 = target.cpuNs();
	const t0 = performance.now();
	const clients = await connectMany(count, () => new RawClient(ep), count, 180_000);
	const synced = Math.max(...(await Promise.all(clients.map((c) => c.synced))));
	await sleep(20);
	const elapsed = performance.now() - t0;
	let cpu = target.cpuNs() - cpu0;
	const other = background ? await background.end() : null;
	if (background) cpu -= background.cpuBaselineNsPerMs * elapsed;
	const stepBytes = clients[0].syncBytes;
	closeAll(clients);
	await sleep(200);
	return { items, joins: count, syncedMs: synced - t0, cpuMsPerJoin: cpu / 1e6 / count, otherP99: other?.p99, otherLost: other?.lost, stepBytes };
}

async function coldJoins(kind: ServerKind, ctx: BenchContext, sizes: number[], singles: number, storms: number, storm: number): Promise<JoinResult[]> {
	let target = await Target.start(kind, ctx);
	const results: JoinResult[] = [];
	try {
		const plan: Array<{ items: number; boardId: string; count: number }> = [];
		for (const items of sizes) {
			for (let i = 0; i < singles + storms; i++) {
				const boardId = await target.createBoard();
				await target.seed(boardId, items);
				plan.push({ items, boardId, count: i < singles ? 1 : storm });
			}
		}
		// Sanity: what was seeded is what a client gets.
		await target.verifyBoard(plan[0].boardId, plan[0].items);
		const warmups: Array<[string, number]> = [];
		for (const items of ctx.quick ? sizes.slice(0, 1) : sizes) {
			const boardId = await target.createBoard();
			await target.seed(boardId, items);
			warmups.push([boardId, items]);
		}
		const other = await target.createBoard();
		await target.seed(other, 100);
		if (kind === 'ours') {
			// Every room unloaded: the first join of each board reads it from the database.
			target = await target.restart(ctx, ctx.profile.has('S4') ? 'S4' : undefined);
		}
		// One join of each size on other boards first: we time a cold board, not a cold JIT.
		for (const [boardId, items] of warmups) await join(target, boardId, items, 1, null);
		for (const step of plan.filter((p) => p.count === 1)) {
			const r = await join(target, step.boardId, step.items, 1, null);
			results.push(r);
			ctx.log(`S4 ${kind} ${step.items} items, 1 join: synced in ${round(r.syncedMs, 1)} ms, ${round(r.cpuMsPerJoin, 2)} ms CPU (${(r.stepBytes / 1e6).toFixed(2)} MB step 2)`);
		}
		const background = new Background();
		await background.start(target, other);
		try {
			for (const step of plan.filter((p) => p.count > 1)) {
				const r = await join(target, step.boardId, step.items, step.count, background);
				results.push(r);
				ctx.log(
					`S4 ${kind} ${step.items} items, ${step.count} joins at once: all synced in ${round(r.syncedMs, 0)} ms, ${round(r.cpuMsPerJoin, 2)} ms CPU per join, other board p99 ${round(r.otherP99 ?? NaN, 1)} ms${r.otherLost ? ` (lost ${r.otherLost})` : ''}`
				);
			}
		} finally {
			background.stop();
		}
	} finally {
		await target.stop();
	}
	return results;
}

export async function s4(ctx: BenchContext): Promise<ScenarioResult> {
	const sizes = [1000, 10000];
	const singles = ctx.quick ? 1 : ctx.runs;
	const storms = ctx.quick ? 1 : Math.min(ctx.runs, 2);
	const storm = ctx.quick ? QUICK_STORM : STORM;
	const all: Record<string, JoinResult[]> = {};
	for (const kind of ['ours', 'reference'] as ServerKind[]) all[kind] = await withTimeout(coldJoins(kind, ctx, sizes, singles, storms, storm), 600_000, `S4 ${kind}`);
	const pick = (kind: string, items: number, joins: number, f: (r: JoinResult) => number) =>
		median(all[kind].filter((r) => r.items === items && r.joins === joins).map(f));
	const rows: Row[] = [];
	for (const items of sizes) {
		const label = items >= 1000 ? `${items / 1000}k` : String(items);
		const oursCpu = pick('ours', items, 1, (r) => r.cpuMsPerJoin);
		const refCpu = pick('reference', items, 1, (r) => r.cpuMsPerJoin);
		rows.push({
			id: 'S4',
			figure: `${label} items, 1 join: server CPU per join`,
			unit: 'ms',
			ours: round(oursCpu, 2),
			reference: round(refCpu, 2),
			ratio: ratio(oursCpu, refCpu),
			target: items === 10000 ? '≤ 1/4 reference' : '',
			pass: items === 10000 ? oursCpu <= refCpu / 4 : null,
			note: 'ours: load from libSQL + join'
		});
		rows.push({
			id: 'S4',
			figure: `${label} items, 1 join: time until synced`,
			unit: 'ms',
			ours: round(pick('ours', items, 1, (r) => r.syncedMs), 1),
			reference: round(pick('reference', items, 1, (r) => r.syncedMs), 1),
			ratio: ratio(pick('ours', items, 1, (r) => r.syncedMs), pick('reference', items, 1, (r) => r.syncedMs)),
			target: '',
			pass: null
		});
		const stormCpuO = pick('ours', items, storm, (r) => r.cpuMsPerJoin);
		const stormCpuR = pick('reference', items, storm, (r) => r.cpuMsPerJoin);
		rows.push({
			id: 'S4',
			figure: `${label} items, ${storm} joins at once: CPU per join`,
			unit: 'ms',
			ours: round(stormCpuO, 2),
			reference: round(stormCpuR, 2),
			ratio: ratio(stormCpuO, stormCpuR),
			target: items === 10000 ? '≤ 1/4 reference' : '',
			pass: items === 10000 ? stormCpuO <= stormCpuR / 4 : null
		});
		rows.push({
			id: 'S4',
			figure: `${label} items, ${storm} joins at once: time until all synced`,
			unit: 'ms',
			ours: round(pick('ours', items, storm, (r) => r.syncedMs), 0),
			reference: round(pick('reference', items, storm, (r) => r.syncedMs), 0),
			ratio: ratio(pick('ours', items, storm, (r) => r.syncedMs), pick('reference', items, storm, (r) => r.syncedMs)),
			target: '',
			pass: null
		});
		const p99O = pick('ours', items, storm, (r) => r.otherP99 ?? NaN);
		const p99R = pick('reference', items, storm, (r) => r.otherP99 ?? NaN);
		rows.push({
			id: 'S4',
			figure: `${label} items, ${storm}-join storm: other board's p99`,
			unit: 'ms',
			ours: round(p99O, 1),
			reference: round(p99R, 1),
			ratio: ratio(p99O, p99R),
			target: '< 50 ms',
			pass: p99O < 50
		});
	}
	return { id: 'S4', title: 'cold join', rows, raw: { sizes, storm, background: { clients: BG_CLIENTS, rate: BG_RATE }, results: all } };
}
