/** A per-connection token bucket: a client may burst, but not sustain more than a rate. */

export interface FloodLimits {
	/** Tokens refilled per second (the sustained message rate). */
	perSecond: number;
	/** Bucket size (the largest burst). */
	burst: number;
}

/** y-websocket sends a few messages per edit; 200/s sustained is far beyond any person typing. */
export const DEFAULT_FLOOD_LIMITS: FloodLimits = { perSecond: 200, burst: 1000 };

export class TokenBucket {
	private tokens: number;
	private last: number;

	constructor(
		private readonly limits: FloodLimits = DEFAULT_FLOOD_LIMITS,
		private readonly now: () => number = () => performance.now()
	) {
		this.tokens = limits.burst;
		this.last = now();
	}

	/** Takes one token; false when the bucket is empty. */
	take(): boolean {
		const now = this.now();
		const refill = ((now - this.last) / 1000) * this.limits.perSecond;
		this.last = now;
		this.tokens = Math.min(this.limits.burst, this.tokens + refill);
		if (this.tokens < 1) return false;
		this.tokens -= 1;
		return true;
	}
}
