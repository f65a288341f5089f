/**
 * How many reply-producing requests (sync step 1, query awareness) one socket may send. Each
 * costs the server a reply as large as the document or the presence list, so an unbounded stream
 * of 3-byte requests is an amplification attack. A stock client sends one sync step 1 per
 * connection (plus one per `resyncInterval`) and no awareness query: a token bucket of
 * `capacity` requests refilled at `perSecond` never bothers it.
 */
export interface RequestBudgetOptions {
	capacity: number;
	perSecond: number;
}

export const DEFAULT_REQUEST_BUDGET: RequestBudgetOptions = { capacity: 32, perSecond: 4 };

export class RequestBudget {
	private tokens: number;
	private last: number;

	constructor(
		private readonly options: RequestBudgetOptions,
		now: number
	) {
		this.tokens = options.capacity;
		this.last = now;
	}

	/** Spends one request at time `now` (ms); false once the budget is exhausted. */
	take(now: number): boolean {
		const elapsed = Math.max(0, now - this.last);
		this.last = now;
		this.tokens = Math.min(
			this.options.capacity,
			this.tokens + (elapsed * this.options.perSecond) / 1000
		);
		if (this.tokens < 1) return false;
		this.tokens -= 1;
		return true;
	}
}
