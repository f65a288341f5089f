/**
 * The live hub: in-process publish/subscribe on named topics (`round:<id>`, later
 * `document:<id>`, `user:<id>`…), fanned out to browsers by the SSE endpoint
 * (src/routes/api/live/+server.ts).
 *
 * One process (`npm start`) delivers in-process. Several instances (a cluster) attach a relay
 * (server/cluster/live-relay.ts, over the Redis bus): every publication then also reaches the
 * subscribers of the other instances, and after a bus outage every stream is reset so browsers
 * reconnect and refetch what they may have missed (`resetSubscriptions`).
 *
 * A message sent to everyone is a small notice ("this changed, revision n"), never data: what a
 * viewer may see depends on who they are (hidden positions, secret nominations). Data may only
 * travel cut per recipient: `publish` then takes a function called once per subscriber, with the
 * user (and named view) that subscriber was authorized for, and that function must cut with the
 * same code as the endpoint the client would otherwise fetch, deciding the recipient's CURRENT
 * access again (it may have changed since the subscription was checked); anyone it cannot vouch
 * for gets the bare notice and fetches, as before. Such a cut is registered by name
 * (`registerLiveCut`) so that it travels between instances as its name and JSON input, and each
 * instance cuts for its own subscribers.
 */

import { appLog, errorFields } from '../log';

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

/**
 * A publication cut per subscriber by a registered cut: its name and JSON input (what any instance
 * needs to cut), and the bare notice for anyone it cannot serve (or an instance without the cut).
 */
export interface LiveCutMessage {
	cut: string;
	input: unknown;
	bare: LiveMessage;
}

export type LivePublication = LiveMessage | LiveCutMessage;

/** Sends publications to the other instances (a cluster); set by `attachRelay`. */
export interface LiveRelay {
	send(topic: string, publication: LivePublication): void;
}

const CUTS_KEY = Symbol.for('trame.liveCuts');
const cutsHolder = globalThis as typeof globalThis & {
	[CUTS_KEY]?: Map<string, (input: unknown) => LiveMessageFor>;
};
const cuts = (cutsHolder[CUTS_KEY] ??= new Map());

/**
 * Registers a per-subscriber cut under a stable name; returns the function that makes its
 * publications. `build` receives the JSON input (after a trip through the bus: plain data only).
 */
export function registerLiveCut<I>(
	name: string,
	build: (input: I) => LiveMessageFor
): (input: I, bare: LiveMessage) => LiveCutMessage {
	cuts.set(name, build as (input: unknown) => LiveMessageFor);
	return (input, bare) => ({ cut: name, input, bare });
}

const isCut = (publication: LivePublication): publication is LiveCutMessage => 'cut' in publication;

interface Subscription {
	listener: LiveListener;
	subscriber: LiveSubscriber;
	onReset: (() => void) | null;
}

export class LiveHub {
	readonly #topics = new Map<string, Set<Subscription>>();
	#relay: LiveRelay | null = null;

	/**
	 * Subscribes to a topic; returns the unsubscribe function (idempotent). `onReset` is called
	 * when publications may have been missed (a bus outage): an SSE stream closes, so its browser
	 * reconnects and refetches.
	 */
	subscribe(
		topic: string,
		listener: LiveListener,
		subscriber: LiveSubscriber = NO_SUBSCRIBER,
		onReset: (() => void) | null = null
	): () => void {
		let subscriptions = this.#topics.get(topic);
		if (!subscriptions) {
			subscriptions = new Set();
			this.#topics.set(topic, subscriptions);
		}
		const subscription: Subscription = { listener, subscriber, onReset };
		subscriptions.add(subscription);
		return () => {
			const current = this.#topics.get(topic);
			if (!current) return;
			current.delete(subscription);
			if (current.size === 0) this.#topics.delete(topic);
		};
	}

	/**
	 * Delivers to every subscriber, on this instance and (with a relay) the others: the same
	 * notice to all, or what the registered cut makes for each. Returns the local deliveries.
	 */
	publish(topic: string, publication: LivePublication): number {
		this.#relay?.send(topic, publication);
		return this.deliver(topic, publication);
	}

	/**
	 * Delivers to this instance's subscribers only (the relay calls it for publications of other
	 * instances). A failing listener (or cut) does not stop the others.
	 */
	deliver(topic: string, publication: LivePublication): number {
		const subscriptions = this.#topics.get(topic);
		if (!subscriptions) return 0;
		let messageFor: LiveMessageFor | null = null;
		if (isCut(publication)) {
			const build = cuts.get(publication.cut);
			try {
				messageFor = build ? build(publication.input) : null;
			} catch (error) {
				appLog.error('live.cut_failed', { topic, ...errorFields(error) });
			}
		}
		let delivered = 0;
		for (const { listener, subscriber } of [...subscriptions]) {
			try {
				if (!isCut(publication)) listener(publication);
				else listener(messageFor ? messageFor(subscriber) : publication.bare);
				delivered++;
			} catch (error) {
				appLog.error('live.listener_failed', { topic, ...errorFields(error) });
			}
		}
		return delivered;
	}

	/** Sends every publication to the other instances too; returns the detach function. */
	attachRelay(relay: LiveRelay): () => void {
		this.#relay = relay;
		return () => {
			if (this.#relay === relay) this.#relay = null;
		};
	}

	/** Publications may have been missed: every resettable subscriber starts over. */
	resetSubscriptions(): number {
		let reset = 0;
		for (const subscriptions of [...this.#topics.values()]) {
			for (const subscription of [...subscriptions]) {
				if (!subscription.onReset) continue;
				reset++;
				try {
					subscription.onReset();
				} catch (error) {
					appLog.error('live.reset_failed', errorFields(error));
				}
			}
		}
		return reset;
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
