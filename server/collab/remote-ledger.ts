/**
 * Updates another instance relayed to this one and has not yet confirmed durable. They are in the
 * live document (applied as remote, never stored here) but in no row yet: if their instance dies
 * before storing them, a client that reconnects here and resends them adds nothing to the
 * document, so nothing would be stored — and its save ack would lie. Hence:
 *
 * - a local client's update is acknowledged only once the remote updates pending when it was
 *   applied are confirmed durable by their instance (`barrier` / `wait`);
 * - an instance that does not confirm within the timeout (dead, cut off the bus, or the bus down)
 *   is relieved: this instance stores those updates itself, minus what the store already holds
 *   (`takeOverdue`, then `confirm`). Every holder may do so; the store keeps Yjs updates
 *   idempotently, and the diff against the stored rows keeps the extra rows small or absent.
 *
 * Senders are one document load of one instance (`<instance>/<load>`), so their sequence numbers
 * (the persistence queue's) only grow.
 */

export type Barrier = ReadonlyMap<string, number>;

interface Entry {
	seq: number;
	update: Uint8Array;
	at: number;
}

export class RemoteLedger {
	private readonly pending = new Map<string, Entry[]>();
	private readonly confirmed = new Map<string, number>();
	private waiters: { barrier: Barrier; resolve: () => void }[] = [];

	constructor(private readonly now: () => number = Date.now) {}

	get size(): number {
		let count = 0;
		for (const entries of this.pending.values()) count += entries.length;
		return count;
	}

	/** Records a relayed update of `sender` covered by its sequence number `seq`. */
	add(sender: string, seq: number, update: Uint8Array): void {
		if (seq <= (this.confirmed.get(sender) ?? 0)) return;
		let entries = this.pending.get(sender);
		if (!entries) this.pending.set(sender, (entries = []));
		entries.push({ seq, update, at: this.now() });
	}

	/** `sender` has stored everything up to `seq`. */
	confirm(sender: string, seq: number): void {
		if (seq <= (this.confirmed.get(sender) ?? 0)) return;
		this.confirmed.set(sender, seq);
		const entries = this.pending.get(sender);
		if (entries) {
			const left = entries.filter((entry) => entry.seq > seq);
			if (left.length > 0) this.pending.set(sender, left);
			else this.pending.delete(sender);
		}
		this.release();
	}

	/**
	 * What an ack must wait for now: per sender, its newest pending seq (merged with `previous`,
	 * the barrier of the same connection's earlier updates). Null when nothing is pending.
	 */
	barrier(previous: Barrier | null = null): Barrier | null {
		if (this.pending.size === 0) return previous;
		const merged = new Map(previous ?? []);
		for (const [sender, entries] of this.pending) {
			const newest = entries[entries.length - 1]!.seq;
			if (newest > (merged.get(sender) ?? 0)) merged.set(sender, newest);
		}
		return merged;
	}

	settled(barrier: Barrier): boolean {
		for (const [sender, seq] of barrier) {
			const entries = this.pending.get(sender);
			if (entries && entries[0]!.seq <= seq) return false;
		}
		return true;
	}

	/** Resolves once every update the barrier names is durable (confirmed or adopted). */
	wait(barrier: Barrier | null): Promise<void> {
		if (barrier === null || this.settled(barrier)) return Promise.resolve();
		return new Promise((resolve) => this.waiters.push({ barrier, resolve }));
	}

	/** When the oldest pending entry becomes overdue (epoch ms), or null. */
	nextDeadline(timeoutMs: number): number | null {
		let oldest: number | null = null;
		for (const entries of this.pending.values()) {
			const at = entries[0]!.at;
			if (oldest === null || at < oldest) oldest = at;
		}
		return oldest === null ? null : oldest + timeoutMs;
	}

	/**
	 * Entries unconfirmed for `timeoutMs`, per sender, with the seq that storing them confirms.
	 * They stay pending (acks keep waiting) until `confirm` once stored.
	 */
	overdue(timeoutMs: number): { sender: string; upTo: number; updates: Uint8Array[] }[] {
		const limit = this.now() - timeoutMs;
		const result: { sender: string; upTo: number; updates: Uint8Array[] }[] = [];
		for (const [sender, entries] of this.pending) {
			const due = entries.filter((entry) => entry.at <= limit);
			if (due.length === 0) continue;
			result.push({
				sender,
				upTo: due[due.length - 1]!.seq,
				updates: due.map((entry) => entry.update)
			});
		}
		return result;
	}

	/** Forgets everything (document unloaded, its connections gone): waiting acks never come. */
	clear(): void {
		this.pending.clear();
		this.waiters = [];
	}

	private release(): void {
		if (this.waiters.length === 0) return;
		const still: typeof this.waiters = [];
		for (const waiter of this.waiters) {
			if (this.settled(waiter.barrier)) waiter.resolve();
			else still.push(waiter);
		}
		this.waiters = still;
	}
}
