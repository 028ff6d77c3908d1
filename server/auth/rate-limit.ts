/**
 * A token bucket per key, in memory. Enough for one process guarding its login; when
 * several processes share the load, each limits what reaches it.
 */
export interface RateLimiter {
	/** Takes one token; returns 0 when allowed, else the seconds to wait. */
	take(key: string): number;
	reset(key: string): void;
}

export function createRateLimiter(capacity: number, refillPerSecond: number, now = () => Date.now()): RateLimiter {
	const buckets = new Map<string, { tokens: number; at: number }>();
	let lastSweep = now();

	function sweep(t: number) {
		// Forget buckets that have refilled completely, so memory stays bounded.
		if (t - lastSweep < 60_000) return;
		lastSweep = t;
		for (const [key, bucket] of buckets) {
			if (bucket.tokens + ((t - bucket.at) / 1000) * refillPerSecond >= capacity) buckets.delete(key);
		}
	}

	return {
		take(key) {
			const t = now();
			sweep(t);
			const bucket = buckets.get(key) ?? { tokens: capacity, at: t };
			bucket.tokens = Math.min(capacity, bucket.tokens + ((t - bucket.at) / 1000) * refillPerSecond);
			bucket.at = t;
			buckets.set(key, bucket);
			if (bucket.tokens >= 1) {
				bucket.tokens -= 1;
				return 0;
			}
			return Math.ceil((1 - bucket.tokens) / refillPerSecond);
		},
		reset(key) {
			buckets.delete(key);
		}
	};
}
