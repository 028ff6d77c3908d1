/**
 * S1 fan-out: one writer, N thin receivers. Each round the writer changes one item's title
 * (~100-byte update) and we time until every receiver has the frame carrying it; rounds
 * run one after another. The raw relay (no Yjs) is the floor.
 */
import * as Y from 'yjs';
import { board, scanMarkers, titleUpdate } from '../lib/board';
import { Client, closeAll, connectMany, updateFrame } from '../lib/client';
import { RawClient } from '../lib/raw-client';
import type { ServerKind } from '../lib/proc';
import { ratio, type Row, type ScenarioResult } from '../lib/report';
import { median, percentile, round, Samples, sleep } from '../lib/stats';
import { Target, type BenchContext } from '../lib/target';

let seqCounter = 1;
export const nextSeq = (): number => seqCounter++;

export interface FanoutRun {
	n: number;
	rounds: number;
	/** Time until all N had the update, per round: p50 / p99 (ms). */
	allP50: number;
	allP99: number;
	/** Single deliveries: p50 / p99 (ms). */
	deliveryP50: number;
	deliveryP99: number;
	lostDeliveries: number;
	cpuUsPerDelivery: number;
	updateBytes: number;
}

const BOARD_ITEMS = 100;

export async function fanout(target: Target, n: number, rounds: number, warm: number): Promise<FanoutRun> {
	const boardId = await target.createBoard();
	await target.seed(boardId, BOARD_ITEMS);
	const seeded = board(BOARD_ITEMS);
	const ep = target.endpoint(boardId);
	const writerDoc = new Y.Doc();
	Y.applyUpdate(writerDoc, Y.encodeStateAsUpdate(seeded.doc));
	const writer = new Client(ep, { doc: writerDoc, apply: true });
	await writer.opened;
	await writer.synced;

	let current = -1;
	let count = 0;
	let t0 = 0;
	let last = 0;
	const got = new Uint8Array(n);
	const deliveries = new Samples();
	let measuring = false;
	let roundDone: (() => void) | null = null;
	const receivers = await connectMany(
		n,
		(i) =>
			new RawClient(ep, {
				onUpdate: (frame, now) =>
					scanMarkers(frame, (seq) => {
						if (seq !== current || got[i]) return;
						got[i] = 1;
						count++;
						last = now;
						if (measuring) deliveries.push(now - t0);
						if (count === n) roundDone?.();
					})
			})
	);
	await sleep(200);

	const allHave: number[] = [];
	let lost = 0;
	let cpu0 = 0;
	let updateBytes = 0;
	try {
		for (let r = 0; r < warm + rounds; r++) {
			if (r === warm) {
				measuring = true;
				cpu0 = target.cpuNs();
			}
			const seq = nextSeq();
			const update = titleUpdate(writerDoc, seeded.itemIds[0], seq);
			updateBytes = update.byteLength;
			const frame = updateFrame(update);
			got.fill(0);
			count = 0;
			current = seq;
			let timer: NodeJS.Timeout | undefined;
			const done = new Promise<void>((resolve) => {
				roundDone = resolve;
				timer = setTimeout(resolve, 2000);
			});
			t0 = performance.now();
			writer.send(frame);
			await done;
			clearTimeout(timer);
			roundDone = null;
			if (measuring) {
				if (count < n) {
					lost += n - count;
					allHave.push(Infinity);
				} else allHave.push(last - t0);
			}
			await sleep(1);
		}
	} finally {
		measuring = false;
	}
	const cpu = target.cpuNs() - cpu0;
	closeAll(receivers);
	writer.close();
	await sleep(300);
	return {
		n,
		rounds,
		allP50: percentile(allHave, 50),
		allP99: percentile(allHave, 99),
		deliveryP50: deliveries.p(50),
		deliveryP99: deliveries.p(99),
		lostDeliveries: lost,
		cpuUsPerDelivery: cpu / 1000 / (rounds * n),
		updateBytes
	};
}

export async function s1(ctx: BenchContext): Promise<ScenarioResult> {
	const ns = ctx.quick ? [50, 200, 1000] : [50, 200, 500, 1000];
	const rounds = ctx.quick ? 40 : 300;
	const warm = ctx.quick ? 5 : 30;
	const kinds: ServerKind[] = ['ours', 'reference', 'relay'];
	const targets = new Map<ServerKind, Target>();
	const runs = new Map<string, FanoutRun[]>();
	try {
		const started = await Promise.allSettled(kinds.map((kind) => Target.start(kind, ctx, { profileAs: kind === 'ours' && ctx.profile.has('S1') ? 'S1' : undefined })));
		started.forEach((s, i) => s.status === 'fulfilled' && targets.set(kinds[i], s.value));
		for (const s of started) if (s.status === 'rejected') throw s.reason;
		for (let run = 0; run < ctx.runs; run++) {
			for (const n of ns) {
				// Rotate who goes first so drift on the machine does not favour one server.
				const order = kinds.map((_, i) => kinds[(i + run) % kinds.length]);
				for (const kind of order) {
					const result = await fanout(targets.get(kind)!, n, rounds, warm);
					const key = `${kind}/${n}`;
					runs.set(key, [...(runs.get(key) ?? []), result]);
					ctx.log(`S1 run ${run + 1} N=${n} ${kind}: all-have p50 ${round(result.allP50, 2)} ms, p99 ${round(result.allP99, 2)} ms, ${round(result.cpuUsPerDelivery, 2)} µs CPU/delivery${result.lostDeliveries ? `, LOST ${result.lostDeliveries}` : ''}`);
				}
			}
		}
	} finally {
		await Promise.all([...targets.values()].map((t) => t.stop()));
	}

	const med = (kind: ServerKind, n: number, pick: (r: FanoutRun) => number) => median((runs.get(`${kind}/${n}`) ?? []).map(pick));
	const lostOf = (kind: ServerKind, n: number) => (runs.get(`${kind}/${n}`) ?? []).reduce((s, r) => s + r.lostDeliveries, 0);
	const rows: Row[] = [];
	for (const n of ns) {
		for (const [name, pick] of [
			['p50', (r: FanoutRun) => r.allP50],
			['p99', (r: FanoutRun) => r.allP99]
		] as const) {
			const ours = med('ours', n, pick);
			const ref = med('reference', n, pick);
			const floor = med('relay', n, pick);
			const targets: string[] = ['≤ reference'];
			let pass = ours <= ref;
			if (n === 200 && name === 'p50') {
				targets.push('≤ 1.3× floor');
				pass = pass && ours <= 1.3 * floor;
			}
			if (n === 1000 && name === 'p99') {
				targets.push('≤ 50 ms');
				pass = pass && ours <= 50;
			}
			const lost = lostOf('ours', n);
			rows.push({
				id: 'S1',
				figure: `N=${n} all have it ${name}`,
				unit: 'ms',
				ours: round(ours, 2),
				reference: round(ref, 2),
				floor: round(floor, 2),
				ratio: ratio(ours, ref),
				target: targets.join(', '),
				pass: lost > 0 ? false : pass,
				note: lost > 0 ? `ours lost ${lost} deliveries` : n === 200 && name === 'p50' ? `${(ours / floor).toFixed(2)}× floor` : undefined
			});
		}
		const ours = med('ours', n, (r) => r.cpuUsPerDelivery);
		const ref = med('reference', n, (r) => r.cpuUsPerDelivery);
		rows.push({
			id: 'S1',
			figure: `N=${n} server CPU per delivery`,
			unit: 'µs',
			ours: round(ours, 2),
			reference: round(ref, 2),
			floor: round(med('relay', n, (r) => r.cpuUsPerDelivery), 2),
			ratio: ratio(ours, ref),
			target: '',
			pass: null
		});
	}
	return {
		id: 'S1',
		title: 'fan-out',
		rows,
		raw: { ns, rounds, warm, boardItems: BOARD_ITEMS, runs: Object.fromEntries(runs) }
	};
}
