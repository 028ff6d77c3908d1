/** /api/boards: list, create, read and rename boards. */
import { Hono } from 'hono';
import { createExampleBoard } from '../boards/example';
import { AppError } from '../errors';
import type { AppEnv } from '../http/env';
import { readJson } from '../http/json';
import { requireUser } from '../http/session';

export const boardRoutes = new Hono<AppEnv>()
	.use(requireUser)
	.get('/', async (c) => c.json(await c.var.services.boards.list(c.var.user!)))
	.post('/', async (c) => {
		const body = await readJson(c);
		const board = await c.var.services.boards.create(c.var.user!, { title: body.title, prefix: body.prefix });
		return c.json(board, 201);
	})
	.post('/example', async (c) => c.json(await createExampleBoard(c.var.services, c.var.user!, { locale: (await readJson(c)).locale }), 201))
	.get('/:boardId', async (c) => {
		const found = await c.var.services.boards.get(c.var.user!, c.req.param('boardId'));
		if (!found) throw new AppError(404, 'board_not_found', 'No such board');
		return c.json({ ...found.board, access: found.access, role: found.role });
	})
	.patch('/:boardId', async (c) => {
		const body = await readJson(c);
		return c.json(await c.var.services.boards.update(c.var.user!, c.req.param('boardId'), { title: body.title, prefix: body.prefix }));
	})
	.get('/:boardId/items', async (c) => c.json(await c.var.services.items.ofBoard(c.var.user!, c.req.param('boardId'))))
	.get('/:boardId/members', async (c) => c.json(await c.var.services.members.list(c.var.user!, c.req.param('boardId'))))
	.put('/:boardId/members/:userId', async (c) => {
		const body = await readJson(c);
		return c.json(await c.var.services.members.set(c.var.user!, c.req.param('boardId'), c.req.param('userId'), body.role));
	})
	.delete('/:boardId/members/:userId', async (c) => {
		await c.var.services.members.remove(c.var.user!, c.req.param('boardId'), c.req.param('userId'));
		return c.json({ ok: true });
	})
	.get('/:boardId/public', async (c) => {
		const boardId = c.req.param('boardId');
		if (!(await c.var.services.boards.role(c.var.user!, boardId))) throw new AppError(404, 'board_not_found', 'No such board');
		return c.json(await c.var.services.boards.publicSettings(boardId));
	})
	.post('/:boardId/public', async (c) => {
		const boardId = c.req.param('boardId');
		const body = await readJson(c);
		const { boards, sync, config } = c.var.services;
		const settings = await boards.setPublic(c.var.user!, boardId, { enabled: body.enabled, fields: body.fields });
		await sync.refreshPublic(boardId);
		return c.json({ ...settings, url: `${config.origin}/p/${settings.slug}` });
	})
	.post('/:boardId/items/:number/status', async (c) => {
		const body = await readJson(c);
		const item = await c.var.services.actions.setStatus(c.var.user!, c.req.param('boardId'), itemNumber(c.req.param('number')), { status: body.status, blocked: body.blocked, blockedReason: body.blockedReason });
		return c.json(item);
	})
	.post('/:boardId/items/:number/checkins', async (c) => {
		const body = await readJson(c);
		const metric = await c.var.services.actions.checkIn(c.var.user!, c.req.param('boardId'), itemNumber(c.req.param('number')), { value: body.value, note: body.note });
		return c.json(metric, 201);
	});

function itemNumber(raw: string): number {
	const number = Number(raw);
	if (!Number.isInteger(number) || number <= 0) throw new AppError(404, 'item_not_found', 'Item numbers are positive whole numbers');
	return number;
}
