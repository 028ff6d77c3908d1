/**
 * A server under test as the scenarios see it: where to connect, how to make a board,
 * its CPU time and memory, and a clean stop. Ours needs a session cookie and the Origin
 * header on every upgrade and boards created through the API; the reference and the
 * relay take any room name.
 */
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import * as Y from 'yjs';
import { board as seededBoard } from './board';
import { Client, updateFrame, withTimeout, type Endpoint } from './client';
import { LABEL, ServerProcess, serverScript, type Mem, type ServerKind } from './proc';
import { sleep, waitFor } from './stats';

export interface BenchContext {
	quick: boolean;
	runs: number;
	tmpDir: string;
	resultsDir: string;
	logFile: string;
	/** Scenario ids whose runs of our server are profiled with --cpu-prof. */
	profile: Set<string>;
	log(message: string): void;
}

export class Target {
	private boards = 0;

	private constructor(
		readonly kind: ServerKind,
		readonly proc: ServerProcess,
		readonly port: number,
		readonly origin: string,
		readonly cookie: string,
		readonly db: string | null
	) {}

	get label(): string {
		return LABEL[this.kind];
	}

	/**
	 * Starts a server process on core 0. For ours, `db` reuses a database file (restart)
	 * together with its session cookie; `profileAs` writes a CPU profile when it stops.
	 */
	static async start(
		kind: ServerKind,
		ctx: BenchContext,
		options: { db?: string; cookie?: string; profileAs?: string } = {}
	): Promise<Target> {
		const env: Record<string, string> = {};
		let db: string | null = null;
		if (kind === 'ours') {
			db = options.db ?? join(ctx.tmpDir, `ours-${randomUUID().slice(0, 8)}.db`);
			env.BENCH_DB = db;
			if (options.cookie) env.BENCH_COOKIE = options.cookie;
		}
		const nodeFlags = options.profileAs
			? // One file per thread (tsx's loader runs in a worker): a directory per server run.
				['--cpu-prof', `--cpu-prof-dir=${join(ctx.resultsDir, 'profiles', `${options.profileAs}-${kind}-${Date.now()}`)}`]
			: [];
		const proc = new ServerProcess(kind, serverScript(kind), { env, nodeFlags, logFile: ctx.logFile });
		try {
			const ready = await proc.ready;
			return new Target(kind, proc, ready.port as number, ready.origin as string, (ready.cookie as string) ?? '', db);
		} catch (error) {
			proc.kill();
			throw error;
		}
	}

	/** Stops this server and starts ours again on the same database (rooms come back cold). */
	async restart(ctx: BenchContext, profileAs?: string): Promise<Target> {
		if (this.kind !== 'ours') throw new Error('only our server keeps its boards across a restart');
		await this.stop();
		return Target.start('ours', ctx, { db: this.db!, cookie: this.cookie, profileAs });
	}

	endpoint(boardId: string): Endpoint {
		const url = `ws://127.0.0.1:${this.port}/sync/${boardId}`;
		if (this.kind === 'ours') return { url, headers: { Cookie: this.cookie, Origin: this.origin }, handshake: true };
		return { url, headers: { Origin: this.origin }, handshake: this.kind === 'reference' };
	}

	async createBoard(title = '2026 卫生院管理年活动'): Promise<string> {
		this.boards++;
		if (this.kind !== 'ours') return `bench-${this.boards}-${randomUUID().slice(0, 8)}`;
		const res = await fetch(`http://127.0.0.1:${this.port}/api/boards`, {
			method: 'POST',
			headers: { Cookie: this.cookie, Origin: this.origin, 'content-type': 'application/json' },
			body: JSON.stringify({ title: `${title} #${this.boards}` })
		});
		if (res.status !== 201) throw new Error(`create board: ${res.status} ${await res.text()}`);
		return ((await res.json()) as { id: string }).id;
	}

	cpuNs(): number {
		return this.proc.cpuNs();
	}

	mem(): Promise<Mem> {
		return this.proc.mem();
	}

	async stop(): Promise<void> {
		await this.proc.stop();
	}

	/**
	 * Writes a board of `items` items (board.ts) into a room through a client, as a few
	 * update frames, and waits until an observer on the room has received all of them
	 * (ours broadcasts only what it stored, so the board is then on disk too).
	 */
	async seed(boardId: string, items: number, seed = 42): Promise<void> {
		const { updates, doc: seeded } = seededBoard(items, seed);
		if (this.kind === 'relay') return; // nothing to store
		const ep = this.endpoint(boardId);
		// The observer applies what comes back: ours sends the updates of one commit as one
		// frame, so frames are not counted; the observer's document must hold the whole board.
		const observed = new Y.Doc();
		const observer = new Client(ep, { doc: observed, apply: true });
		const writer = new Client(ep);
		const wanted = Y.decodeStateVector(Y.encodeStateVector(seeded));
		const missing = () => [...wanted].filter(([client, clock]) => Y.getState(observed.store, client) < clock).length;
		try {
			await Promise.all([observer.opened, writer.opened]);
			await Promise.all([observer.synced, writer.synced]);
			for (const update of updates) {
				writer.send(updateFrame(update));
				// Keep a few frames in flight at most: large frames, and ours' flood guard.
				await waitFor(() => writer.ws.bufferedAmount === 0, 10_000, 2);
			}
			const ok = await waitFor(() => missing() === 0, 120_000, 10);
			if (!ok) throw new Error(`${this.label}: seeding ${items} items did not come back (${observed.getMap('items').size} of ${items} items)`);
		} finally {
			observer.close();
			writer.close();
		}
		await sleep(50);
	}

	/** Joins with a fresh client and checks the room holds the seeded board (setup sanity check). */
	async verifyBoard(boardId: string, items: number): Promise<void> {
		const doc = new Y.Doc();
		const client = new Client(this.endpoint(boardId), { doc, apply: true });
		try {
			await client.opened;
			await withTimeout(client.synced, 60_000, 'verify sync');
			const got = doc.getMap('items').size;
			if (got < items) throw new Error(`${this.label}: board ${boardId} has ${got} items, expected ${items}`);
		} finally {
			client.close();
		}
	}
}
