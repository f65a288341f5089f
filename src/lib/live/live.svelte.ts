/**
 * Browser side of the live hub: one EventSource on `/api/live?topic=…`, reconnecting by itself.
 * The browser retries network drops on its own (the server sends `retry: 3000`); when the server
 * refuses (the EventSource closes for good) we retry with a growing delay. Each (re)connection
 * starts with a `ready` event: callers refetch then, since notices sent while offline are lost.
 */

export type LiveStatus = 'connecting' | 'open' | 'reconnecting' | 'stopped';

export interface LiveTopicOptions {
	/** Event types to listen to (besides `ready`). */
	types: string[];
	onMessage: (type: string, data: Record<string, unknown>) => void;
	/** Called on every (re)connection, once the server confirmed the subscription. */
	onReady?: () => void;
	/** A named view the topic offers (e.g. a round's `projection`); the user's own by default. */
	view?: string;
}

const MAX_BACKOFF_MS = 30_000;

export function liveUrl(topic: string, view?: string): string {
	const url = `/api/live?topic=${encodeURIComponent(topic)}`;
	return view === undefined ? url : `${url}&view=${encodeURIComponent(view)}`;
}

export class LiveTopic {
	status = $state<LiveStatus>('connecting');
	readonly topic: string;
	readonly #options: LiveTopicOptions;
	#source: EventSource | null = null;
	#retry: ReturnType<typeof setTimeout> | null = null;
	#backoff = 1_000;

	constructor(topic: string, options: LiveTopicOptions) {
		this.topic = topic;
		this.#options = options;
	}

	start(): void {
		if (this.#source || this.status === 'stopped') return;
		const source = new EventSource(liveUrl(this.topic, this.#options.view));
		this.#source = source;
		source.addEventListener('ready', () => {
			this.status = 'open';
			this.#backoff = 1_000;
			this.#options.onReady?.();
		});
		for (const type of this.#options.types) {
			source.addEventListener(type, (event) => {
				let data: Record<string, unknown> = {};
				try {
					data = JSON.parse((event as MessageEvent<string>).data) as Record<string, unknown>;
				} catch {
					// a notice without data is still a notice
				}
				this.#options.onMessage(type, data);
			});
		}
		source.onerror = () => {
			if (this.status === 'stopped') return;
			this.status = 'reconnecting';
			if (source.readyState === EventSource.CLOSED) {
				this.#source = null;
				this.#retry = setTimeout(() => {
					this.#retry = null;
					this.start();
				}, this.#backoff);
				this.#backoff = Math.min(this.#backoff * 2, MAX_BACKOFF_MS);
			}
		};
	}

	stop(): void {
		this.status = 'stopped';
		if (this.#retry) clearTimeout(this.#retry);
		this.#retry = null;
		this.#source?.close();
		this.#source = null;
	}
}
