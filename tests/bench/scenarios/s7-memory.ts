/**
 * S7 memory, asked of the server process after full GCs (it runs with --expose-gc):
 * - per loaded 10k-item board: memory with one client on a 10k-item board minus memory
 *   before the board was seeded (minus one connection), twice: right after the seeding
 *   wrote it (ours: the room's document is live) and after a quiet spell of
 *   DEFAULT_COOL_AFTER_MS + 2 s without writes (ours: the room went cold, [SY20]; the
 *   reference keeps its doc, measured at the same moment);
 * - after everyone leaves: how long until the memory of that board is released (our
 *   rooms unload after a grace period; the reference keeps documents while it has no
 *   persistence, so we ask it how many it holds);
 * - per connection: N more clients on a small board (measured first).
 * "Memory" is heapUsed + external (JS heap plus buffers the heap points to); RSS is in
 * the raw results.
 */
import { Client, closeAll, connectMany, withTimeout } from '../lib/client';
import { RawClient } from '../lib/raw-client';
import type { Mem, ServerKind } from '../lib/proc';
import { ratio, type Row, type ScenarioResult } from '../lib/report';
import { round, sleep } from '../lib/stats';
import { Target, type BenchContext } from '../lib/target';
import { DEFAULT_COOL_AFTER_MS } from '../../../server/sync/room';

const BOARD_ITEMS = 10_000;
const js = (m: Mem) => m.heapUsed + m.external;

interface MemoryRun {
	baseline: Mem;
	loaded: Mem;
	perConnectionKB: number;
	perBoardMB: number;
	/** The same after a quiet spell with the client still on the board. */
	quiet: Mem;
	perBoardQuietMB: number;
	/** Seconds from the last client leaving until the board's memory was released; null = not within the wait. */
	unloadSec: number | null;
	roomsAfter: number | null;
	conns: number;
}

async function measure(kind: ServerKind, ctx: BenchContext): Promise<MemoryRun> {
	const conns = ctx.quick ? 200 : 500;
	const maxWaitMs = 35_000;
	const target = await Target.start(kind, ctx, { profileAs: kind === 'ours' && ctx.profile.has('S7') ? 'S7' : undefined });
	try {
		// Per connection first, on a small board: 1 client, then `conns` more.
		const small = await target.createBoard();
		await target.seed(small, 100);
		const ep = target.endpoint(small);
		const first = new RawClient(ep);
		await first.opened;
		await first.synced;
		await sleep(200);
		const m1 = await target.mem();
		const many = await connectMany(conns, () => new RawClient(ep));
		await sleep(500);
		const m2 = await target.mem();
		const perConnectionKB = (js(m2) - js(m1)) / conns / 1024;
		closeAll(many);
		await sleep(500);

		// A 10k-item board: the difference between before seeding and one client on it.
		// `first` stays on the small board meanwhile, so that room stays as it was.
		const big = await target.createBoard();
		const baseline = await target.mem();
		await target.seed(big, BOARD_ITEMS);
		const joiner = new RawClient(target.endpoint(big));
		await joiner.opened;
		await withTimeout(joiner.synced, 60_000, 'joining the 10k board');
		await sleep(300);
		const loaded = await target.mem();
		const perBoardMB = (js(loaded) - js(baseline)) / 2 ** 20 - perConnectionKB / 1024;
		await sleep(DEFAULT_COOL_AFTER_MS + 2_000);
		const quiet = await target.mem();
		const perBoardQuietMB = (js(quiet) - js(baseline)) / 2 ** 20 - perConnectionKB / 1024;
		await Promise.all([joiner.closeGracefully(), first.closeGracefully()]);
		const left = performance.now();
		let unloadSec: number | null = null;
		let roomsAfter: number | null = null;
		// --quick does not wait for it: the unload grace (20 s) alone is a sixth of a quick run.
		const waitForRelease = !ctx.quick;
		if (waitForRelease && kind === 'ours') {
			// Measured from the last figure: ours' room went cold before everyone left.
			const threshold = js(baseline) + (js(quiet) - js(baseline)) * 0.2;
			while (performance.now() - left < maxWaitMs) {
				await sleep(1000);
				if (js(await target.mem()) <= threshold) {
					unloadSec = (performance.now() - left) / 1000;
					break;
				}
			}
		} else if (waitForRelease) {
			await sleep(2000);
			roomsAfter = (await target.proc.call<number>('rooms')) ?? null;
		}
		return { baseline, loaded, perConnectionKB, perBoardMB, quiet, perBoardQuietMB, unloadSec, roomsAfter, conns };
	} finally {
		await target.stop();
	}
}

export async function s7(ctx: BenchContext): Promise<ScenarioResult> {
	const kinds: ServerKind[] = ['ours', 'reference'];
	// Both servers at once: each one's memory is its own process's, and most of S7 is waiting
	// (the quiet spell, the unload grace), which would otherwise be waited twice.
	const measured = await Promise.all(kinds.map((kind) => measure(kind, ctx)));
	const runs: Record<string, MemoryRun> = { ours: measured[0], reference: measured[1] };
	for (const kind of kinds) {
		const r = runs[kind];
		ctx.log(
			`S7 ${kind}: ${round(r.perConnectionKB, 1)} KB per connection, ${round(r.perBoardMB, 1)} MB per loaded 10k board just written, ${round(r.perBoardQuietMB, 1)} MB after a quiet spell, ${ctx.quick ? 'release not measured (--quick)' : kind === 'ours' ? `released ${r.unloadSec === null ? 'not within 35 s' : `after ${round(r.unloadSec, 1)} s`}` : `rooms still in memory 2 s after everyone left: ${r.roomsAfter}`}`
		);
	}
	const o = runs.ours;
	const rows: Row[] = [
		{
			id: 'S7',
			figure: 'memory per connection',
			unit: 'KB',
			ours: round(o.perConnectionKB, 1),
			reference: round(runs.reference.perConnectionKB, 1),
			ratio: ratio(o.perConnectionKB, runs.reference.perConnectionKB),
			target: '≤ 20 KB',
			pass: o.perConnectionKB <= 20
		},
		{
			id: 'S7',
			figure: 'memory per loaded 10k-item board, just written (ours: document live)',
			unit: 'MB',
			ours: round(o.perBoardMB, 1),
			reference: round(runs.reference.perBoardMB, 1),
			ratio: ratio(o.perBoardMB, runs.reference.perBoardMB),
			target: '≤ 30 MB',
			pass: o.perBoardMB <= 30
		},
		{
			id: 'S7',
			figure: `memory per loaded 10k-item board, ${(DEFAULT_COOL_AFTER_MS + 2_000) / 1000} s without writes (ours: cold room)`,
			unit: 'MB',
			ours: round(o.perBoardQuietMB, 1),
			reference: round(runs.reference.perBoardQuietMB, 1),
			ratio: ratio(o.perBoardQuietMB, runs.reference.perBoardQuietMB),
			target: '≤ 30 MB',
			pass: o.perBoardQuietMB <= 30
		},
		{
			id: 'S7',
			figure: 'board memory released after the last client left',
			unit: 's',
			ours: ctx.quick ? 'not measured (--quick)' : o.unloadSec === null ? 'not within 35 s' : round(o.unloadSec, 1),
			reference: ctx.quick ? 'not measured (--quick)' : runs.reference.roomsAfter ? `never (${runs.reference.roomsAfter} docs kept)` : 'released',
			target: '≤ 30 s',
			pass: ctx.quick ? null : o.unloadSec !== null && o.unloadSec <= 30,
			note: 'polled every 1 s'
		}
	];
	return { id: 'S7', title: 'memory', rows, raw: { runs } };
}
