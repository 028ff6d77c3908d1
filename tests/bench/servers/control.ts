/**
 * The control channel of a server under test: one JSON command per line on stdin, one
 * `BENCH {json}` line per answer on stdout. The load generator (run.ts) uses it to ask
 * for memory after a full GC and to stop the server cleanly (so --cpu-prof is written).
 * Nothing here runs while a phase is measured unless the bench asks for it.
 */
import { createInterface } from 'node:readline';

export type Handler = (command: Record<string, unknown>) => unknown | Promise<unknown>;

export function say(message: Record<string, unknown>): void {
	process.stdout.write(`BENCH ${JSON.stringify(message)}\n`);
}

/** Heap figures after two full collections (the server runs with --expose-gc). */
export function memory(): Record<string, number> {
	const gc = (globalThis as { gc?: () => void }).gc;
	if (gc) {
		gc();
		gc();
	}
	const m = process.memoryUsage();
	return { rss: m.rss, heapUsed: m.heapUsed, heapTotal: m.heapTotal, external: m.external, arrayBuffers: m.arrayBuffers };
}

export function serveControl(handlers: Record<string, Handler>, stop: () => Promise<void>): void {
	const lines = createInterface({ input: process.stdin });
	let stopping = false;
	const exit = async () => {
		if (stopping) return;
		stopping = true;
		const timer = setTimeout(() => process.exit(2), 15_000);
		try {
			await stop();
		} finally {
			clearTimeout(timer);
			process.exit(0);
		}
	};
	lines.on('line', async (line) => {
		if (!line.trim()) return;
		let command: Record<string, unknown>;
		try {
			command = JSON.parse(line) as Record<string, unknown>;
		} catch {
			return;
		}
		const id = command.id;
		try {
			if (command.cmd === 'stop') {
				say({ id, ok: true });
				await exit();
				return;
			}
			if (command.cmd === 'mem') return say({ id, ok: true, value: memory() });
			if (command.cmd === 'cpu') return say({ id, ok: true, value: process.cpuUsage() });
			const handler = handlers[String(command.cmd)];
			if (!handler) return say({ id, ok: false, error: `unknown command ${String(command.cmd)}` });
			say({ id, ok: true, value: await handler(command) });
		} catch (error) {
			say({ id, ok: false, error: String((error as Error)?.stack ?? error) });
		}
	});
	// The bench going away (crash, Ctrl-C) must not leave a server behind.
	lines.on('close', () => void exit());
	process.once('SIGTERM', () => void exit());
	process.once('SIGINT', () => void exit());
}
