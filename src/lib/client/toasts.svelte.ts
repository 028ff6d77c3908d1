/**
 * Short notices at the bottom of the screen ("moved to the bin · Undo").
 * Browser-only in practice: toasts are only raised from event handlers, so the
 * module state shared between server requests always stays empty there.
 */

export type ToastKind = 'info' | 'success' | 'error';

export interface ToastAction {
	label: string;
	run: () => void;
}

export interface Toast {
	id: number;
	kind: ToastKind;
	message: string;
	action: ToastAction | null;
}

class Toasts {
	list = $state<Toast[]>([]);
	#next = 1;
	#timers = new Map<number, ReturnType<typeof setTimeout>>();

	show(message: string, options: { kind?: ToastKind; action?: ToastAction; timeoutMs?: number } = {}): number {
		const id = this.#next++;
		const kind = options.kind ?? 'info';
		// Errors stay longer: the person may be reading something else when one appears.
		const timeout = options.timeoutMs ?? (kind === 'error' ? 10_000 : options.action ? 8_000 : 4_000);
		this.list = [...this.list.slice(-3), { id, kind, message, action: options.action ?? null }];
		this.#timers.set(
			id,
			setTimeout(() => this.dismiss(id), timeout)
		);
		return id;
	}

	dismiss(id: number): void {
		clearTimeout(this.#timers.get(id));
		this.#timers.delete(id);
		this.list = this.list.filter((toast) => toast.id !== id);
	}
}

export const toasts = new Toasts();
