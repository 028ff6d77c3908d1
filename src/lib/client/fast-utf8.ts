/**
 * Faster string reads for Yjs in the browser.
 *
 * Yjs reads every string of an update (map keys, field values, ids, dates) through lib0,
 * which calls `TextDecoder.decode` once per string. In Chromium each call crosses into the
 * browser's bindings, ≈ 1 µs: a 5,000-item board's first sync has ≈ 150k strings, and this
 * was the largest single cost of applying it (bench S6). Nearly all of them are short and
 * ASCII (keys, ids, dates, statuses); a loop in JavaScript reads those ≈ 3× faster.
 *
 * `useFastUtf8` gives lib0's own decoder instance (`lib0/string`'s `utf8TextDecoder`, the
 * one its `readVarString` calls) a `decode` that reads short plain-ASCII input itself and
 * hands everything else (non-ASCII, long input, options) to the real `decode`. ASCII bytes
 * are always valid UTF-8 and mean the same characters, so the result is always identical.
 */
import * as lib0String from 'lib0/string';

/** Longer input goes to the native decoder, which is faster per byte. */
const SHORT = 64;

type Decode = (input?: AllowSharedBufferSource, options?: TextDecodeOptions) => string;

/** `native(bytes)`, read in JavaScript when `bytes` is short plain ASCII. */
export function decodeShortAscii(bytes: Uint8Array, native: (bytes: Uint8Array) => string): string {
	const length = bytes.length;
	if (length > SHORT) return native(bytes);
	let text = '';
	for (let i = 0; i < length; i++) {
		const byte = bytes[i];
		if (byte > 0x7f) return native(bytes);
		text += String.fromCharCode(byte);
	}
	return text;
}

const FAST = Symbol('planboard fast utf8');

/** Speeds up `decoder` (lib0's by default) in place; calling it again changes nothing. Returns whether it is on. */
export function useFastUtf8(decoder: TextDecoder | null = lib0String.utf8TextDecoder): boolean {
	if (!decoder) return false;
	const marked = decoder as TextDecoder & { [FAST]?: true };
	if (marked[FAST]) return true;
	const native: Decode = decoder.decode.bind(decoder);
	const decode: Decode = (input, options) =>
		input instanceof Uint8Array && options === undefined ? decodeShortAscii(input, native) : native(input, options);
	Object.defineProperty(decoder, 'decode', { value: decode, configurable: true, writable: true });
	marked[FAST] = true;
	return true;
}
