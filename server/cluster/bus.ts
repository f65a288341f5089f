/**
 * The message bus between Trame instances. One process (`npm start`) has none: every feature
 * keeps its in-process behaviour. Several instances share one (Redis pub/sub, `redis-bus.ts`),
 * and the features that must span instances go through it behind their usual interfaces: the
 * collaboration relay (`collab/relay.ts`), the live hub (`live-relay.ts`) and access changes.
 *
 * Delivery is at most once and only while connected (pub/sub): every user of the bus must
 * recover by itself after a disconnection (`onReconnect`), which is why documents resynchronise
 * with their state vectors and SSE streams are restarted (browsers refetch on `ready`).
 */

export type BusHandler = (message: Buffer) => void;

export interface BusSubscription {
	/** Resolves once the bus delivers this channel's messages here (publish after it). */
	readonly ready: Promise<void>;
	/** Idempotent. */
	unsubscribe(): void;
}

export interface Bus {
	/** This instance's id, unique per process run (a restarted instance gets a new one). */
	readonly instanceId: string;
	/**
	 * Sends to every subscriber of the channel on every instance, this one included if it is
	 * subscribed. Resolves with the number of subscriptions that received it (0 when the bus is
	 * unreachable: the message is dropped, never queued).
	 */
	publish(channel: string, message: Uint8Array): Promise<number>;
	subscribe(channel: string, handler: BusHandler): BusSubscription;
	/** True while the bus is reachable. */
	readonly connected: boolean;
	/**
	 * Called after the connection came back from an outage (not on the first connection): what
	 * was published meanwhile is lost, so users resynchronise.
	 */
	onReconnect(listener: () => void): () => void;
	/** Called when the connection is lost. */
	onDisconnect(listener: () => void): () => void;
	/**
	 * Takes a lease on `key` for `ttlMs` if nobody holds it: true for exactly one caller across
	 * instances (jobs that must run once). False when the bus is unreachable.
	 */
	lease(key: string, ttlMs: number): Promise<boolean>;
	close(): Promise<void>;
}
