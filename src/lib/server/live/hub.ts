/**
 * The live hub: in-process publish/subscribe on named topics (`round:<id>`, later
 * `document:<id>`, `user:<id>`…), fanned out to browsers by the SSE endpoint
 * (src/routes/api/live/+server.ts).
 *
 * In-process is correct because Trame runs as ONE Node process (server/index.ts serves the
 * SvelteKit handler and the collaboration endpoint). Running several processes would need a shared
 * bus (e.g. PocketBase realtime or Redis) behind this same interface.
 *
 * Messages are small notices ("this changed, revision n"), never the data itself: what a viewer may
 * see depends on who they are (hidden positions, secret nominations), so each client fetches its
 * own view after a notice.
 */

export interface LiveMessage {
	/** A stable event name, e.g. `round.changed`. */
	type: string;
	/** Small JSON payload (ids, revision numbers); never secrets. */
	data?: Record<string, string | number | boolean | null>;
}

export type LiveListener = (message: LiveMessage) => void;

export class LiveHub {
	readonly #topics = new Map<string, Set<LiveListener>>();

	/** Subscribes to a topic; returns the unsubscribe function (idempotent). */
	subscribe(topic: string, listener: LiveListener): () => void {
		let listeners = this.#topics.get(topic);
		if (!listeners) {
			listeners = new Set();
			this.#topics.set(topic, listeners);
		}
		listeners.add(listener);
		return () => {
			const current = this.#topics.get(topic);
			if (!current) return;
			current.delete(listener);
			if (current.size === 0) this.#topics.delete(topic);
		};
	}

	/** Delivers to every current subscriber; a failing listener does not stop the others. */
	publish(topic: string, message: LiveMessage): number {
		const listeners = this.#topics.get(topic);
		if (!listeners) return 0;
		let delivered = 0;
		for (const listener of [...listeners]) {
			try {
				listener(message);
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
		for (const listeners of this.#topics.values()) count += listeners.size;
		return count;
	}
}

// One hub per process, even if this module is loaded twice (Vite SSR reloads in dev).
const KEY = Symbol.for('trame.liveHub');
const holder = globalThis as typeof globalThis & { [KEY]?: LiveHub };

export function liveHub(): LiveHub {
	return (holder[KEY] ??= new LiveHub());
}
