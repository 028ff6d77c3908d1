/**
 * What a room needs of a client connection. Rooms never see a websocket, so unit tests
 * drive them with in-memory connections and the socket adapter stays thin.
 */
import type { Frame } from './protocol';

export interface Connection {
	/** Queues one binary frame; a closed connection drops it. */
	send(bytes: Frame): void;
	close(code: number, reason: string): void;
	/** False for read-only members, viewers and the public; may change while open. */
	canWrite: boolean;
	readonly sessionId: string | null;
	readonly userId: string;
}
