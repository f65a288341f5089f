/**
 * One EventSource per URL for the whole page, shared by every listener of that topic (see
 * live.svelte.ts for why): reconnects with a growing delay when the server closed it for good,
 * and closes once its last listener leaves.
 */

export type LiveStatus = 'connecting' | 'open' | 'reconnecting' | 'stopped';

/** What the stream needs from a listener (a LiveTopic). */
export interface StreamListener {
	readonly types: readonly string[];
	setStatus(status: LiveStatus): void;
	/** The stream (re)connected: refetch what may have been missed. */
	ready(): void;
	message(type: string, data: Record<string, unknown>): void;
}

const MAX_BACKOFF_MS = 30_000;

/** One EventSource and the StreamListeners listening through it. */
class SharedStream {
	readonly #url: string;
	readonly #topics = new Set<StreamListener>();
	/** Event types listened to on the current EventSource. */
	readonly #types = new Set<string>();
	#source: EventSource | null = null;
	#retry: ReturnType<typeof setTimeout> | null = null;
	#backoff = 1_000;
	#open = false;

	constructor(url: string) {
		this.#url = url;
	}

	get size(): number {
		return this.#topics.size;
	}

	add(topic: StreamListener): void {
		this.#topics.add(topic);
		if (!this.#source && !this.#retry) this.#connect();
		else if (this.#source) for (const type of topic.types) this.#listen(type);
		// Joined a stream already confirmed: this listener refetches now, like on `ready`.
		if (this.#open) {
			topic.setStatus('open');
			queueMicrotask(() => {
				if (this.#topics.has(topic)) topic.ready();
			});
		}
	}

	remove(topic: StreamListener): void {
		this.#topics.delete(topic);
		if (this.#topics.size > 0) return;
		if (this.#retry) clearTimeout(this.#retry);
		this.#retry = null;
		this.#source?.close();
		this.#source = null;
		this.#open = false;
	}

	#each(run: (topic: StreamListener) => void): void {
		for (const topic of [...this.#topics]) run(topic);
	}

	#listen(type: string): void {
		const source = this.#source;
		if (!source || this.#types.has(type)) return;
		this.#types.add(type);
		source.addEventListener(type, (event) => {
			let data: Record<string, unknown> = {};
			try {
				data = JSON.parse((event as MessageEvent<string>).data) as Record<string, unknown>;
			} catch {
				// a notice without data is still a notice
			}
			this.#each((topic) => {
				if (topic.types.includes(type)) topic.message(type, data);
			});
		});
	}

	#connect(): void {
		const source = new EventSource(this.#url);
		this.#source = source;
		this.#types.clear();
		source.addEventListener('ready', () => {
			this.#open = true;
			this.#backoff = 1_000;
			this.#each((topic) => {
				topic.setStatus('open');
				topic.ready();
			});
		});
		for (const topic of this.#topics) for (const type of topic.types) this.#listen(type);
		source.onerror = () => {
			this.#open = false;
			this.#each((topic) => topic.setStatus('reconnecting'));
			if (source.readyState === EventSource.CLOSED) {
				this.#source = null;
				this.#retry = setTimeout(() => {
					this.#retry = null;
					if (this.#topics.size > 0) this.#connect();
				}, this.#backoff);
				this.#backoff = Math.min(this.#backoff * 2, MAX_BACKOFF_MS);
			}
		};
	}
}

const streams = new Map<string, SharedStream>();

/** The page's stream for `url` (created on first use, forgotten when its last listener leaves). */
export function streamFor(url: string): {
	add(l: StreamListener): void;
	remove(l: StreamListener): void;
} {
	return {
		add(listener) {
			let stream = streams.get(url);
			if (!stream) streams.set(url, (stream = new SharedStream(url)));
			stream.add(listener);
		},
		remove(listener) {
			const stream = streams.get(url);
			if (!stream) return;
			stream.remove(listener);
			if (stream.size === 0) streams.delete(url);
		}
	};
}
