/**
 * Shared set-up for the end-to-end specs: the administrator the setup project creates,
 * signed-in browser contexts from its saved session, and data made through the API
 * (STYLE.md 12) so each spec drives through the UI only what it is about.
 */
import { expect, type APIRequestContext, type Browser, type BrowserContext, type Locator, type Page } from '@playwright/test';
import { join } from 'node:path';
import { WebSocket } from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { allItems } from '../../src/lib/board/index';

// The same port as playwright.config.ts (PLANBOARD_E2E_PORT lets two runs share a machine).
export const ORIGIN = `http://localhost:${process.env.PLANBOARD_E2E_PORT ?? 4173}`;

export const ADMIN = {
	name: '张伟',
	email: 'admin@example.org',
	password: 'correct horse battery'
};

/** Where the setup project leaves the administrator's cookies (inside this run's temp dir). */
export const ADMIN_STATE = join(process.env.PLANBOARD_E2E_DIR ?? '.', 'admin-state.json');

/** Unsafe requests must carry our Origin, as a browser's would. */
const headers = { origin: ORIGIN };

export async function signedInContext(browser: Browser, options: { locale?: string } = {}): Promise<BrowserContext> {
	return browser.newContext({ storageState: ADMIN_STATE, locale: options.locale ?? 'en-GB' });
}

export interface BoardSummary {
	id: string;
	title: string;
	prefix: string;
}

export async function createBoard(request: APIRequestContext, title: string): Promise<BoardSummary> {
	const response = await request.post('/api/boards', { data: { title }, headers });
	expect(response.status(), await response.text()).toBe(201);
	return (await response.json()) as BoardSummary;
}

/** A title unique to this run, so specs never see each other's boards by accident. */
export function unique(title: string): string {
	// Digits only: Latin letters would change the item prefix the server derives from a title.
	return `${title} #${Date.now() % 1e8}${Math.floor(Math.random() * 100)}`;
}

export interface Person {
	id: string;
	name: string;
	email: string;
	password: string;
}

/** A colleague made by the administrator through the API, signed in in a context of their own. */
export async function createPerson(request: APIRequestContext, name: string): Promise<Person> {
	const person = { name, email: `${Date.now()}${Math.floor(Math.random() * 1e4)}@example.org`, password: 'a long enough password' };
	const response = await request.post('/api/users', { data: { ...person, role: 'member' }, headers });
	expect(response.status(), await response.text()).toBe(201);
	const body = (await response.json()) as { id: string };
	return { id: body.id, ...person };
}

export async function addToBoard(request: APIRequestContext, boardId: string, userId: string, role: 'lead' | 'member' | 'viewer'): Promise<void> {
	const response = await request.put(`/api/boards/${boardId}/members/${userId}`, { data: { role }, headers });
	expect(response.ok(), await response.text()).toBe(true);
}

export async function contextFor(browser: Browser, person: Person, options: { locale?: string } = {}): Promise<BrowserContext> {
	const context = await browser.newContext({ locale: options.locale ?? 'en-GB' });
	const response = await context.request.post('/api/auth/login', { data: { email: person.email, password: person.password }, headers });
	expect(response.status(), await response.text()).toBe(200);
	return context;
}

export function column(page: Page, status: 'blank' | 'planned' | 'strengthen' | 'done'): Locator {
	return page.locator(`[data-testid="column"][data-status="${status}"]`);
}

export function card(page: Page, title: string): Locator {
	return page.getByTestId('item-card').filter({ has: page.getByTestId('item-title').getByText(title, { exact: true }) });
}

/** Opens a board and waits for its first sync. */
export async function openBoard(page: Page, boardId: string): Promise<void> {
	await page.goto(`/b/${boardId}`);
	await expect(page.getByTestId('board')).toBeVisible();
	await expect(page.getByTestId('connection-status')).toHaveAttribute('data-state', 'connected');
}

export async function addItem(page: Page, status: 'blank' | 'planned' | 'strengthen' | 'done', title: string): Promise<void> {
	const col = column(page, status);
	const input = col.getByTestId('add-item-title');
	if (!(await input.isVisible())) await col.getByTestId('add-item').click();
	await input.fill(title);
	await input.press('Enter');
	await expect(card(page, title)).toBeVisible();
}

/**
 * Drags with real mouse events in small steps: svelte-dnd-action starts a drag only after
 * the pointer has moved, and decides where the card goes from where the dragged card is,
 * checked on a timer. So before letting go, wait until the placeholder stands where the
 * card should land (`landing`: that column, at that position).
 */
export async function dragCard(
	page: Page,
	source: Locator,
	target: Locator,
	landing: { column: Locator; index: number }
): Promise<void> {
	const from = await source.boundingBox();
	const to = await target.boundingBox();
	if (!from || !to) throw new Error('drag source or target is not visible');
	const startX = from.x + from.width / 2;
	const startY = from.y + from.height / 2;
	await page.mouse.move(startX, startY);
	await page.mouse.down();
	await page.mouse.move(startX + 8, startY + 8, { steps: 4 });
	await page.mouse.move(to.x + to.width / 2, to.y + Math.min(20, to.height / 2), { steps: 25 });
	await expect(landing.column.getByTestId('item-card').nth(landing.index)).toHaveAttribute('data-placeholder', 'true');
	await page.mouse.up();
	await expect(landing.column.locator('[data-placeholder]')).toHaveCount(0);
}

/**
 * Edits a board's document as a y-websocket client with the context's session (data made
 * through the sync socket, as any client would); returns what `edit` returns once the server
 * has stored it.
 */
export async function writeBoard<T>(context: BrowserContext, boardId: string, edit: (doc: Y.Doc) => T): Promise<T> {
	const session = (await context.storageState()).cookies.find((cookie) => cookie.name === 'planboard_session');
	if (!session) throw new Error('the context is not signed in');
	const socketHeaders = { cookie: `${session.name}=${session.value}`, origin: ORIGIN };
	const Socket = class extends WebSocket {
		constructor(url: string | URL, protocols?: string | string[]) {
			super(url, protocols, { headers: socketHeaders });
		}
	};
	const doc = new Y.Doc();
	const provider = new WebsocketProvider(`${ORIGIN.replace(/^http/, 'ws')}/sync`, boardId, doc, {
		WebSocketPolyfill: Socket as unknown as typeof globalThis.WebSocket,
		disableBc: true
	});
	try {
		await new Promise<void>((resolve) => provider.once('sync', () => resolve()));
		const result = edit(doc);
		// The server numbers items only once they are stored: every number back means all is saved.
		await expect.poll(() => allItems(doc).every((item) => item.number !== null)).toBe(true);
		return result;
	} finally {
		provider.destroy();
		doc.destroy();
	}
}
