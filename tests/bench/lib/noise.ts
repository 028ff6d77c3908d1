/**
 * How busy the machine was with things other than the bench: CPU used by every other
 * process (from /proc/<pid>/stat) and the hypervisor's steal time (/proc/stat). The bench
 * cannot stop other work on a shared machine; it says when there was some.
 */
import { readdirSync, readFileSync } from 'node:fs';

const TICK_MS = 10; // USER_HZ = 100

/** Pids of the bench itself (this process and the servers it started). */
export const benchPids = new Set<number>([process.pid]);

const parents = new Map<number, number>();

/** This process, its parent (tsx) and everything they started (servers, Chromium). */
function isBench(pid: number): boolean {
	for (let p = pid, hops = 0; p > 1 && hops < 20; p = parents.get(p) ?? 0, hops++) if (benchPids.has(p)) return true;
	return false;
}

function procTicks(): Map<number, number> {
	const out = new Map<number, number>();
	for (const entry of readdirSync('/proc')) {
		const pid = Number(entry);
		if (!Number.isInteger(pid)) continue;
		try {
			const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
			parents.set(pid, Number(fields[1]));
			// utime, stime, cutime, cstime (children that exited, e.g. test runners' workers)
			out.set(pid, Number(fields[11]) + Number(fields[12]) + Number(fields[13]) + Number(fields[14]));
		} catch {
			// gone
		}
	}
	return out;
}

function stealTicks(): { steal: number; total: number } {
	const cpu = readFileSync('/proc/stat', 'utf8').split('\n')[0].split(/\s+/).slice(1).map(Number);
	return { steal: cpu[7] ?? 0, total: cpu.reduce((a, b) => a + b, 0) };
}

export interface Noise {
	/** CPU other processes used, in % of one core, over the interval. */
	othersPctOfCore: number;
	/** Steal time, % of all CPU time. */
	stealPct: number;
	/** The busiest other processes. */
	top: Array<{ pid: number; pctOfCore: number; command: string }>;
}

export function startNoise(): () => Noise {
	const t0 = performance.now();
	const before = procTicks();
	const steal0 = stealTicks();
	return () => {
		const ms = performance.now() - t0;
		const after = procTicks();
		const steal1 = stealTicks();
		const top: Noise['top'] = [];
		let others = 0;
		for (const [pid, ticks] of after) {
			if (isBench(pid)) continue;
			const delta = ticks - (before.get(pid) ?? ticks);
			if (delta <= 0) continue;
			others += delta;
			let command = '';
			try {
				command = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ').trim().slice(0, 80);
			} catch {
				// gone
			}
			top.push({ pid, pctOfCore: ((delta * TICK_MS) / ms) * 100, command });
		}
		top.sort((a, b) => b.pctOfCore - a.pctOfCore);
		const total = steal1.total - steal0.total;
		return {
			othersPctOfCore: ((others * TICK_MS) / ms) * 100,
			stealPct: total > 0 ? ((steal1.steal - steal0.steal) / total) * 100 : 0,
			top: top.slice(0, 5)
		};
	};
}
