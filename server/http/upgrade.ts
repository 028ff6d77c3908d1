/**
 * Websocket upgrades: only /sync/BOARD_ID, only from our origin, only with a live session
 * that may see the board. Everything else is answered with a plain HTTP refusal.
 */
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { tokenSessionId } from '../auth/api-tokens';
import { readCookie, SESSION_COOKIE } from '../auth/cookie';
import { originAllowed } from '../auth/origin';
import type { Services } from '../services';
import { TurnQueue } from './turn-queue';

const STATUS_TEXT: Record<number, string> = {
	401: 'Unauthorized',
	403: 'Forbidden',
	404: 'Not Found',
	500: 'Internal Server Error'
};

export function refuseUpgrade(socket: Duplex, status: 401 | 403 | 404 | 500): void {
	if (socket.destroyed) return;
	socket.end(`HTTP/1.1 ${status} ${STATUS_TEXT[status]}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
}

export const SYNC_PATH = /^\/sync\/([A-Za-z0-9-]{1,64})$/;
export const PUBLIC_SYNC_PATH = /^\/sync\/public\/([a-z2-9]{12})$/;

export function createUpgradeHandler(services: Services) {
	const { auth, apiTokens, boards, config, sync } = services;
	const fromCookie = async (token: string) => {
		const found = await auth.validateSessionToken(token);
		return found && { user: found.user, sessionId: found.session.id };
	};
	const fromBearer = async (token: string) => {
		const found = await apiTokens.validate(token);
		return found && { user: found.user, sessionId: tokenSessionId(found.tokenId) };
	};
	// One upgrade per turn of the event loop, so a join storm does not stall other rooms.
	const admission = new TurnQueue(1);
	return async function onUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
		socket.on('error', () => socket.destroy());
		try {
			await admission.turn();
			if (socket.destroyed) return;
			const path = new URL(req.url ?? '/', 'http://localhost').pathname;
			const publicMatch = PUBLIC_SYNC_PATH.exec(path);
			if (publicMatch) {
				// Anyone may watch a public board, but only from pages of our own origin.
				if (req.headers.origin && req.headers.origin !== config.origin) return refuseUpgrade(socket, 403);
				const boardId = await boards.boardForSlug(publicMatch[1]);
				if (!boardId) return refuseUpgrade(socket, 404);
				return sync.acceptPublic(req, socket, head, boardId);
			}
			const match = SYNC_PATH.exec(path);
			if (!match) return refuseUpgrade(socket, 404);
			const bearer = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '')?.[1] ?? null;
			const token = bearer ? null : readCookie(req.headers.cookie, SESSION_COOKIE);
			if (!originAllowed(req.headers.origin, config.origin, token !== null)) return refuseUpgrade(socket, 403);
			const who = bearer ? await fromBearer(bearer) : token ? await fromCookie(token) : null;
			if (!who) return refuseUpgrade(socket, 401);
			const boardId = match[1];
			const access = await boards.access(who.user, boardId);
			if (!access) return refuseUpgrade(socket, 404);
			const principal = { userId: who.user.id, sessionId: who.sessionId, name: who.user.name };
			sync.accept(req, socket, head, { principal, boardId, access });
		} catch (error) {
			console.error('upgrade failed', error);
			refuseUpgrade(socket, 500);
		}
	};
}
