/** Percentiles and medians; nearest-rank on a sorted copy. */

export function percentile(values: ArrayLike<number>, p: number): number {
	const n = values.length;
	if (n === 0) return NaN;
	const sorted = Float64Array.from(values as ArrayLike<number>).sort();
	const rank = Math.min(n - 1, Math.max(0, Math.ceil((p / 100) * n) - 1));
	return sorted[rank];
}

export function median(values: number[]): number {
	const clean = values.filter((v) => Number.isFinite(v));
	if (clean.length === 0) return NaN;
	return percentile(clean, 50);
}

/** Median of a field over runs, for objects holding numbers. */
export function medianOf<T>(runs: T[], pick: (run: T) => number): number {
	return median(runs.map(pick));
}

/** A growable list of float64 samples (latencies) without boxing. */
export class Samples {
	private data = new Float64Array(1024);
	length = 0;
	push(value: number): void {
		if (this.length === this.data.length) {
			const bigger = new Float64Array(this.data.length * 2);
			bigger.set(this.data);
			this.data = bigger;
		}
		this.data[this.length++] = value;
	}
	values(): Float64Array {
		return this.data.subarray(0, this.length);
	}
	p(pct: number): number {
		return percentile(this.values(), pct);
	}
	clear(): void {
		this.length = 0;
	}
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls `check` every `everyMs` until it is true or `timeoutMs` passed; returns whether it became true. */
export async function waitFor(check: () => boolean, timeoutMs: number, everyMs = 5): Promise<boolean> {
	const end = performance.now() + timeoutMs;
	while (performance.now() < end) {
		if (check()) return true;
		await sleep(everyMs);
	}
	return check();
}

export const round = (value: number, digits = 1): number => (Number.isFinite(value) ? Number(value.toFixed(digits)) : value);
