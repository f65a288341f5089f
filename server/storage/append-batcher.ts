/**
 * Group commit of row appends across documents: appends that arrive in the same turn of the
 * event loop (the persistence timers of many documents firing together) go to the store in one
 * request — for PocketBase one `POST /api/trame/doc-rows`, one transaction. There is no timer: a batch leaves
 * at the end of the current turn (setImmediate), so a lone append waits for nothing; appends
 * arriving while `maxInFlight` batches are out wait for one of them and leave together.
 *
 * Each `add()` resolves once its row is durable (with the row id) or rejects, so the per-document
 * queue keeps its own retries and acks. A batch is all-or-nothing: when the store names the one
 * item it refused (`BatchItemRefused`), only that append fails and the others are sent again at
 * once, so a row of a deleted document cannot hold back the others; any other failure fails
 * every append of the batch (nothing was committed, each queue retries).
 */

export interface AppendBatcherOptions<T> {
	/**
	 * Writes every item in one all-or-nothing request and returns the row ids in order; throws
	 * `BatchItemRefused` if the store refused one identified item (nothing committed).
	 */
	send(items: readonly T[]): Promise<string[]>;
	/** Stored size of an item, for `maxBytes`. */
	size(item: T): number;
	/** Items per request (≤ PocketBase's `batch.maxRequests`). */
	maxItems: number;
	/** Bytes per request (well under PocketBase's `batch.maxBodySize`); one larger item goes alone. */
	maxBytes: number;
	/** Requests out at once (default 1: SQLite commits one transaction at a time anyway). */
	maxInFlight?: number;
}

/** The store refused item `index` of a batch; nothing of the batch was committed. */
export class BatchItemRefused extends Error {
	constructor(
		readonly index: number,
		readonly reason: unknown
	) {
		super(
			`batch item ${index} refused: ${reason instanceof Error ? reason.message : String(reason)}`
		);
		this.name = 'BatchItemRefused';
	}
}

interface Entry<T> {
	item: T;
	resolve: (id: string) => void;
	reject: (error: unknown) => void;
}

export class AppendBatcher<T> {
	private queue: Entry<T>[] = [];
	private inFlight = 0;
	private scheduled = false;
	private readonly maxInFlight: number;

	constructor(private readonly options: AppendBatcherOptions<T>) {
		this.maxInFlight = Math.max(1, options.maxInFlight ?? 1);
	}

	/** Items waiting for a request (not those in flight). */
	get waiting(): number {
		return this.queue.length;
	}

	add(item: T): Promise<string> {
		return new Promise((resolve, reject) => {
			this.queue.push({ item, resolve, reject });
			this.schedule();
		});
	}

	private schedule(): void {
		if (this.scheduled || this.queue.length === 0 || this.inFlight >= this.maxInFlight) return;
		this.scheduled = true;
		setImmediate(() => {
			this.scheduled = false;
			while (this.queue.length > 0 && this.inFlight < this.maxInFlight) {
				void this.sendBatch(this.take());
			}
		});
	}

	/** The next batch from the head of the queue: at least one item, within both caps. */
	private take(): Entry<T>[] {
		let bytes = 0;
		let count = 0;
		while (count < this.queue.length && count < this.options.maxItems) {
			const size = this.options.size(this.queue[count]!.item);
			if (count > 0 && bytes + size > this.options.maxBytes) break;
			bytes += size;
			count++;
		}
		return this.queue.splice(0, count);
	}

	private async sendBatch(batch: Entry<T>[]): Promise<void> {
		this.inFlight++;
		try {
			let ids: string[];
			try {
				ids = await this.options.send(batch.map((entry) => entry.item));
			} catch (error) {
				if (!(error instanceof BatchItemRefused)) {
					for (const entry of batch) entry.reject(error);
					return;
				}
				const refused = batch[error.index];
				if (batch.length === 1 || refused === undefined) {
					for (const entry of batch) entry.reject(error.reason);
					return;
				}
				refused.reject(error.reason);
				// Nothing was committed: the others go again first, ahead of newer appends.
				this.queue.unshift(...batch.filter((entry) => entry !== refused));
				return;
			}
			if (ids.length !== batch.length) {
				const error = new Error(`batch returned ${ids.length} ids for ${batch.length} rows`);
				for (const entry of batch) entry.reject(error);
				return;
			}
			batch.forEach((entry, i) => entry.resolve(ids[i]!));
		} finally {
			this.inFlight--;
			this.schedule();
		}
	}
}
