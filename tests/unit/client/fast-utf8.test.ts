/** The fast string read must give exactly what TextDecoder gives, and Yjs must read through it. */
import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import * as lib0String from 'lib0/string';
import { createItem, readItem, itemsMap } from '../../../src/lib/board/index';
import { decodeShortAscii, useFastUtf8 } from '../../../src/lib/client/fast-utf8';

const encode = (text: string) => new TextEncoder().encode(text);

describe('decodeShortAscii', () => {
	const native = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
	const nativeDecode = (bytes: Uint8Array) => native.decode(bytes);

	it('reads what the native decoder reads', () => {
		for (const text of ['', 'title', 'a0V', '2026-04-01', '慢性病管理季度目标', 'mixed 中文 text', '😀', '\u0000\u007f', 'x'.repeat(64), 'y'.repeat(65), '\ufeffbom']) {
			expect(decodeShortAscii(encode(text), nativeDecode)).toBe(nativeDecode(encode(text)));
		}
	});

	it('leaves bytes that are not ASCII to the native decoder, errors included', () => {
		let calls = 0;
		const counting = (bytes: Uint8Array) => {
			calls++;
			return native.decode(bytes);
		};
		decodeShortAscii(encode('status'), counting);
		expect(calls).toBe(0);
		decodeShortAscii(encode('中'), counting);
		expect(calls).toBe(1);
		expect(() => decodeShortAscii(new Uint8Array([0x61, 0xff]), nativeDecode)).toThrow(TypeError);
	});
});

describe('useFastUtf8', () => {
	it('speeds up a decoder in place, once, with the same results', () => {
		const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
		expect(useFastUtf8(decoder)).toBe(true);
		const installed = decoder.decode;
		expect(useFastUtf8(decoder)).toBe(true);
		expect(decoder.decode).toBe(installed);
		expect(decoder.decode(encode('ownerId'))).toBe('ownerId');
		expect(decoder.decode(encode('负责人'))).toBe('负责人');
		expect(decoder.decode(encode('ab').buffer)).toBe('ab');
		expect(() => decoder.decode(new Uint8Array([0xc3]))).toThrow(TypeError);
		expect(useFastUtf8(null)).toBe(false);
	});

	it('is what Yjs reads with afterwards, and documents read the same', () => {
		const source = new Y.Doc();
		const ids = [createItem(source, { title: '院感质控自查', status: 'planned', notes: 'notes 备注' }), createItem(source, { title: 'plain title', status: 'done' })];
		const update = Y.encodeStateAsUpdate(source);
		expect(useFastUtf8()).toBe(true);
		expect(lib0String.utf8TextDecoder?.decode(encode('areaId'))).toBe('areaId');
		const doc = new Y.Doc();
		Y.applyUpdate(doc, update);
		for (const id of ids) expect(readItem(id, itemsMap(doc).get(id)!)).toEqual(readItem(id, itemsMap(source).get(id)!));
	});
});
