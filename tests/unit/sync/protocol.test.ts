import * as encoding from 'lib0/encoding';
import { describe, expect, it } from 'vitest';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as syncProtocol from 'y-protocols/sync';
import * as Y from 'yjs';
import {
	decodeAwarenessUpdate,
	decodeMessage,
	encodeAwareness,
	encodeAwarenessEntries,
	encodeQueryAwareness,
	encodeSyncStep1,
	encodeSyncStep2,
	encodeSyncUpdate,
	ProtocolError
} from '../../../server/sync/protocol';

/** What y-websocket's own code puts on the wire, built with y-protocols and lib0. */
function yWebsocketFrame(write: (encoder: encoding.Encoder) => void): Uint8Array {
	const encoder = encoding.createEncoder();
	write(encoder);
	return encoding.toUint8Array(encoder);
}

function docWithText(text: string): Y.Doc {
	const doc = new Y.Doc();
	doc.getText('t').insert(0, text);
	return doc;
}

describe('[SY2] decoding what y-websocket sends', () => {
	it('decodes sync step 1 and says whether the state vector is empty', () => {
		const empty = decodeMessage(yWebsocketFrame((e) => (encoding.writeVarUint(e, 0), syncProtocol.writeSyncStep1(e, new Y.Doc()))));
		expect(empty).toMatchObject({ kind: 'sync-step1', emptyStateVector: true });
		const doc = docWithText('hello');
		const full = decodeMessage(yWebsocketFrame((e) => (encoding.writeVarUint(e, 0), syncProtocol.writeSyncStep1(e, doc))));
		expect(full).toMatchObject({ kind: 'sync-step1', emptyStateVector: false });
		expect(full.kind === 'sync-step1' && Y.decodeStateVector(full.stateVector)).toEqual(Y.decodeStateVector(Y.encodeStateVector(doc)));
	});

	it('decodes sync step 2 and update with their payload', () => {
		const doc = docWithText('x'.repeat(20_000));
		const update = Y.encodeStateAsUpdate(doc);
		const step2 = decodeMessage(yWebsocketFrame((e) => (encoding.writeVarUint(e, 0), syncProtocol.writeSyncStep2(e, doc))));
		expect(step2.kind).toBe('sync-step2');
		expect(step2.kind === 'sync-step2' && [...step2.update]).toEqual([...update]);
		const plain = decodeMessage(yWebsocketFrame((e) => (encoding.writeVarUint(e, 0), syncProtocol.writeUpdate(e, update))));
		expect(plain.kind === 'sync-update' && [...plain.update]).toEqual([...update]);
	});

	it('decodes awareness and query-awareness', () => {
		const awareness = new awarenessProtocol.Awareness(new Y.Doc());
		awareness.setLocalState({ user: { name: '王芳', color: '#2563eb' } });
		const frame = yWebsocketFrame((e) => {
			encoding.writeVarUint(e, 1);
			encoding.writeVarUint8Array(e, awarenessProtocol.encodeAwarenessUpdate(awareness, [awareness.clientID]));
		});
		const message = decodeMessage(frame);
		expect(message.kind).toBe('awareness');
		expect(message.kind === 'awareness' && message.entries).toEqual([
			{ clientId: awareness.clientID, clock: 1, state: { user: { name: '王芳', color: '#2563eb' } } }
		]);
		expect(decodeMessage(Uint8Array.of(3))).toEqual({ kind: 'query-awareness' });
		awareness.destroy();
	});
});

describe('[SY2] refusing what is not the protocol', () => {
	const update = Y.encodeStateAsUpdate(docWithText('abc'));
	const cases: Array<[string, Uint8Array]> = [
		['an empty frame', new Uint8Array(0)],
		['a truncated varint', Uint8Array.of(0x80)],
		['an unknown message type', Uint8Array.of(9)],
		['the auth message', Uint8Array.of(2, 0, 0)],
		['an unknown sync step', Uint8Array.of(0, 7, 0)],
		['a payload shorter than its length', Uint8Array.of(0, 2, 5, 1, 2)],
		['trailing bytes', Uint8Array.of(...encodeSyncUpdate(update), 0)],
		['a state vector that does not parse', Uint8Array.of(0, 0, 2, 1, 0x80)],
		['awareness that is not JSON', encodeAwareness(Uint8Array.of(1, 7, 1, 1, 0x7b))],
		['awareness with fewer entries than announced', encodeAwareness(Uint8Array.of(2, 7, 1, 4, ...new TextEncoder().encode('null')))],
		['a length beyond the frame (a foreign view must not be read)', new Uint8Array(new Uint8Array([0, 2, 50, 1, 2, 3, 4, 5, 6, 7, 8, 9]).buffer, 0, 5)]
	];
	for (const [name, bytes] of cases) {
		it(`refuses ${name}`, () => {
			expect(() => decodeMessage(bytes)).toThrow(ProtocolError);
		});
	}
});

describe('encoding what the server sends', () => {
	it('produces byte for byte what y-protocols produces', () => {
		const doc = docWithText('x'.repeat(300));
		const sv = Y.encodeStateVector(doc);
		const update = Y.encodeStateAsUpdate(doc);
		expect([...encodeSyncStep1(sv)]).toEqual([...yWebsocketFrame((e) => (encoding.writeVarUint(e, 0), syncProtocol.writeSyncStep1(e, doc)))]);
		expect([...encodeSyncStep2(update)]).toEqual([...yWebsocketFrame((e) => (encoding.writeVarUint(e, 0), syncProtocol.writeSyncStep2(e, doc)))]);
		expect([...encodeSyncUpdate(update)]).toEqual([...yWebsocketFrame((e) => (encoding.writeVarUint(e, 0), syncProtocol.writeUpdate(e, update)))]);
		expect([...encodeAwareness(update)]).toEqual([...yWebsocketFrame((e) => (encoding.writeVarUint(e, 1), encoding.writeVarUint8Array(e, update)))]);
		expect([...encodeQueryAwareness()]).toEqual([3]);
	});

	it('round-trips payloads across varint length boundaries', () => {
		for (const size of [0, 1, 127, 128, 16_383, 16_384, 2_097_152]) {
			const payload = new Uint8Array(size).map((_, i) => i % 251);
			const decoded = decodeMessage(encodeSyncUpdate(payload));
			expect(decoded.kind === 'sync-update' && decoded.update.length).toBe(size);
			expect(decoded.kind === 'sync-update' && decoded.update[size - 1]).toBe(size ? (size - 1) % 251 : undefined);
		}
	});

	it('re-encodes awareness entries so that y-protocols reads them back', () => {
		const entries = [
			{ clientId: 1, clock: 3, state: { user: { name: 'Ada' } } },
			{ clientId: 300_000, clock: 0, state: null }
		];
		expect(decodeAwarenessUpdate(encodeAwarenessEntries(entries))).toEqual(entries);
		const awareness = new awarenessProtocol.Awareness(new Y.Doc());
		awarenessProtocol.applyAwarenessUpdate(awareness, encodeAwarenessEntries(entries), 'test');
		expect(awareness.getStates().get(1)).toEqual({ user: { name: 'Ada' } });
		awareness.destroy();
	});
});
