/**
 * Websocket close codes of /sync, shared by the server and the browser's reconnect logic
 * (server/sync/PROTOCOL.md describes when each is sent).
 */
export const CloseCode = {
	/** Normal close: the server is shutting down or the room was unloaded. Reconnect. */
	Normal: 1000,
	GoingAway: 1001,
	/** A frame that does not decode as the y-websocket protocol. */
	ProtocolError: 1002,
	/** A frame larger than the server's maxPayload. */
	TooBig: 1009,
	/** The server could not store an accepted update; the client reconnects and resends. */
	InternalError: 1011,
	/** The person's role on the board changed: reconnect, and re-read the role (like HTTP 205 Reset Content). */
	AccessChanged: 4205,
	/** The session ended (logout, expiry, account disabled). Do not reconnect; sign in again. */
	Unauthorized: 4401,
	/** The connection may not do what it tried (a read-only socket sent an update). */
	Forbidden: 4403,
	/** The board does not exist or is not visible to this user. */
	NotFound: 4404,
	/** Too many messages in too short a time. Reconnect after a pause. */
	RateLimited: 4429
} as const;
export type CloseCode = (typeof CloseCode)[keyof typeof CloseCode];

/** Close codes after which the client must not reconnect on its own. */
export const FINAL_CLOSE_CODES: ReadonlySet<number> = new Set([
	CloseCode.Unauthorized,
	CloseCode.Forbidden,
	CloseCode.NotFound
]);

/** Largest frame the server accepts, in bytes. A 10k-item board's first sync fits well within. */
export const MAX_FRAME_BYTES = 8 * 1024 * 1024;
