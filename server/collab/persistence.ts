/**
 * Per-document write queue: at most one store write in flight; updates arriving meanwhile are
 * merged (Y.mergeUpdates) into the next write. Each enqueued update gets a sequence number so
 * save acks can wait for "everything up to seq n is durable". Failed writes are retried with
 * backoff and never acknowledged; compaction goes through the same queue so it never races an
 * append.
 */
import * as Y from 'yjs';
import type { DocStore } from '../storage/doc-store';
import type { Logger } from '../log';
import { WriteGrid } from './write-grid';

export interface PersistenceOptions {
	store: DocStore;
	documentName: string;
	logger: Logger;
	/** Coalescing window before a write starts when the queue is idle (clamped to 0–100 ms). */
	batchWindowMs: number;
	/**
	 * Least time between the end of a write (append or compaction) of this document and the next,
	 * unless flushing: under sustained typing, updates merge into one row per interval instead
	 * of one row per store round trip. 0 (default) = back to back.
	 */
	minWriteIntervalMs?: number;
	/**
	 * The clock timed writes start on, shared by every document of a server: writes of many
	 * documents due around the same time start in the same event-loop turn, where the store sends
	 * them as one request. Default: no grid.
	 */
	writeGrid?: WriteGrid;
	/** Compact once this many rows exist. */
	compactEvery: number;
	retryBaseDelayMs: number;
	retryMaxDelayMs: number;
	/** After failing this long without a success, `onStorageFailing` is called (once per streak). */
	giveUpAfterMs: number;
	onStorageFailing: () => void;
	/** Full state of the in-memory document (a superset of every stored row). */
	snapshot: () => Uint8Array;
	/** Row ids present at load. */
	initialRowIds: readonly string[];
}

interface Waiter {
	seq: number;
	resolve: () => void;
}

const MAX_BATCH_WINDOW_MS = 100;
const NO_GRID = new WriteGrid(0);

export class PersistenceQueue {
	/** Sequence number of the last enqueued update. */
	lastSeq = 0;
	/** Every update with seq <= durableSeq is stored. */
	durableSeq = 0;
	/** Told each time durableSeq grows (the cluster relay confirms to other instances). */
	onDurable: ((seq: number) => void) | null = null;

	private pending: Uint8Array[] = [];
	private rowIds: string[];
	private running = false;
	/** Cancels the scheduled timed write. */
	private cancelTimer: (() => void) | null = null;
	private waiters: Waiter[] = [];
	private idleWaiters: (() => void)[] = [];
	private compactRequested = false;
	private nextCompactionAt: number;
	private failingSince: number | null = null;
	private reportedFailing = false;
	private destroyed = false;
	/** Cuts the current retry backoff short (flush, destroy). */
	private wake: (() => void) | null = null;
	private attempt = 0;
	/** When the last write ended (performance.now()). */
	private lastWriteAt = Number.NEGATIVE_INFINITY;
	/** A flush is waiting: write now, whatever the spacing. */
	private urgent = false;

	constructor(private readonly options: PersistenceOptions) {
		this.rowIds = [...options.initialRowIds];
		this.nextCompactionAt = options.compactEvery;
	}

	get pendingCount(): number {
		return this.pending.length;
	}

	get rowCount(): number {
		return this.rowIds.length;
	}

	/** Ids of the stored rows the document is made of (one after a compaction). */
	get storedRowIds(): readonly string[] {
		return this.rowIds;
	}

	get isIdle(): boolean {
		return !this.running && this.pending.length === 0 && !this.compactRequested;
	}

	get isFailing(): boolean {
		return this.failingSince !== null;
	}

	/** Queues an update already applied to the in-memory document; returns its seq. */
	enqueue(update: Uint8Array): number {
		this.pending.push(update);
		this.lastSeq++;
		this.schedule();
		return this.lastSeq;
	}

	/** Resolves once every update with sequence <= seq is durable. */
	waitDurable(seq: number): Promise<void> {
		if (seq <= this.durableSeq) return Promise.resolve();
		return new Promise((resolve) => this.waiters.push({ seq, resolve }));
	}

	/** Writes everything queued now (no batching window) and resolves when the queue is idle. */
	flush(): Promise<void> {
		this.cancelTimer?.();
		this.cancelTimer = null;
		// A retry backoff sleep is cut short: a flush means "try now".
		this.wake?.();
		if (!this.isIdle) this.urgent = true;
		if (!this.running && (this.pending.length > 0 || this.compactRequested)) void this.run();
		return this.whenIdle();
	}

	/** Compacts the stored rows into one snapshot row if there is more than one. */
	compact(): Promise<void> {
		if (this.rowIds.length > 1 || this.pending.length > 0) this.compactRequested = true;
		return this.flush();
	}

	whenIdle(): Promise<void> {
		if (this.isIdle) return Promise.resolve();
		return new Promise((resolve) => this.idleWaiters.push(resolve));
	}

	destroy(): void {
		this.destroyed = true;
		this.cancelTimer?.();
		this.cancelTimer = null;
		this.wake?.();
		this.waiters = [];
		const idle = this.idleWaiters;
		this.idleWaiters = [];
		for (const resolve of idle) resolve();
	}

	private schedule(): void {
		if (this.running || this.cancelTimer !== null || this.destroyed) return;
		const window = Math.min(Math.max(this.options.batchWindowMs, 0), MAX_BATCH_WINDOW_MS);
		const delay = Math.max(window, this.nextWriteAllowedAt() - performance.now());
		this.cancelTimer = (this.options.writeGrid ?? NO_GRID).schedule(delay, () => {
			this.cancelTimer = null;
			void this.run();
		});
	}

	private async run(): Promise<void> {
		if (this.running) return;
		this.running = true;
		let deferred = false;
		try {
			while (!this.destroyed) {
				const append = this.pending.length > 0;
				// A due compaction goes first: its snapshot also covers the pending updates, so
				// sustained typing cannot postpone it forever.
				const compact =
					(this.compactRequested || this.rowIds.length >= this.nextCompactionAt) &&
					(this.rowIds.length > 1 || append);
				if (!compact) this.compactRequested = false;
				if (!append && !compact) break;
				if (!this.urgent && performance.now() < this.nextWriteAllowedAt()) {
					// Too soon after the last write: schedule() waits out the spacing.
					deferred = true;
					break;
				}
				if (compact) await this.runCompaction();
				else await this.writePending();
				// Spacing counts from the end of a write: the store never sees two writes of one
				// document closer than the interval, however slow it is.
				this.lastWriteAt = performance.now();
			}
		} finally {
			this.running = false;
		}
		if (this.isIdle || this.destroyed) {
			this.urgent = false;
			const idle = this.idleWaiters;
			this.idleWaiters = [];
			for (const resolve of idle) resolve();
		}
		if (!this.destroyed && (deferred || !this.isIdle)) this.schedule();
	}

	private nextWriteAllowedAt(): number {
		return this.lastWriteAt + (this.options.minWriteIntervalMs ?? 0);
	}

	private async writePending(): Promise<void> {
		const batch = this.pending;
		const upTo = this.lastSeq;
		this.pending = [];
		const merged = batch.length === 1 ? batch[0]! : Y.mergeUpdates(batch);
		try {
			const id = await this.options.store.append(this.options.documentName, merged);
			this.rowIds.push(id);
			this.markDurable(upTo);
			this.succeeded();
		} catch (error) {
			// Keep the merged batch first so order (and the seq range) is preserved.
			this.pending = [merged, ...this.pending];
			await this.failed('append', error);
		}
	}

	private async runCompaction(): Promise<void> {
		this.compactRequested = false;
		if (this.rowIds.length <= 1 && this.pending.length === 0) return;
		const replaced = [...this.rowIds];
		const upTo = this.lastSeq;
		const covered = this.pending.length;
		const snapshot = this.options.snapshot();
		try {
			const id = await this.options.store.compact(this.options.documentName, snapshot, replaced);
			// Appends never run concurrently with a compaction, so no row was added meanwhile.
			this.rowIds = [id];
			this.nextCompactionAt = this.options.compactEvery;
			this.options.logger.info('collab.compacted', {
				document: this.options.documentName,
				rows: replaced.length,
				bytes: snapshot.byteLength
			});
			// The snapshot holds every update enqueued before it was taken: those are durable now.
			this.pending = this.pending.slice(covered);
			this.markDurable(upTo);
			this.succeeded();
		} catch (error) {
			// Compaction is an optimisation: try again after more rows, not in a hot loop.
			this.nextCompactionAt = this.rowIds.length + this.options.compactEvery;
			this.options.logger.warn('collab.compaction_failed', {
				document: this.options.documentName,
				error: errorMessage(error)
			});
		}
	}

	private markDurable(seq: number): void {
		if (seq <= this.durableSeq) return;
		this.durableSeq = seq;
		let i = 0;
		while (i < this.waiters.length && this.waiters[i]!.seq <= seq) i++;
		const ready = this.waiters.splice(0, i);
		for (const waiter of ready) waiter.resolve();
		this.onDurable?.(seq);
	}

	private succeeded(): void {
		if (this.failingSince !== null) {
			this.options.logger.info('collab.storage_recovered', {
				document: this.options.documentName
			});
		}
		this.failingSince = null;
		this.reportedFailing = false;
		this.attempt = 0;
	}

	private async failed(operation: string, error: unknown): Promise<void> {
		const now = Date.now();
		this.failingSince ??= now;
		this.attempt++;
		this.options.logger.error('collab.storage_failed', {
			document: this.options.documentName,
			operation,
			attempt: this.attempt,
			error: errorMessage(error)
		});
		if (!this.reportedFailing && now - this.failingSince >= this.options.giveUpAfterMs) {
			this.reportedFailing = true;
			this.options.onStorageFailing();
		}
		const delay = Math.min(
			this.options.retryBaseDelayMs * 2 ** (this.attempt - 1),
			this.options.retryMaxDelayMs
		);
		await new Promise<void>((resolve) => {
			const done = () => {
				clearTimeout(timer);
				if (this.wake === done) this.wake = null;
				resolve();
			};
			const timer = setTimeout(done, delay);
			this.wake = done;
		});
	}
}

export function errorMessage(error: unknown): string {
	return error instanceof Error ? error.message : String(error);
}
