/**
 * Binds a <textarea> to a Y.Text: typing is applied as the smallest diff, remote edits
 * move into the textarea with the caret kept in place, and IME composition (pinyin) is
 * applied once the character is chosen, never half-typed.
 */
import type * as Y from 'yjs';

type Delta = Y.YTextEvent['delta'];

export interface TextChange {
	index: number;
	remove: number;
	insert: string;
}

/** The single replacement that turns `before` into `after` (common prefix and suffix kept). */
export function textChange(before: string, after: string): TextChange | null {
	if (before === after) return null;
	let start = 0;
	const max = Math.min(before.length, after.length);
	while (start < max && before.charCodeAt(start) === after.charCodeAt(start)) start++;
	let endBefore = before.length;
	let endAfter = after.length;
	while (endBefore > start && endAfter > start && before.charCodeAt(endBefore - 1) === after.charCodeAt(endAfter - 1)) {
		endBefore--;
		endAfter--;
	}
	return { index: start, remove: endBefore - start, insert: after.slice(start, endAfter) };
}

/** Where `position` (an index into the old text) ends up after `delta` was applied. */
export function transformPosition(position: number, delta: Delta): number {
	let oldIndex = 0;
	let result = position;
	for (const op of delta) {
		if (oldIndex > position) break;
		if (op.retain !== undefined) {
			oldIndex += op.retain;
		} else if (op.insert !== undefined) {
			result += typeof op.insert === 'string' ? op.insert.length : 1;
		} else if (op.delete !== undefined) {
			if (oldIndex < position) result -= Math.min(op.delete, position - oldIndex);
			oldIndex += op.delete;
		}
	}
	return result;
}

function apply(ytext: Y.Text, change: TextChange): void {
	const run = () => {
		if (change.remove) ytext.delete(change.index, change.remove);
		if (change.insert) ytext.insert(change.index, change.insert);
	};
	if (ytext.doc) ytext.doc.transact(run);
	else run();
}

/** A Svelte attachment: `<textarea {@attach bindText(ytext)}>`. */
export function bindText(ytext: Y.Text) {
	return (textarea: HTMLTextAreaElement) => {
		textarea.value = ytext.toString();
		/** What the textarea held when it last matched the shared text. */
		let synced = textarea.value;
		let composing = false;
		let pending: Delta[] = [];

		const pushLocal = () => {
			const change = textChange(synced, textarea.value);
			if (!change) return;
			// Remote edits held back during composition moved the text under us.
			for (const delta of pending) change.index = transformPosition(change.index, delta);
			pending = [];
			apply(ytext, change);
			const shared = ytext.toString();
			if (shared !== textarea.value) {
				// Merged with edits that arrived meanwhile: show the merge, caret after our text.
				const caret = change.index + change.insert.length;
				textarea.value = shared;
				textarea.setSelectionRange(caret, caret);
			}
			synced = shared;
		};

		const showRemote = (deltas: Delta[]) => {
			const next = ytext.toString();
			if (next === textarea.value) {
				synced = next;
				return;
			}
			const focused = document.activeElement === textarea;
			let { selectionStart: start, selectionEnd: end } = textarea;
			for (const delta of deltas) {
				start = transformPosition(start, delta);
				end = transformPosition(end, delta);
			}
			textarea.value = next;
			synced = next;
			if (focused) textarea.setSelectionRange(Math.min(start, next.length), Math.min(end, next.length));
		};

		const onInput = () => {
			if (!composing) pushLocal();
		};
		const onCompositionStart = () => {
			composing = true;
		};
		const onCompositionEnd = () => {
			composing = false;
			pushLocal();
		};
		const observer = (event: Y.YTextEvent) => {
			// Our own typing already matches the textarea; only foreign or undo edits move it.
			if (ytext.toString() === textarea.value) {
				synced = textarea.value;
				return;
			}
			if (composing) pending.push(event.delta);
			else showRemote([event.delta]);
		};

		textarea.addEventListener('input', onInput);
		textarea.addEventListener('compositionstart', onCompositionStart);
		textarea.addEventListener('compositionend', onCompositionEnd);
		ytext.observe(observer);
		return () => {
			if (composing) pushLocal();
			textarea.removeEventListener('input', onInput);
			textarea.removeEventListener('compositionstart', onCompositionStart);
			textarea.removeEventListener('compositionend', onCompositionEnd);
			ytext.unobserve(observer);
		};
	};
}
