/**
 * Groups access decisions: while one lookup is out, the queries that arrive wait and leave
 * together in the next. A reconnect storm of a hundred sockets costs a few batched PocketBase
 * lookups instead of three requests each; a lone connection is not delayed (nothing in flight).
 */
import type { AccessDecision, AccessQuery } from './authenticator';

interface Waiting {
	query: AccessQuery;
	resolve: (decision: AccessDecision) => void;
	reject: (error: unknown) => void;
}

export class AccessBatcher {
	private queued: Waiting[] = [];
	private running = false;

	constructor(
		private readonly lookup: (queries: readonly AccessQuery[]) => Promise<AccessDecision[]>
	) {}

	decide(query: AccessQuery): Promise<AccessDecision> {
		return new Promise((resolve, reject) => {
			this.queued.push({ query, resolve, reject });
			if (!this.running) void this.run();
		});
	}

	private async run(): Promise<void> {
		this.running = true;
		try {
			while (this.queued.length > 0) {
				const batch = this.queued;
				this.queued = [];
				try {
					const decisions = await this.lookup(batch.map((waiting) => waiting.query));
					batch.forEach((waiting, i) => {
						const decision = decisions[i];
						if (decision === undefined) waiting.reject(new Error('access lookup: no decision'));
						else waiting.resolve(decision);
					});
				} catch (error) {
					for (const waiting of batch) waiting.reject(error);
				}
			}
		} finally {
			this.running = false;
		}
	}
}
