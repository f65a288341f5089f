/**
 * Browser side of the live hub: an EventSource on `/api/live?topic=…`, reconnecting by itself.
 * The browser retries network drops on its own (the server sends `retry: 3000`); when the server
 * refuses (the EventSource closes for good) we retry with a growing delay. Each (re)connection
 * starts with a `ready` event: callers refetch then, since notices sent while offline are lost.
 *
 * Several LiveTopics of one page on the same topic (and view) share ONE EventSource: a browser
 * keeps at most six HTTP/1.1 connections per site across all its tabs, and every stream holds
 * one, so a page that opened one per component could leave the next navigation waiting forever.
 */

import { streamFor, type LiveStatus, type StreamListener } from './shared-stream';

export type { LiveStatus };

export interface LiveTopicOptions {
	/** Event types to listen to (besides `ready`). */
	types: string[];
	onMessage: (type: string, data: Record<string, unknown>) => void;
	/** Called on every (re)connection, once the server confirmed the subscription. */
	onReady?: () => void;
	/** A named view the topic offers (e.g. a round's `projection`); the user's own by default. */
	view?: string;
}

export function liveUrl(topic: string, view?: string): string {
	const url = `/api/live?topic=${encodeURIComponent(topic)}`;
	return view === undefined ? url : `${url}&view=${encodeURIComponent(view)}`;
}

export class LiveTopic implements StreamListener {
	status = $state<LiveStatus>('connecting');
	readonly topic: string;
	readonly #options: LiveTopicOptions;
	readonly #url: string;
	#started = false;

	constructor(topic: string, options: LiveTopicOptions) {
		this.topic = topic;
		this.#options = options;
		this.#url = liveUrl(topic, options.view);
	}

	get types(): readonly string[] {
		return this.#options.types;
	}

	start(): void {
		if (this.#started || this.status === 'stopped') return;
		this.#started = true;
		streamFor(this.#url).add(this);
	}

	stop(): void {
		this.status = 'stopped';
		if (!this.#started) return;
		this.#started = false;
		streamFor(this.#url).remove(this);
	}

	/** @internal from the shared stream */
	setStatus(status: LiveStatus): void {
		if (this.status !== 'stopped') this.status = status;
	}

	/** @internal from the shared stream */
	ready(): void {
		this.#options.onReady?.();
	}

	/** @internal from the shared stream */
	message(type: string, data: Record<string, unknown>): void {
		this.#options.onMessage(type, data);
	}
}
