/**
 * S3 awareness: 300 clients on one board, each with a presence state, otherwise idle.
 * Like y-websocket's Awareness, each client renews its state (same state, clock + 1)
 * every 15 s; the renewals are spread evenly over the 15 s, as in a long-running room.
 * Measuring starts 10.5 s after the joins (see s3 below).
 * Figures: server CPU % and the awareness messages/s the clients receive.
 */
import { randomInt } from 'node:crypto';
import { awarenessFrame, Client, closeAll, connectMany } from '../lib/client';
import { RawClient } from '../lib/raw-client';
import type { ServerKind } from '../lib/proc';
import { ratio, type Row, type ScenarioResult } from '../lib/report';
import { median, round, sleep } from '../lib/stats';
import { Target, type BenchContext } from '../lib/target';

const CLIENTS = 300;
const RENEW_MS = 15_000;
const HEARTBEAT_GAP_MS = 10_500;
const COLORS = ['#30bced', '#6eeb83', '#ffbc42', '#ecd444', '#ee6352', '#9ac2c9', '#8acb88', '#1be7ff'];

interface AwarenessRun {
	cpuPct: number;
	messagesPerSec: number;
	renewalsSent: number;
	windowSec: number;
}

interface Room {
	clients: RawClient[];
	measure(windowMs: number): Promise<AwarenessRun>;
}

/** Joins CLIENTS clients, each announcing its presence once. */
async function awarenessRoom(target: Target): Promise<Room> {
	const boardId = await target.createBoard();
	const ep = target.endpoint(boardId);
	const ids = Array.from({ length: CLIENTS }, () => randomInt(1, 2 ** 31));
	const clocks = new Array<number>(CLIENTS).fill(0);
	const state = (i: number) => ({ user: { name: `成员${i}`, color: COLORS[i % COLORS.length], id: `user-${i}` }, openItem: null });
	const clients = await connectMany(CLIENTS, () => new RawClient(ep));
	for (let i = 0; i < CLIENTS; i++) clients[i].send(awarenessFrame(ids[i], ++clocks[i], state(i)));
	return {
		clients,
		async measure(windowMs) {
			const timers: NodeJS.Timeout[] = [];
			let renewals = 0;
			const phase = Array.from({ length: CLIENTS }, (_, i) => (i * RENEW_MS) / CLIENTS);
			const frames0 = clients.reduce((n, c) => n + c.awarenessFrames, 0);
			const cpu0 = target.cpuNs();
			const t0 = performance.now();
			for (let i = 0; i < CLIENTS; i++) {
				const renew = () => {
					renewals++;
					clients[i].send(awarenessFrame(ids[i], ++clocks[i], state(i)));
				};
				timers.push(
					setTimeout(() => {
						renew();
						timers.push(setInterval(renew, RENEW_MS));
					}, phase[i])
				);
			}
			await sleep(windowMs);
			const cpu = target.cpuNs() - cpu0;
			const elapsed = performance.now() - t0;
			const frames = clients.reduce((n, c) => n + c.awarenessFrames, 0) - frames0;
			for (const t of timers) clearTimeout(t);
			await sleep(200);
			return { cpuPct: (cpu / 1e6 / elapsed) * 100, messagesPerSec: frames / (elapsed / 1000), renewalsSent: renewals, windowSec: elapsed / 1000 };
		}
	};
}

export async function s3(ctx: BenchContext): Promise<ScenarioResult> {
	const windowMs = ctx.quick ? 2_000 : RENEW_MS;
	const kinds: ServerKind[] = ['ours', 'reference'];
	const runs: Record<string, AwarenessRun[]> = { ours: [], reference: [] };
	const targets = new Map<ServerKind, Target>();
	try {
		const started = await Promise.allSettled(kinds.map((kind) => Target.start(kind, ctx, { profileAs: kind === 'ours' && ctx.profile.has('S3') ? 'S3' : undefined })));
		started.forEach((s, i) => s.status === 'fulfilled' && targets.set(kinds[i], s.value));
		for (const s of started) if (s.status === 'rejected') throw s.reason;
		for (let run = 0; run < ctx.runs; run++) {
			// Both rooms are joined first and wait out the 10 s together; then each server is
			// measured alone (the other's clients stay connected and silent meanwhile).
			const rooms = new Map<ServerKind, Room>();
			try {
				for (const kind of kinds) rooms.set(kind, await awarenessRoom(targets.get(kind)!));
				// Let the join storm settle, and start measuring at least 10 s after each
				// client's announcement: our server relays a state that only renews its clock
				// at most every 10 s per client, so renewals right after a join are not steady
				// state (y-websocket renews every 15 s: in a long-running room every renewal
				// comes more than 10 s after the last).
				await sleep(HEARTBEAT_GAP_MS);
				for (const kind of run % 2 === 0 ? kinds : [...kinds].reverse()) {
					const r = await rooms.get(kind)!.measure(windowMs);
					runs[kind].push(r);
					ctx.log(`S3 run ${run + 1} ${kind}: CPU ${round(r.cpuPct, 1)}%, ${round(r.messagesPerSec, 0)} messages/s received (${r.renewalsSent} renewals in ${round(r.windowSec, 1)} s)`);
				}
			} finally {
				for (const room of rooms.values()) closeAll(room.clients);
				await sleep(300);
			}
		}
	} finally {
		await Promise.all([...targets.values()].map((t) => t.stop()));
	}
	const cpu = (k: string) => median(runs[k].map((r) => r.cpuPct));
	const msgs = (k: string) => median(runs[k].map((r) => r.messagesPerSec));
	const rows: Row[] = [
		{
			id: 'S3',
			figure: `server CPU, ${CLIENTS} idle clients with presence`,
			unit: '%',
			ours: round(cpu('ours'), 2),
			reference: round(cpu('reference'), 2),
			ratio: ratio(cpu('ours'), cpu('reference')),
			target: '≤ 1/3 reference',
			pass: cpu('ours') <= cpu('reference') / 3
		},
		{
			id: 'S3',
			figure: 'awareness messages/s received by the clients',
			unit: '/s',
			ours: round(msgs('ours'), 0),
			reference: round(msgs('reference'), 0),
			ratio: ratio(msgs('ours'), msgs('reference')),
			target: '',
			pass: null
		}
	];
	return { id: 'S3', title: 'awareness', rows, raw: { clients: CLIENTS, renewMs: RENEW_MS, windowMs, runs } };
}
