// npm test: type-check, unit + integration (vitest), build, end-to-end (Playwright).
// Runs every step even after a failure, prints one closing count, exits non-zero on any failure.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const out = mkdtempSync(join(tmpdir(), 'planboard-test-results-'));
const bin = (/** @type {string} */ name) => join(root, 'node_modules/.bin', name);
const only = process.argv.slice(2); // e.g. `npm test -- unit e2e`

/** @type {{ name: string, run: string[][], env?: Record<string, string>, counts?: () => ({ passed: number, failed: number, skipped: number } | null) }[]} */
const steps = [
	{
		name: 'types',
		run: [
			// The messages module is generated; a clean clone has none until Paraglide compiles it.
			[bin('paraglide-js'), 'compile', '--project', './project.inlang', '--outdir', './src/lib/paraglide'],
			[bin('svelte-kit'), 'sync'],
			[bin('svelte-check'), '--tsconfig', './tsconfig.json', '--fail-on-warnings', '--output', 'human']
		]
	},
	{
		name: 'unit',
		run: [[bin('vitest'), 'run', '--project', 'unit', '--reporter=default', '--reporter=json', `--outputFile.json=${join(out, 'unit.json')}`]],
		counts: () => vitestCounts(join(out, 'unit.json'))
	},
	{
		name: 'integration',
		run: [[bin('vitest'), 'run', '--project', 'integration', '--reporter=default', '--reporter=json', `--outputFile.json=${join(out, 'integration.json')}`]],
		counts: () => vitestCounts(join(out, 'integration.json'))
	},
	{ name: 'build', run: [[bin('vite'), 'build']] },
	{
		name: 'e2e',
		run: [[bin('playwright'), 'test', '--reporter=list,json']],
		env: { PLAYWRIGHT_JSON_OUTPUT_NAME: join(out, 'e2e.json') },
		counts: () => playwrightCounts(join(out, 'e2e.json'))
	}
];

/** @param {string} file */
function vitestCounts(file) {
	if (!existsSync(file)) return null;
	const r = JSON.parse(readFileSync(file, 'utf8'));
	return { passed: r.numPassedTests, failed: r.numFailedTests + (r.numTotalTestSuites > 0 && r.numTotalTests === 0 ? 1 : 0), skipped: r.numPendingTests + r.numTodoTests };
}

/** @param {string} file */
function playwrightCounts(file) {
	if (!existsSync(file)) return null;
	const { stats } = JSON.parse(readFileSync(file, 'utf8'));
	return { passed: stats.expected + stats.flaky, failed: stats.unexpected, skipped: stats.skipped };
}

const totals = { passed: 0, failed: 0, skipped: 0 };
/** @type {string[]} */
const failedSteps = [];
for (const step of steps) {
	if (only.length && !only.includes(step.name)) continue;
	console.log(`\n=== ${step.name} ===`);
	let ok = true;
	for (const [cmd, ...args] of step.run) {
		const result = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...step.env } });
		if (result.status !== 0) {
			ok = false;
			break;
		}
	}
	const counts = step.counts?.();
	if (step.counts && !counts) ok = false; // a runner that reported nothing ran nothing
	if (counts) {
		totals.passed += counts.passed;
		totals.failed += counts.failed;
		totals.skipped += counts.skipped;
		if (counts.passed === 0) ok = false;
	}
	if (!ok) failedSteps.push(step.name);
}

console.log(failedSteps.length ? `\nFailed steps: ${failedSteps.join(', ')}` : '\nAll steps passed.');
console.log(`tests: ${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
process.exit(failedSteps.length ? 1 : 0);
