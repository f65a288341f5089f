/**
 * The live hub: in-process publish/subscribe on named topics (`round:<id>`, later
 * `document:<id>`, `user:<id>`…), fanned out to browsers by the SSE endpoint
 * (src/routes/api/live/+server.ts).
 *
 * In-process is correct because Trame runs as ONE Node process (server/index.ts serves the
 * SvelteKit handler and the collaboration endpoint). Running several processes would need a shared
 * bus (e.g. PocketBase realtime or Redis) behind this same interface.
 *
 * A message sent to everyone is a small notice ("this changed, revision n"), never data: what a
 * viewer may see depends on who they are (hidden positions, secret nominations). Data may only
 * travel cut per recipient: `publish` then takes a function called once per subscriber, with the
 * user (and named view) that subscriber was authorized for, and that function must cut with the
 * same code as the endpoint the client would otherwise fetch, deciding the recipient's CURRENT
 * access again (it may have changed since the subscription was checked); anyone it cannot vouch
 * for gets the bare notice and fetches, as before.
 */

export interface LiveMessage {
	/** A stable event name, e.g. `round.changed`. */
	type: string;
	/**
	 * JSON payload: for a message sent to everyone, small and public (ids, revision numbers); data
	 * only in a message cut for its one recipient.
	 */
	data?: Readonly<Record<string, unknown>>;
}

/** Who a subscription was authorized for, as checked by the topic's authorizer. */
export interface LiveSubscriber {
	/** The signed-in user, or null for an in-process listener acting for nobody. */
	userId: string | null;
	/** A named view of the topic the subscriber asked for (e.g. a round's `projection`), or null. */
	view: string | null;
}

/** Nobody in particular: the default of in-process listeners, only ever sent bare notices. */
export const NO_SUBSCRIBER: LiveSubscriber = Object.freeze({ userId: null, view: null });

export type LiveListener = (message: LiveMessage) => void;

/** A message cut for one subscriber. */
export type LiveMessageFor = (subscriber: LiveSubscriber) => LiveMessage;

interface Subscription {
	listener: LiveListener;
	subscriber: LiveSubscriber;
}

export class LiveHub {
	readonly #topics = new Map<string, Set<Subscription>>();

	/** Subscribes to a topic; returns the unsubscribe function (idempotent). */
	subscribe(
		topic: string,
		listener: LiveListener,
		subscriber: LiveSubscriber = NO_SUBSCRIBER
	): () => void {
		let subscriptions = this.#topics.get(topic);
		if (!subscriptions) {
			subscriptions = new Set();
			this.#topics.set(topic, subscriptions);
		}
		const subscription: Subscription = { listener, subscriber };
		subscriptions.add(subscription);
		return () => {
			const current = this.#topics.get(topic);
			if (!current) return;
			current.delete(subscription);
			if (current.size === 0) this.#topics.delete(topic);
		};
	}

	/**
	 * Delivers to every current subscriber: the same notice to all, or the message `messageFor`
	 * cuts for each. A failing listener (or cut) does not stop the others.
	 */
	publish(topic: string, message: LiveMessage | LiveMessageFor): number {
		const subscriptions = this.#topics.get(topic);
		if (!subscriptions) return 0;
		let delivered = 0;
		for (const { listener, subscriber } of [...subscriptions]) {
			try {
				listener(typeof message === 'function' ? message(subscriber) : message);
				delivered++;
			} catch (error) {
				console.error('[live] listener failed', topic, error);
			}
		}
		return delivered;
	}

	subscriberCount(topic?: string): number {
		if (topic !== undefined) return this.#topics.get(topic)?.size ?? 0;
		let count = 0;
		for (const subscriptions of this.#topics.values()) count += subscriptions.size;
		return count;
	}
}

// One hub per process, even if this module is loaded twice (Vite SSR reloads in dev).
const KEY = Symbol.for('trame.liveHub');
const holder = globalThis as typeof globalThis & { [KEY]?: LiveHub };

export function liveHub(): LiveHub {
	return (holder[KEY] ??= new LiveHub());
}
