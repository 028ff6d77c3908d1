/**
 * WAL checkpoints off the event loop. SQLite's automatic checkpoint runs inside whichever
 * commit makes the WAL cross 1,000 pages, and then copies pages into the database file and
 * syncs it: 5–50 ms here, during which no room could relay anything (it was the bench's
 * delivery p99). The server's connection has automatic checkpoints off (client.ts); this
 * worker thread, with a connection of its own and the lowest CPU priority, runs a PASSIVE
 * checkpoint every interval, which copies what it can and never blocks a writer. Closing
 * the database folds the rest in (PreparedRunner.close: this thread's connection outlives
 * the thread, so SQLite's own checkpoint at the last close never comes).
 */
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

export const CHECKPOINT_INTERVAL_MS = 1_000;

/** Plain JavaScript: the worker runs without the TypeScript loader the server uses. */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
// Background work: on Linux a thread's nice value is its own, so the event loop's thread
// keeps the core whenever it has something to do (one core: the bench pins the server).
try { require('node:os').setPriority(19); } catch {}
const { createClient } = require(workerData.libsqlClient);
const client = createClient({ url: workerData.url });
let running = false;
setInterval(async () => {
	if (running) return;
	running = true;
	try {
		await client.execute('PRAGMA wal_checkpoint(PASSIVE)');
	} catch (error) {
		parentPort.postMessage(String(error && error.message || error));
	} finally {
		running = false;
	}
}, workerData.intervalMs);
`;

export interface Checkpointer {
	stop(): Promise<void>;
}

/**
 * Checkpoints the database at `url` (a file: URL) from a worker thread, the first time one
 * interval after opening: a database opened only briefly (a test, a script) never starts it.
 */
export function startCheckpointer(url: string, intervalMs = CHECKPOINT_INTERVAL_MS, onError: (message: string) => void = console.warn): Checkpointer {
	let worker: Worker | null = null;
	const start = setTimeout(() => {
		worker = new Worker(WORKER_SOURCE, {
			eval: true,
			workerData: { url, intervalMs, libsqlClient: createRequire(import.meta.url).resolve('@libsql/client') }
		});
		worker.on('message', (message: string) => onError(`database checkpoint failed: ${message}`));
		worker.on('error', (error) => onError(`database checkpointer stopped: ${error.message}`));
		// Checkpoints are housekeeping: they must not keep the process alive.
		worker.unref();
	}, intervalMs);
	start.unref();
	return {
		async stop() {
			clearTimeout(start);
			await worker?.terminate();
		}
	};
}
