/**
 * The y-websocket wire format (y-protocols `sync` + `awareness`), decoded strictly.
 * Everything a socket sends passes through `decodeMessage`; anything it cannot decode
 * completely is a `ProtocolError`, which the room answers with close code 1002.
 */
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as Y from 'yjs';

/** First varuint of every frame (y-websocket's messageSync, messageAwareness, …). */
export const MessageType = {
	Sync: 0,
	Awareness: 1,
	/** y-protocols' auth message: the client never sends it and we never use it. */
	Auth: 2,
	QueryAwareness: 3
} as const;

/** Second varuint of a sync frame (y-protocols/sync). */
export const SyncStep = {
	Step1: 0,
	Step2: 1,
	Update: 2
} as const;

export interface AwarenessEntry {
	clientId: number;
	clock: number;
	/** The client's state as sent (a JSON text); `null` when the client went away. */
	state: unknown;
}

export type ClientMessage =
	| { kind: 'sync-step1'; stateVector: Uint8Array; emptyStateVector: boolean }
	| { kind: 'sync-step2'; update: Uint8Array }
	| { kind: 'sync-update'; update: Uint8Array }
	| { kind: 'awareness'; update: Uint8Array; entries: AwarenessEntry[] }
	| { kind: 'query-awareness' };

export class ProtocolError extends Error {
	override name = 'ProtocolError';
}

/**
 * Decodes one frame. Trailing bytes, truncated varints, unknown types and state
 * vectors or awareness payloads that do not parse are all refused here, so the room
 * never half-handles a frame. Yjs updates are checked by the room, which owns the doc.
 */
export function decodeMessage(bytes: Uint8Array): ClientMessage {
	try {
		const decoder = decoding.createDecoder(bytes);
		const message = readMessage(decoder);
		if (decoding.hasContent(decoder)) throw new ProtocolError('trailing bytes after the message');
		return message;
	} catch (error) {
		if (error instanceof ProtocolError) throw error;
		throw new ProtocolError(`undecodable frame: ${(error as Error).message}`);
	}
}

function readMessage(decoder: decoding.Decoder): ClientMessage {
	const type = decoding.readVarUint(decoder);
	switch (type) {
		case MessageType.Sync:
			return readSync(decoder);
		case MessageType.Awareness: {
			const update = decoding.readVarUint8Array(decoder);
			return { kind: 'awareness', update, entries: decodeAwarenessUpdate(update) };
		}
		case MessageType.QueryAwareness:
			return { kind: 'query-awareness' };
		default:
			throw new ProtocolError(`unknown message type ${type}`);
	}
}

function readSync(decoder: decoding.Decoder): ClientMessage {
	const step = decoding.readVarUint(decoder);
	const payload = decoding.readVarUint8Array(decoder);
	switch (step) {
		case SyncStep.Step1: {
			const clients = Y.decodeStateVector(payload);
			return { kind: 'sync-step1', stateVector: payload, emptyStateVector: clients.size === 0 };
		}
		case SyncStep.Step2:
			return { kind: 'sync-step2', update: payload };
		case SyncStep.Update:
			return { kind: 'sync-update', update: payload };
		default:
			throw new ProtocolError(`unknown sync step ${step}`);
	}
}

/** Parses an awareness update completely (y-protocols would throw halfway through applying it). */
export function decodeAwarenessUpdate(update: Uint8Array): AwarenessEntry[] {
	const decoder = decoding.createDecoder(update);
	const count = decoding.readVarUint(decoder);
	const entries: AwarenessEntry[] = [];
	for (let i = 0; i < count; i++) {
		const clientId = decoding.readVarUint(decoder);
		const clock = decoding.readVarUint(decoder);
		const state: unknown = JSON.parse(decoding.readVarString(decoder));
		entries.push({ clientId, clock, state });
	}
	if (decoding.hasContent(decoder)) throw new ProtocolError('trailing bytes after the awareness update');
	return entries;
}

/** Re-encodes awareness entries (used when some entries of a frame are dropped). */
export function encodeAwarenessEntries(entries: readonly AwarenessEntry[]): Uint8Array {
	const encoder = encoding.createEncoder();
	encoding.writeVarUint(encoder, entries.length);
	for (const { clientId, clock, state } of entries) {
		encoding.writeVarUint(encoder, clientId);
		encoding.writeVarUint(encoder, clock);
		encoding.writeVarString(encoder, JSON.stringify(state));
	}
	return encoding.toUint8Array(encoder);
}

export function encodeSyncStep1(stateVector: Uint8Array): Uint8Array {
	return frame(MessageType.Sync, SyncStep.Step1, stateVector);
}

export function encodeSyncStep2(update: Uint8Array): Uint8Array {
	return frame(MessageType.Sync, SyncStep.Step2, update);
}

export function encodeSyncUpdate(update: Uint8Array): Uint8Array {
	return frame(MessageType.Sync, SyncStep.Update, update);
}

export function encodeAwareness(update: Uint8Array): Uint8Array {
	return frame(MessageType.Awareness, null, update);
}

export function encodeQueryAwareness(): Uint8Array {
	return Uint8Array.of(MessageType.QueryAwareness);
}

/**
 * One message as two websocket fragments: its header, then a payload as it is. A
 * 10k-item board's step 2 is a 5.9 MB row read from libSQL; copying it behind a 6-byte
 * header cost ≈ 2 ms of fresh pages per cold join (bench S4), twice the row's memory
 * until the copy was collected. Receivers get one message either way.
 */
export class SplitFrame {
	constructor(
		readonly head: Uint8Array,
		readonly body: Uint8Array
	) {}

	get length(): number {
		return this.head.length + this.body.length;
	}
}

/** What a connection sends: one websocket message. */
export type Frame = Uint8Array | SplitFrame;

/** A frame's bytes in one piece (for in-memory connections and tests). */
export function wholeFrame(frame: Frame): Uint8Array {
	if (!(frame instanceof SplitFrame)) return frame;
	const out = new Uint8Array(frame.length);
	out.set(frame.head);
	out.set(frame.body, frame.head.length);
	return out;
}

/** A step 2 that carries `update` without copying it (a full state, sent to every cold client). */
export function splitSyncStep2(update: Uint8Array): SplitFrame {
	return new SplitFrame(headerOf(MessageType.Sync, SyncStep.Step2, update.length), update);
}

/** `[type][step?][varuint length]`, the bytes before a payload. */
function headerOf(type: number, step: number | null, length: number): Uint8Array {
	const header = encoding.createEncoder();
	encoding.writeVarUint(header, type);
	if (step !== null) encoding.writeVarUint(header, step);
	encoding.writeVarUint(header, length);
	return encoding.toUint8Array(header);
}

/**
 * `[type][step?][varuint length][payload]` with the payload copied once: lib0's growing
 * encoder would copy a large one several times. A Buffer, not a plain Uint8Array: ws wraps
 * anything else in a new Buffer on every send, once per socket of a broadcast; and it
 * need not be zeroed first, every byte is written.
 */
function frame(type: number, step: number | null, payload: Uint8Array): Uint8Array {
	const head = headerOf(type, step, payload.length);
	const out = Buffer.allocUnsafe(head.length + payload.length);
	out.set(head);
	out.set(payload, head.length);
	return out;
}
