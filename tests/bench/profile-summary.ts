/**
 * npx tsx tests/bench/profile-summary.ts <file.cpuprofile | profile directory> [--top 25]
 *
 * Given a directory (one per profiled server run, one file per thread), it picks the
 * main thread's profile: the one with the most samples outside tsx's loader.
 *
 * Summarises a V8 CPU profile written by `npm run bench -- --profile S1` (our server is
 * started with --cpu-prof): self time by function and by package/file, and total time
 * (self + callees) of the functions that matter most. Idle and GC are listed as such.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

interface CallFrame {
	functionName: string;
	url: string;
	lineNumber: number;
}
interface Node {
	id: number;
	callFrame: CallFrame;
	children?: number[];
}
interface Profile {
	nodes: Node[];
	samples: number[];
	timeDeltas: number[];
	startTime: number;
	endTime: number;
}

function where(frame: CallFrame): string {
	const url = frame.url.replace(/^file:\/\//, '');
	const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url)?.[1];
	if (pkg) return pkg;
	if (!url) return '(native)';
	if (url.startsWith('node:')) return url;
	const i = url.indexOf('/work/main/');
	return i >= 0 ? url.slice(i + '/work/main/'.length) : url;
}

function label(frame: CallFrame): string {
	return `${frame.functionName || '(anonymous)'}  ${where(frame)}:${frame.lineNumber + 1}`;
}

export function summarise(profile: Profile, top = 25): string {
	const byId = new Map(profile.nodes.map((n) => [n.id, n]));
	const parent = new Map<number, number>();
	for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
	const self = new Map<number, number>();
	let total = 0;
	profile.samples.forEach((id, i) => {
		const dt = profile.timeDeltas[i] ?? 0;
		self.set(id, (self.get(id) ?? 0) + dt);
		total += dt;
	});
	const selfByLabel = new Map<string, number>();
	const selfByWhere = new Map<string, number>();
	const inclusive = new Map<string, number>();
	for (const [id, us] of self) {
		const node = byId.get(id)!;
		const l = label(node.callFrame);
		selfByLabel.set(l, (selfByLabel.get(l) ?? 0) + us);
		const w = node.callFrame.functionName.startsWith('(') ? node.callFrame.functionName : where(node.callFrame);
		selfByWhere.set(w, (selfByWhere.get(w) ?? 0) + us);
		// inclusive: every distinct frame on the stack gets the sample's time once
		const seen = new Set<string>();
		for (let n: number | undefined = id; n !== undefined; n = parent.get(n)) {
			const lab = label(byId.get(n)!.callFrame);
			if (seen.has(lab)) continue;
			seen.add(lab);
			inclusive.set(lab, (inclusive.get(lab) ?? 0) + us);
		}
	}
	const busy = total - (selfByWhere.get('(idle)') ?? 0) - (selfByWhere.get('(program)') ?? 0);
	const pct = (us: number, of = total) => `${((us / of) * 100).toFixed(1).padStart(5)}%`;
	const ms = (us: number) => `${(us / 1000).toFixed(0).padStart(7)} ms`;
	const lines: string[] = [];
	lines.push(`profile: ${(total / 1e6).toFixed(1)} s sampled, ${(busy / 1e6).toFixed(1)} s busy (not idle/program)`);
	lines.push('\nself time by package / file:');
	for (const [w, us] of [...selfByWhere].sort((a, b) => b[1] - a[1]).slice(0, 15)) lines.push(`${ms(us)} ${pct(us)}  ${w}`);
	lines.push('\nself time by function:');
	for (const [l, us] of [...selfByLabel].sort((a, b) => b[1] - a[1]).slice(0, top)) lines.push(`${ms(us)} ${pct(us)}  ${l}`);
	lines.push('\ntotal time (self + callees) by function, project code and Yjs/libSQL/ws only:');
	for (const [l, us] of [...inclusive]
		.filter(([l]) => /server\/|src\/lib|yjs|libsql|ws:|ws\/| ws|y-protocols|lib0|hono/.test(l))
		.sort((a, b) => b[1] - a[1])
		.slice(0, top))
		lines.push(`${ms(us)} ${pct(us)}  ${l}`);
	return lines.join('\n');
}

/** The main thread's profile of a directory: the largest file (the loader thread's is small). */
export function mainProfile(path: string): string {
	if (!statSync(path).isDirectory()) return path;
	const files = readdirSync(path)
		.filter((f) => f.endsWith('.cpuprofile'))
		.map((f) => join(path, f));
	if (files.length === 0) throw new Error(`no .cpuprofile in ${path}`);
	return files.sort((a, b) => statSync(b).size - statSync(a).size)[0];
}

const file = process.argv[2];
if (file) {
	const topIndex = process.argv.indexOf('--top');
	const top = topIndex > 0 ? Number(process.argv[topIndex + 1]) : 25;
	const chosen = mainProfile(file);
	console.log(chosen);
	console.log(summarise(JSON.parse(readFileSync(chosen, 'utf8')) as Profile, top));
} else if (process.argv[1]?.endsWith('profile-summary.ts')) {
	console.log('usage: npx tsx tests/bench/profile-summary.ts <file.cpuprofile> [--top 25]');
}
