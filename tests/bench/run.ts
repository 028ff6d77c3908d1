/**
 * npm run bench [-- --quick] [-- --only S1,S4] [-- --runs 3] [-- --profile S2]
 *
 * Runs the scenarios of tests/bench/README.md against our server (as shipped: auth and
 * persistence on), the reference y-websocket server and, for fan-out, a raw ws relay.
 * Servers run pinned to core 0, this load generator to core 1. Prints a table and writes
 * tests/bench/results/<timestamp>.json and results/latest.json.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync, readFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { BENCH_DIR, pinSelf, ROOT } from './lib/proc';
import { renderTable, type ScenarioResult } from './lib/report';
import type { BenchContext } from './lib/target';
import { checkShape } from './lib/board';
import { startNoise } from './lib/noise';
import { s1 } from './scenarios/s1-fanout';
import { s2 } from './scenarios/s2-rate';
import { s3 } from './scenarios/s3-awareness';
import { s4 } from './scenarios/s4-cold-join';
import { s5 } from './scenarios/s5-persistence';
import { s6 } from './scenarios/s6-browser';
import { s7 } from './scenarios/s7-memory';

const SCENARIOS: Array<[string, string, (ctx: BenchContext) => Promise<ScenarioResult>]> = [
	['S1', 'fan-out', s1],
	['S2', 'open-loop rate sweep', s2],
	['S3', 'awareness', s3],
	['S4', 'cold join', s4],
	['S5', 'persistence', s5],
	['S6', 'browser', s6],
	['S7', 'memory', s7]
];

function parseArgs(argv: string[]) {
	const args = { quick: false, only: null as Set<string> | null, runs: 0, profile: new Set<string>(), keep: false, help: false };
	for (let i = 0; i < argv.length; i++) {
		const a = argv[i];
		const value = () => argv[++i] ?? '';
		if (a === '--quick') args.quick = true;
		else if (a === '--only') args.only = new Set(value().toUpperCase().split(','));
		else if (a === '--runs') args.runs = Number(value());
		else if (a === '--profile') args.profile = new Set(value().toUpperCase().split(','));
		else if (a === '--keep') args.keep = true;
		else if (a === '--help' || a === '-h') args.help = true;
		else throw new Error(`unknown argument ${a} (try --help)`);
	}
	return args;
}

async function main(): Promise<void> {
	const args = parseArgs(process.argv.slice(2));
	if (args.help) {
		console.log('usage: npm run bench -- [--quick] [--only S1,S2] [--runs N] [--profile S1,S4] [--keep]');
		return;
	}
	const pinned = pinSelf();
	checkShape();
	const stamp = new Date().toISOString().replace(/[:.]/g, '-');
	const resultsDir = join(BENCH_DIR, 'results');
	mkdirSync(resultsDir, { recursive: true });
	const tmpDir = mkdtempSync(join(tmpdir(), 'planboard-bench-'));
	const logFile = join(resultsDir, `${stamp}.log`);
	writeFileSync(logFile, '');
	const ctx: BenchContext = {
		quick: args.quick,
		runs: args.runs > 0 ? args.runs : args.quick ? 1 : 3,
		tmpDir,
		resultsDir,
		logFile,
		profile: args.profile,
		log: (message) => console.log(`  ${message}`)
	};
	const started = performance.now();
	const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { dependencies: Record<string, string>; devDependencies: Record<string, string> };
	console.log(`Planboard bench (${args.quick ? 'quick' : 'full'}, ${ctx.runs} run(s) each, medians): servers on core 0, load generator ${pinned}`);
	console.log(`  logs of the servers: ${logFile}`);

	const results: ScenarioResult[] = [];
	const stopping = { now: false };
	process.once('SIGINT', () => {
		stopping.now = true;
		console.log('\ninterrupted: finishing the current scenario…');
	});
	for (const [id, title, run] of SCENARIOS) {
		if (args.only && !args.only.has(id)) continue;
		if (stopping.now) break;
		console.log(`\n${id} ${title}${args.profile.has(id) ? ' (our server profiled with --cpu-prof: its CPU and latency figures include the profiler\'s overhead)' : ''}`);
		const t0 = performance.now();
		const noise = startNoise();
		try {
			const result = await run(ctx);
			result.seconds = (performance.now() - t0) / 1000;
			result.noise = noise();
			if (args.profile.has(id)) for (const row of result.rows) row.note = row.note ? `${row.note}; profiled` : 'ours profiled';
			results.push(result);
			if (result.noise.othersPctOfCore > 10 || result.noise.stealPct > 5) {
				const top = result.noise.top.slice(0, 2).map((p) => `${p.command.split(' ').slice(0, 2).join(' ')} ${p.pctOfCore.toFixed(0)}%`).join(', ');
				console.log(`  NOTE: other processes used ${result.noise.othersPctOfCore.toFixed(0)}% of a core meanwhile (${top}); steal ${result.noise.stealPct.toFixed(1)}%: figures are noisier than usual`);
			}
		} catch (error) {
			console.error(`  ${id} failed:`, error);
			results.push({ id, title, rows: [], raw: null, error: String((error as Error)?.stack ?? error), seconds: (performance.now() - t0) / 1000 });
		}
		console.log(`  (${((performance.now() - t0) / 1000).toFixed(1)} s)`);
	}

	const table = renderTable(results);
	console.log(`\n${table}\n`);
	const output = {
		date: new Date().toISOString(),
		mode: args.quick ? 'quick' : 'full',
		runs: ctx.runs,
		seconds: (performance.now() - started) / 1000,
		machine: { cpus: cpus().length, model: cpus()[0]?.model, memGiB: Math.round(totalmem() / 2 ** 30), node: process.version, loadGenerator: pinned },
		versions: {
			yjs: pkg.dependencies.yjs,
			'y-protocols': pkg.dependencies['y-protocols'],
			ws: pkg.dependencies.ws,
			'@y/websocket-server': pkg.devDependencies['@y/websocket-server']
		},
		table: results.flatMap((r) => r.rows),
		scenarios: results
	};
	const json = JSON.stringify(output, (_k, v) => (typeof v === 'number' && !Number.isFinite(v) ? String(v) : v), 2);
	writeFileSync(join(resultsDir, `${stamp}.json`), json);
	writeFileSync(join(resultsDir, 'latest.json'), json);
	console.log(`results: tests/bench/results/${stamp}.json (and latest.json); ${((performance.now() - started) / 1000).toFixed(0)} s in all`);
	if (args.profile.size > 0) console.log('profiles: tests/bench/results/profiles/<scenario>-ours-<time>/ — summarise with npx tsx tests/bench/profile-summary.ts <that directory>');
	if (!args.keep) rmSync(tmpDir, { recursive: true, force: true });
	else console.log(`kept ${tmpDir}`);
}

main().then(
	() => process.exit(0),
	(error) => {
		console.error(error);
		process.exit(1);
	}
);
