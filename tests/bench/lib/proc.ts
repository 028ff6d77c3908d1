/**
 * Servers under test run in their own process pinned to core 0 (`taskset -c 0`); the
 * load generator (this process) pins itself to core 1. CPU time is read from /proc, so
 * asking for it costs the server nothing.
 */
import { spawn, execFileSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { appendFileSync, existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { benchPids } from './noise';

export const BENCH_DIR = dirname(dirname(fileURLToPath(import.meta.url)));
export const ROOT = resolve(BENCH_DIR, '../..');
export const SERVER_CORE = 0;
export const LOADGEN_CORE = 1;

export type ServerKind = 'ours' | 'reference' | 'relay';

export const LABEL: Record<ServerKind, string> = { ours: 'ours', reference: 'reference', relay: 'raw relay' };

export interface Mem {
	rss: number;
	heapUsed: number;
	heapTotal: number;
	external: number;
	arrayBuffers: number;
}

/** Pins this process (all its threads) to the load-generator core. */
export function pinSelf(): string {
	try {
		execFileSync('taskset', ['-a', '-cp', String(LOADGEN_CORE), String(process.pid)], { stdio: 'ignore' });
		return `core ${LOADGEN_CORE}`;
	} catch (error) {
		return `not pinned (${(error as Error).message.split('\n')[0]})`;
	}
}

/** Nanoseconds of CPU the process has used: the sum of its threads' run time (schedstat). */
export function cpuNs(pid: number): number {
	try {
		let total = 0;
		for (const task of readdirSync(`/proc/${pid}/task`)) {
			try {
				total += Number(readFileSync(`/proc/${pid}/task/${task}/schedstat`, 'utf8').split(' ')[0]);
			} catch {
				// a thread that just exited
			}
		}
		if (total > 0) return total;
	} catch {
		// fall through
	}
	// utime + stime in clock ticks (100 Hz): coarser, but always there.
	const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
	return (Number(fields[11]) + Number(fields[12])) * 1e7;
}

export interface LaunchOptions {
	env?: Record<string, string>;
	/** Extra node flags, e.g. --cpu-prof --cpu-prof-dir=… */
	nodeFlags?: string[];
	logFile: string;
	/** Where the server's stdout/stderr lines go besides the log file. */
	echo?: boolean;
}

export class ServerProcess {
	readonly ready: Promise<Record<string, unknown>>;
	private readonly child: ChildProcessWithoutNullStreams;
	private next = 1;
	private readonly waiting = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
	private exited = false;
	readonly exitedPromise: Promise<number | null>;
	private readonly tail: string[] = [];

	constructor(
		readonly kind: ServerKind,
		script: string,
		private readonly options: LaunchOptions
	) {
		const args = ['-c', String(SERVER_CORE), process.execPath, '--expose-gc', ...(options.nodeFlags ?? []), '--import', 'tsx', script];
		this.child = spawn('taskset', args, {
			cwd: ROOT,
			env: { ...process.env, ...options.env },
			stdio: ['pipe', 'pipe', 'pipe']
		});
		benchPids.add(this.child.pid!);
		let readyResolve!: (v: Record<string, unknown>) => void;
		let readyReject!: (e: Error) => void;
		this.ready = new Promise((res, rej) => {
			readyResolve = res;
			readyReject = rej;
		});
		this.exitedPromise = new Promise((res) =>
			this.child.once('exit', (code) => {
				this.exited = true;
				const error = new Error(`${kind} server exited (${code}); last lines:\n${this.tail.join('\n')}`);
				readyReject(error);
				for (const w of this.waiting.values()) w.reject(error);
				this.waiting.clear();
				res(code);
			})
		);
		createInterface({ input: this.child.stdout }).on('line', (line) => {
			if (line.startsWith('BENCH ')) {
				const message = JSON.parse(line.slice(6)) as Record<string, unknown>;
				if (message.ready) return readyResolve(message);
				const waiter = this.waiting.get(message.id as number);
				if (!waiter) return;
				this.waiting.delete(message.id as number);
				if (message.ok) waiter.resolve(message.value);
				else waiter.reject(new Error(String(message.error)));
				return;
			}
			this.log(line);
		});
		createInterface({ input: this.child.stderr }).on('line', (line) => this.log(line));
		const timer = setTimeout(() => readyReject(new Error(`${kind} server did not start in 60 s:\n${this.tail.join('\n')}`)), 60_000);
		void this.ready.finally(() => clearTimeout(timer)).catch(() => undefined);
	}

	get pid(): number {
		return this.child.pid!;
	}

	cpuNs(): number {
		return cpuNs(this.pid);
	}

	call<T = unknown>(cmd: string, extra: Record<string, unknown> = {}, timeoutMs = 30_000): Promise<T> {
		if (this.exited) return Promise.reject(new Error(`${this.kind} server has exited`));
		const id = this.next++;
		return new Promise<T>((resolve, reject) => {
			const timer = setTimeout(() => {
				this.waiting.delete(id);
				reject(new Error(`${this.kind}: ${cmd} timed out`));
			}, timeoutMs);
			this.waiting.set(id, {
				resolve: (v) => {
					clearTimeout(timer);
					resolve(v as T);
				},
				reject: (e) => {
					clearTimeout(timer);
					reject(e);
				}
			});
			this.child.stdin.write(`${JSON.stringify({ id, cmd, ...extra })}\n`);
		});
	}

	mem(): Promise<Mem> {
		return this.call<Mem>('mem');
	}

	/** Asks the server to close cleanly (flushes, writes --cpu-prof), then kills it if it hangs. */
	async stop(): Promise<void> {
		if (this.exited) return;
		await this.call('stop', {}, 20_000).catch(() => undefined);
		const killed = setTimeout(() => this.child.kill('SIGKILL'), 20_000);
		await this.exitedPromise;
		clearTimeout(killed);
	}

	kill(): void {
		if (!this.exited) this.child.kill('SIGKILL');
	}

	private log(line: string): void {
		this.tail.push(line);
		if (this.tail.length > 40) this.tail.shift();
		appendFileSync(this.options.logFile, `[${this.kind} ${this.pid}] ${line}\n`);
		if (this.options.echo) console.error(`  [${this.kind}] ${line}`);
	}
}

export function fileExists(path: string): boolean {
	return existsSync(path);
}

export function sizeOnDisk(paths: string[]): number {
	let total = 0;
	for (const path of paths) {
		try {
			total += statSync(path).size;
		} catch {
			// not there
		}
	}
	return total;
}

export const serverScript = (kind: ServerKind): string =>
	join(BENCH_DIR, 'servers', kind === 'ours' ? 'ours.ts' : kind === 'reference' ? 'reference.ts' : 'raw-relay.ts');
