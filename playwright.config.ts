import { defineConfig } from '@playwright/test';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// PLANBOARD_E2E_PORT lets two runs share a machine.
const PORT = Number(process.env.PLANBOARD_E2E_PORT ?? 4173);
const ORIGIN = `http://localhost:${PORT}`;

// The config is read by the runner and again by each worker: make the run's temp dir once
// and hand it to the workers through the environment they inherit.
process.env.PLANBOARD_E2E_DIR ??= mkdtempSync(join(tmpdir(), 'planboard-e2e-'));
const runDir = process.env.PLANBOARD_E2E_DIR;

// Debian's Chromium where it is installed (Playwright cannot download browsers here), else Playwright's own.
const SYSTEM_CHROMIUM = '/usr/bin/chromium';
const executablePath = existsSync(SYSTEM_CHROMIUM) ? SYSTEM_CHROMIUM : undefined;

export default defineConfig({
	testDir: 'tests/e2e',
	fullyParallel: false,
	workers: 1,
	forbidOnly: !!process.env.CI,
	retries: 0,
	timeout: 60_000,
	expect: { timeout: 10_000 },
	reporter: process.env.CI ? [['list'], ['html', { open: 'never' }]] : 'list',
	outputDir: 'test-results',
	use: {
		baseURL: ORIGIN,
		locale: 'en-GB',
		trace: 'retain-on-failure',
		screenshot: 'only-on-failure',
		launchOptions: {
			executablePath,
			args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run']
		}
	},
	projects: [
		// Creates the first administrator through the UI and saves the session for the rest.
		{ name: 'setup', testMatch: /first-admin\.setup\.ts/ },
		{ name: 'chromium', testMatch: /.*\.spec\.ts/, dependencies: ['setup'] }
	],
	webServer: {
		command: 'node scripts/start.js',
		url: `${ORIGIN}/api/health`,
		reuseExistingServer: false,
		timeout: 240_000,
		stdout: 'ignore',
		stderr: 'pipe',
		env: {
			PORT: String(PORT),
			ORIGIN,
			DATABASE_URL: `file:${join(runDir, 'e2e.db')}`
		}
	}
});
