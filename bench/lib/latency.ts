/**
 * Keystroke → applied-on-every-other-client latency. Writers record (clock after the keystroke,
 * time); every receiving doc parses the update it applied (its client → clock ranges) and takes
 * one sample per keystroke it now covers. All clients live in this process: one clock.
 *
 * All clients also share this process's one thread: a delivery to the 49th simulated browser of a
 * keystroke waits while the generator integrates it into the 48 others (and types for other
 * people) — work no real browser does for another. `ownSamples` leave that out: each delivery
 * minus the time the generator spent in other simulated clients' Yjs transactions between the
 * keystroke and the start of this client's apply. What stays: the sender's send, the network,
 * the server, the receiver's own frame and integration, and the generator's other overhead. A
 * lower bound where the generator's busy time overlapped the server's own relay time.
 */
import * as Y from 'yjs';

interface Sends {
	clocks: number[];
	times: number[];
	/** The probe's `busy` right after each keystroke. */
	busy: number[];
}

/** One delivery, in epoch ms (see `LatencyProbe.detailed`). */
export interface Delivery {
	client: number;
	/** The sender's clock after the keystroke (the server trace's key). */
	clock: number;
	sent: number;
	/** The receiving doc began applying the update that carried it. */
	applying: number;
	applied: number;
}

export class LatencyProbe {
	readonly samples: number[] = [];
	/** The same deliveries without the other simulated clients' Yjs work (see above). */
	readonly ownSamples: number[] = [];
	/** Milliseconds spent so far in every watched client's transactions (local and remote). */
	private busy = 0;
	private readonly sends = new Map<number, Sends>();
	/** New keystrokes are recorded while true. */
	recording = false;
	/** Deliveries of recorded keystrokes are sampled while true (longer: the drain). */
	collecting = false;
	/** Keystrokes recorded. */
	sentCount = 0;
	/** Every sampled delivery with its times, when constructed `detailed` (the hop split). */
	readonly deliveries: Delivery[] = [];

	constructor(private readonly detailed = false) {}

	/** Call right after a local keystroke transaction of `doc`. */
	sent(doc: Y.Doc): void {
		if (!this.recording) return;
		this.sentCount++;
		let sends = this.sends.get(doc.clientID);
		if (sends === undefined) {
			sends = { clocks: [], times: [], busy: [] };
			this.sends.set(doc.clientID, sends);
		}
		sends.clocks.push(Y.getState(doc.store, doc.clientID));
		sends.times.push(performance.now());
		sends.busy.push(this.busy);
	}

	/** Watches a receiving doc; returns a function that stops watching. */
	watch(doc: Y.Doc): () => void {
		const cursor = new Map<number, number>();
		let applying = 0;
		const onBegin = (transaction: Y.Transaction) => {
			if (!transaction.local) applying = performance.now();
		};
		let allStart = 0;
		let busyBefore = 0;
		const onBeginAll = () => {
			allStart = performance.now();
			busyBefore = this.busy;
		};
		const onEndAll = () => {
			this.busy += performance.now() - allStart;
		};
		const onUpdate = (update: Uint8Array, origin: unknown) => {
			if (origin === null || origin === undefined) return; // local edit
			const now = performance.now();
			const { to } = Y.parseUpdateMeta(update);
			for (const [client, clock] of to) {
				const sends = this.sends.get(client);
				if (sends === undefined) continue;
				let i = cursor.get(client) ?? 0;
				while (i < sends.clocks.length && sends.clocks[i]! <= clock) {
					if (this.collecting) {
						this.samples.push(now - sends.times[i]!);
						this.ownSamples.push(now - sends.times[i]! - (busyBefore - sends.busy[i]!));
						if (this.detailed) {
							const epoch = performance.timeOrigin;
							this.deliveries.push({
								client,
								clock: sends.clocks[i]!,
								sent: epoch + sends.times[i]!,
								applying: epoch + applying,
								applied: epoch + now
							});
						}
					}
					i++;
				}
				cursor.set(client, i);
			}
		};
		if (this.detailed) doc.on('beforeTransaction', onBegin);
		doc.on('beforeAllTransactions', onBeginAll);
		doc.on('afterAllTransactions', onEndAll);
		doc.on('update', onUpdate);
		return () => {
			doc.off('beforeTransaction', onBegin);
			doc.off('beforeAllTransactions', onBeginAll);
			doc.off('afterAllTransactions', onEndAll);
			doc.off('update', onUpdate);
		};
	}

	/** Starts recording keystrokes and sampling their deliveries. */
	start(): void {
		this.samples.length = 0;
		this.ownSamples.length = 0;
		this.deliveries.length = 0;
		this.sentCount = 0;
		this.recording = true;
		this.collecting = true;
	}

	/**
	 * Stops recording new keystrokes, waits until every recorded one reached its `receivers`
	 * other clients (or `owed` deliveries in all; or `timeoutMs`), then stops sampling. Returns how many deliveries never came.
	 */
	async stop(receivers: number, timeoutMs = 10_000, owed?: number): Promise<number> {
		this.recording = false;
		// `owed`: the caller's count when not every client receives (typing.ts `observers`).
		const expected = owed ?? this.sentCount * receivers;
		const deadline = performance.now() + timeoutMs;
		while (this.samples.length < expected && performance.now() < deadline) {
			await new Promise((resolve) => setTimeout(resolve, 20));
		}
		this.collecting = false;
		return Math.max(0, expected - this.samples.length);
	}
}
