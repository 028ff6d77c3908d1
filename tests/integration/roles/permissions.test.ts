/**
 * The permission table of DESIGN.md as a matrix: every role × every write path, refused or
 * allowed by the server. Socket writes use hand-built y-protocols frames, not a provider.
 */
import * as encoding from 'lib0/encoding';
import * as syncProtocol from 'y-protocols/sync';
import * as Y from 'yjs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createItem, findItemByNumber, getItem, itemsMap, readMetric, setMetric } from '../../../src/lib/board/index';
import { CloseCode } from '../../../src/lib/sync/close-codes';
import { startTestServer, type TestServer } from '../../helpers/server';
import { rawSocket } from '../sync/clients';

type Who = 'admin' | 'lead' | 'owner' | 'member' | 'viewer' | 'outsider' | 'anonymous';
const EVERYONE: Who[] = ['admin', 'lead', 'owner', 'member', 'viewer', 'outsider', 'anonymous'];

let t: TestServer;
let boardId: string;
const cookies = {} as Record<Who, string | undefined>;
const ids = {} as Record<Who, string>;
let ownedNumber: number;
let othersNumber: number;

async function createPerson(adminCookie: string, who: Who): Promise<void> {
	const email = `${who}@example.test`;
	const password = `password of ${who}`;
	const res = await t.request('POST', '/api/users', { cookie: adminCookie, body: { email, name: who, password } });
	expect(res.status).toBe(201);
	ids[who] = ((await res.json()) as { id: string }).id;
	cookies[who] = await t.login(email, password);
}

beforeAll(async () => {
	t = await startTestServer();
	cookies.admin = await t.setupAdmin();
	for (const who of ['lead', 'owner', 'member', 'viewer', 'outsider'] as Who[]) await createPerson(cookies.admin!, who);
	boardId = await t.createBoard(cookies.admin!);
	for (const [who, role] of [['lead', 'lead'], ['owner', 'member'], ['member', 'member'], ['viewer', 'viewer']] as const) {
		const res = await t.request('PUT', `/api/boards/${boardId}/members/${ids[who]}`, { cookie: cookies.admin, body: { role } });
		expect(res.status).toBe(200);
	}
	let owned = '';
	let others = '';
	await t.server.services.sync.change(boardId, (doc) => {
		owned = createItem(doc, { title: '建立健全规章制度', ownerId: ids.owner });
		others = createItem(doc, { title: '完善绩效考核方案', ownerId: ids.member });
		setMetric(doc, owned, { unit: '%', baseline: 81.2, target: 90.65, direction: 'up' });
		setMetric(doc, others, { unit: '家', baseline: 0, target: 80, direction: 'up' });
	});
	// Numbers come from the server's counter shortly after the items appear.
	await vi.waitFor(async () => {
		const numbers = await t.server.services.sync.read(boardId, (doc) => [getItem(doc, owned)?.number, getItem(doc, others)?.number]);
		expect(numbers.every((n) => typeof n === 'number')).toBe(true);
		[ownedNumber, othersNumber] = numbers as number[];
	});
});

afterAll(async () => {
	await t.stop();
});

/** A socket write: allowed → stored in the board; refused → the close code or HTTP status. */
async function socketWrite(who: Who): Promise<'stored' | 'gave up' | number> {
	const socket = rawSocket(t, boardId, { cookie: cookies[who] ?? null });
	const outcome = await Promise.race([socket.opened.then(() => null), socket.outcome]);
	if (outcome) return outcome.status ?? outcome.code ?? -1;
	const doc = new Y.Doc();
	const id = createItem(doc, { title: `written by ${who}` });
	const encoder = encoding.createEncoder();
	encoding.writeVarUint(encoder, 0); // messageSync
	syncProtocol.writeUpdate(encoder, Y.encodeStateAsUpdate(doc));
	socket.ws.send(encoding.toUint8Array(encoder));
	// Whichever comes first: the server closes the socket, or the item shows up in its document.
	let settled = false;
	const stored = (async () => {
		while (!settled) {
			if (await t.server.services.sync.read(boardId, (d) => itemsMap(d).has(id))) return 'stored' as const;
			await new Promise((resolve) => setTimeout(resolve, 20));
		}
		return 'gave up' as const;
	})();
	const result = await Promise.race([socket.outcome.then((o) => o.code ?? -1), stored]);
	settled = true;
	await stored;
	socket.ws.close();
	return result;
}

function api(who: Who, method: string, path: string, body?: unknown) {
	return t.request(method, path, { cookie: cookies[who], body });
}

const ok = (status: number) => status >= 200 && status < 300;

describe('sync socket writes', () => {
	const expected: Record<Who, 'stored' | number> = {
		admin: 'stored',
		lead: 'stored',
		owner: CloseCode.Forbidden,
		member: CloseCode.Forbidden,
		viewer: CloseCode.Forbidden,
		outsider: 404,
		anonymous: 401
	};
	for (const who of EVERYONE) {
		it(`${who}: ${expected[who]}`, async () => {
			expect(await socketWrite(who)).toBe(expected[who]);
		});
	}

	it('refused writes never reach the document', async () => {
		const titles = await t.server.services.sync.read(boardId, (doc) => [...itemsMap(doc).values()].map((m) => m.get('title')));
		for (const who of ['owner', 'member', 'viewer', 'outsider', 'anonymous']) expect(titles).not.toContain(`written by ${who}`);
	});
});

describe('API write paths', () => {
	// [path name, request, statuses per role]
	const matrix: Array<[string, (who: Who) => Promise<Response>, Record<Who, number | 'ok'>]> = [
		[
			'status of an item one owns',
			(who) => api(who, 'POST', `/api/boards/${boardId}/items/${ownedNumber}/status`, { status: 'strengthen' }),
			{ admin: 'ok', lead: 'ok', owner: 'ok', member: 403, viewer: 403, outsider: 404, anonymous: 401 }
		],
		[
			'blocked flag of an item one owns',
			(who) => api(who, 'POST', `/api/boards/${boardId}/items/${ownedNumber}/status`, { blocked: true }),
			{ admin: 'ok', lead: 'ok', owner: 'ok', member: 403, viewer: 403, outsider: 404, anonymous: 401 }
		],
		[
			'blocked reason of an item one owns',
			(who) => api(who, 'POST', `/api/boards/${boardId}/items/${ownedNumber}/status`, { blockedReason: `waiting for the county (${who})` }),
			{ admin: 'ok', lead: 'ok', owner: 'ok', member: 403, viewer: 403, outsider: 404, anonymous: 401 }
		],
		[
			'status of somebody else’s item',
			(who) => api(who, 'POST', `/api/boards/${boardId}/items/${othersNumber}/status`, { status: 'planned' }),
			{ admin: 'ok', lead: 'ok', owner: 403, member: 'ok', viewer: 403, outsider: 404, anonymous: 401 }
		],
		[
			'metric check-in on an item one owns',
			(who) => api(who, 'POST', `/api/boards/${boardId}/items/${ownedNumber}/checkins`, { value: 85.5, note: `by ${who}` }),
			{ admin: 'ok', lead: 'ok', owner: 'ok', member: 403, viewer: 403, outsider: 404, anonymous: 401 }
		],
		[
			'metric check-in on somebody else’s item',
			(who) => api(who, 'POST', `/api/boards/${boardId}/items/${othersNumber}/checkins`, { value: 12 }),
			{ admin: 'ok', lead: 'ok', owner: 403, member: 'ok', viewer: 403, outsider: 404, anonymous: 401 }
		],
		[
			'rename the board',
			(who) => api(who, 'PATCH', `/api/boards/${boardId}`, { title: `renamed by ${who}` }),
			{ admin: 'ok', lead: 'ok', owner: 403, member: 403, viewer: 403, outsider: 404, anonymous: 401 }
		],
		[
			'change a member’s role',
			(who) => api(who, 'PUT', `/api/boards/${boardId}/members/${ids.viewer}`, { role: 'viewer' }),
			{ admin: 'ok', lead: 'ok', owner: 403, member: 403, viewer: 403, outsider: 404, anonymous: 401 }
		],
		[
			'invite to the board',
			(who) => api(who, 'POST', '/api/invites', { boardId, boardRole: 'member' }),
			{ admin: 'ok', lead: 'ok', owner: 403, member: 403, viewer: 403, outsider: 403, anonymous: 401 }
		],
		[
			'invite to the organisation',
			(who) => api(who, 'POST', '/api/invites', { orgRole: 'member' }),
			{ admin: 'ok', lead: 403, owner: 403, member: 403, viewer: 403, outsider: 403, anonymous: 401 }
		],
		[
			'create a user',
			(who) => api(who, 'POST', '/api/users', { email: `new-by-${who}@example.test`, name: 'n', password: 'long enough pw' }),
			{ admin: 'ok', lead: 403, owner: 403, member: 403, viewer: 403, outsider: 403, anonymous: 401 }
		],
		[
			'a password-reset link',
			(who) => api(who, 'POST', `/api/users/${ids.viewer}/reset-link`),
			{ admin: 'ok', lead: 403, owner: 403, member: 403, viewer: 403, outsider: 403, anonymous: 401 }
		],
		[
			'list people',
			(who) => api(who, 'GET', '/api/users'),
			{ admin: 'ok', lead: 403, owner: 403, member: 403, viewer: 403, outsider: 403, anonymous: 401 }
		]
	];

	for (const [name, call, expected] of matrix) {
		describe(name, () => {
			for (const who of EVERYONE) {
				it(`${who}: ${expected[who]}`, async () => {
					const res = await call(who);
					const want = expected[who];
					if (want === 'ok') expect(ok(res.status), `${res.status} ${await res.clone().text()}`).toBe(true);
					else {
						expect(res.status).toBe(want);
						expect(await res.json()).toMatchObject({ error: expect.any(String), code: expect.any(String) });
					}
				});
			}
		});
	}

	it('a refused action changes nothing', async () => {
		const before = await t.server.services.sync.read(boardId, (doc) => findItemByNumber(doc, othersNumber));
		const res = await api('owner', 'POST', `/api/boards/${boardId}/items/${othersNumber}/status`, { status: 'done', blocked: true });
		expect(res.status).toBe(403);
		const after = await t.server.services.sync.read(boardId, (doc) => findItemByNumber(doc, othersNumber));
		expect(after).toEqual(before);
	});

	it('check-ins keep their history, and the last value is current', async () => {
		const res = await api('owner', 'POST', `/api/boards/${boardId}/items/${ownedNumber}/checkins`, { value: 88.1, note: '第三季度' });
		expect(res.status).toBe(201);
		const metric = await t.server.services.sync.read(boardId, (doc) => readMetric(doc, findItemByNumber(doc, ownedNumber)!.id));
		expect(metric?.current).toBe(88.1);
		expect(metric?.checkIns.at(-1)).toMatchObject({ value: 88.1, by: ids.owner, note: '第三季度' });
		const byWho = metric!.checkIns.map((c) => c.note);
		for (const who of ['owner', 'member', 'viewer']) if (who !== 'owner') expect(byWho).not.toContain(`by ${who}`);
		const bad = await api('owner', 'POST', `/api/boards/${boardId}/items/${ownedNumber}/checkins`, { value: 'lots' });
		expect(bad.status).toBe(400);
		expect(await bad.json()).toMatchObject({ code: 'value_invalid' });
	});

	it('bad action input gets a clear refusal', async () => {
		const cases: Array<[unknown, number, string]> = [
			[{ status: 'finished' }, 400, 'status_invalid'],
			[{ blocked: 'yes' }, 400, 'blocked_invalid'],
			[{ blockedReason: 42 }, 400, 'blocked_reason_invalid'],
			[{ blockedReason: 'x'.repeat(501) }, 400, 'blocked_reason_invalid'],
			[{}, 400, 'nothing_to_change']
		];
		for (const [body, status, code] of cases) {
			const res = await api('owner', 'POST', `/api/boards/${boardId}/items/${ownedNumber}/status`, body);
			expect(res.status).toBe(status);
			expect(await res.json()).toMatchObject({ code });
		}
		const missing = await api('lead', 'POST', `/api/boards/${boardId}/items/99999/status`, { status: 'done' });
		expect(missing.status).toBe(404);
	});
});
