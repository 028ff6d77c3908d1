/**
 * Accounts end to end over real sockets: member actions reach a lead's client live,
 * deactivation and revoked tokens cut access at once, invitations and reset links work once.
 */
import { WebSocket } from 'ws';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createItem, findItemByNumber, getItem } from '../../../src/lib/board/index';
import { CloseCode } from '../../../src/lib/sync/close-codes';
import { sessionCookie, startTestServer, type TestServer } from '../../helpers/server';
import { connectProvider, destroyAllProviders, rawSocket, whenSynced } from '../sync/clients';

let t: TestServer;
let admin: string;
let boardId: string;

async function person(name: string, boardRole?: 'lead' | 'member' | 'viewer') {
	const email = `${name}@example.test`;
	const password = `password of ${name}`;
	const res = await t.request('POST', '/api/users', { cookie: admin, body: { email, name, password } });
	expect(res.status).toBe(201);
	const id = ((await res.json()) as { id: string }).id;
	if (boardRole) expect((await t.request('PUT', `/api/boards/${boardId}/members/${id}`, { cookie: admin, body: { role: boardRole } })).status).toBe(200);
	return { id, email, password, cookie: await t.login(email, password) };
}

async function ownedItem(ownerId: string, title = '院内感染控制自查'): Promise<number> {
	let id = '';
	await t.server.services.sync.change(boardId, (doc) => {
		id = createItem(doc, { title, ownerId, status: 'planned' });
	});
	let number = 0;
	await vi.waitFor(async () => {
		number = (await t.server.services.sync.read(boardId, (doc) => getItem(doc, id)?.number)) ?? 0;
		expect(number).toBeGreaterThan(0);
	});
	return number;
}

beforeEach(async () => {
	t = await startTestServer();
	admin = await t.setupAdmin();
	boardId = await t.createBoard(admin);
});

afterEach(async () => {
	destroyAllProviders();
	await t.stop();
});

describe('member actions', () => {
	it('a member marks their own item done and a lead’s live client sees it', async () => {
		const lead = await person('lead', 'lead');
		const member = await person('member', 'member');
		const number = await ownedItem(member.id);
		const leadClient = connectProvider(t, boardId, lead.cookie);
		await whenSynced(leadClient);
		expect(findItemByNumber(leadClient.doc, number)?.status).toBe('planned');

		const res = await t.request('POST', `/api/boards/${boardId}/items/${number}/status`, { cookie: member.cookie, body: { status: 'done', blocked: false } });
		expect(res.status).toBe(200);
		expect(await res.json()).toMatchObject({ number, status: 'done' });
		await vi.waitFor(() => expect(findItemByNumber(leadClient.doc, number)?.status).toBe('done'));
	});

	it('on somebody else’s item it is refused and the lead’s client sees nothing change', async () => {
		const lead = await person('lead', 'lead');
		const member = await person('member', 'member');
		const other = await person('other', 'member');
		const number = await ownedItem(other.id);
		const leadClient = connectProvider(t, boardId, lead.cookie);
		await whenSynced(leadClient);
		let updates = 0;
		leadClient.doc.on('update', () => updates++);
		const res = await t.request('POST', `/api/boards/${boardId}/items/${number}/status`, { cookie: member.cookie, body: { status: 'done' } });
		expect(res.status).toBe(403);
		expect(await res.json()).toMatchObject({ code: 'not_owner' });
		// A change the lead makes afterwards arrives; the refused one never did.
		await t.request('POST', `/api/boards/${boardId}/items/${number}/status`, { cookie: lead.cookie, body: { blocked: true } });
		await vi.waitFor(() => expect(findItemByNumber(leadClient.doc, number)?.blocked).toBe(true));
		expect(findItemByNumber(leadClient.doc, number)?.status).toBe('planned');
		expect(updates).toBe(1);
	});

	it('a role change reaches an open socket at once', async () => {
		const person1 = await person('promoted', 'viewer');
		const socket = rawSocket(t, boardId, { cookie: person1.cookie });
		await socket.opened;
		const client = connectProvider(t, boardId, person1.cookie);
		await whenSynced(client);
		expect((await t.request('PUT', `/api/boards/${boardId}/members/${person1.id}`, { cookie: admin, body: { role: 'lead' } })).status).toBe(200);
		// Every open socket of theirs is told, so their page re-reads the role; y-websocket reconnects.
		expect(await socket.outcome).toEqual({ code: CloseCode.AccessChanged });
		client.doc.transact(() => createItem(client.doc, { title: '升级后可写' }));
		await vi.waitFor(async () => {
			const titles = await t.server.services.sync.read(boardId, (doc) => [...doc.getMap('items').values()].map((m) => (m as { get(k: string): unknown }).get('title')));
			expect(titles).toContain('升级后可写');
		});
		const later = rawSocket(t, boardId, { cookie: person1.cookie });
		await later.opened;
		expect((await t.request('DELETE', `/api/boards/${boardId}/members/${person1.id}`, { cookie: admin })).status).toBe(200);
		expect(await later.outcome).toEqual({ code: CloseCode.Forbidden });
	});
});

describe('deactivation and tokens', () => {
	it('deactivating a person ends their sessions and closes their open socket', async () => {
		const lead = await person('lead', 'lead');
		const socket = rawSocket(t, boardId, { cookie: lead.cookie });
		await socket.opened;
		expect((await t.request('POST', `/api/users/${lead.id}/deactivate`, { cookie: admin })).status).toBe(200);
		expect(await socket.outcome).toEqual({ code: CloseCode.Unauthorized });
		expect((await fetch(t.url + '/api/auth/me', { headers: { cookie: lead.cookie } })).status).toBe(401);
		const login = await t.request('POST', '/api/auth/login', { body: { email: lead.email, password: lead.password } });
		expect(login.status).toBe(401);
		expect((await t.request('POST', `/api/users/${lead.id}/activate`, { cookie: admin })).status).toBe(200);
		expect((await t.request('POST', '/api/auth/login', { body: { email: lead.email, password: lead.password } })).status).toBe(200);
	});

	it('an API token works as Bearer on the API and the socket, is shown once, and stops working when revoked', async () => {
		const lead = await person('lead', 'lead');
		const created = await t.request('POST', '/api/me/tokens', { cookie: lead.cookie, body: { name: '月报脚本' } });
		expect(created.status).toBe(201);
		const { id, token } = (await created.json()) as { id: string; token: string };
		expect(token).toMatch(/^pbt_/);
		const listed = await (await fetch(t.url + '/api/me/tokens', { headers: { cookie: lead.cookie } })).json();
		expect(JSON.stringify(listed)).not.toContain(token.split('.')[1]);

		const bearer = { authorization: `Bearer ${token}` };
		expect((await fetch(t.url + '/api/boards', { headers: bearer })).status).toBe(200);
		// Scripts send no Origin; with a bearer token that is fine, and no cookie is involved.
		const made = await fetch(t.url + `/api/boards/${boardId}`, { method: 'PATCH', headers: { ...bearer, 'content-type': 'application/json' }, body: JSON.stringify({ title: '改名' }) });
		expect(made.status).toBe(200);
		const ws = new WebSocket(`${t.wsUrl()}/${boardId}`, { headers: bearer });
		await new Promise((resolve, reject) => {
			ws.once('open', resolve);
			ws.once('unexpected-response', (_q, res) => reject(new Error(`refused ${res.statusCode}`)));
		});
		const closed = new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)));

		expect((await t.request('DELETE', `/api/me/tokens/${id}`, { cookie: lead.cookie })).status).toBe(200);
		expect(await closed).toBe(CloseCode.Unauthorized);
		expect((await fetch(t.url + '/api/boards', { headers: bearer })).status).toBe(401);
		const refused = new WebSocket(`${t.wsUrl()}/${boardId}`, { headers: bearer });
		refused.on('error', () => undefined);
		const status = await new Promise<number>((resolve) => refused.once('unexpected-response', (_q, res) => resolve(res.statusCode ?? 0)));
		refused.terminate();
		expect(status).toBe(401);
	});

	it('a bearer token from another origin is refused on unsafe requests', async () => {
		const lead = await person('lead', 'lead');
		const { token } = (await (await t.request('POST', '/api/me/tokens', { cookie: lead.cookie, body: { name: 'x' } })).json()) as { token: string };
		const res = await fetch(t.url + `/api/boards/${boardId}`, {
			method: 'PATCH',
			headers: { authorization: `Bearer ${token}`, origin: 'http://evil.test', 'content-type': 'application/json' },
			body: JSON.stringify({ title: 'x' })
		});
		expect(res.status).toBe(403);
	});
});

describe('invitations and reset links', () => {
	it('an invitation creates the account with its board role, once, and expires', async () => {
		const res = await t.request('POST', '/api/invites', { cookie: admin, body: { boardId, boardRole: 'member', ttlHours: 48 } });
		expect(res.status).toBe(201);
		const { url } = (await res.json()) as { url: string };
		const token = url.split('/invite/')[1];
		const info = await (await fetch(`${t.url}/api/links/${token}`)).json();
		expect(info).toMatchObject({ kind: 'invite', boardRole: 'member', boardTitle: expect.any(String) });

		const bad = await t.request('POST', '/api/invites/accept', { body: { token, email: 'new@example.test', name: '新同事', password: 'short' } });
		expect(bad.status).toBe(400);
		const accepted = await t.request('POST', '/api/invites/accept', { body: { token, email: 'new@example.test', name: '新同事', password: 'a fine password' } });
		expect(accepted.status).toBe(201);
		const cookie = sessionCookie(accepted);
		const board = await (await fetch(`${t.url}/api/boards/${boardId}`, { headers: { cookie } })).json();
		expect(board).toMatchObject({ role: 'member', access: 'read' });

		const again = await t.request('POST', '/api/invites/accept', { body: { token, email: 'two@example.test', name: 'x', password: 'a fine password' } });
		expect(again.status).toBe(404);
		expect((await fetch(`${t.url}/api/links/${token}`)).status).toBe(404);
	});

	it('a reset link sets a new password once and ends the old sessions', async () => {
		const member = await person('member', 'member');
		const { url } = (await (await t.request('POST', `/api/users/${member.id}/reset-link`, { cookie: admin })).json()) as { url: string };
		const token = url.split('/reset/')[1];
		const reset = await t.request('POST', '/api/reset', { body: { token, password: 'brand new password' } });
		expect(reset.status).toBe(200);
		expect((await fetch(t.url + '/api/auth/me', { headers: { cookie: member.cookie } })).status).toBe(401);
		expect((await t.request('POST', '/api/auth/login', { body: { email: member.email, password: member.password } })).status).toBe(401);
		expect((await t.request('POST', '/api/auth/login', { body: { email: member.email, password: 'brand new password' } })).status).toBe(200);
		expect((await t.request('POST', '/api/reset', { body: { token, password: 'another password' } })).status).toBe(404);
	});
});
