/**
 * A séance followed live: the page's data is refetched whenever the séance moves (its topic) or
 * the round of the current item does (that round's topic), and a clock ticks every second so the
 * timers (pure, src/lib/domain/seances/run.ts) are recomputed from the stored instants.
 */
import { SvelteDate } from 'svelte/reactivity';
import { invalidateAll } from '$app/navigation';
import { navigating } from '$app/state';
import { LiveTopic, type LiveStatus } from '$lib/live/live.svelte';
import { ROUND_CHANGED, roundTopic } from '$lib/live/round-events';
import { SEANCE_CHANGED, seanceTopic } from '$lib/live/seance-events';

/**
 * Refetches the page's data; a live refresh never takes the focus away: if the focused element was
 * re-rendered, the focus goes back to the element with the same id.
 */
async function refetch(): Promise<void> {
	// A refetch is a navigation to this page: it would cancel one under way (a redirect to the
	// round just started from this page), whose page loads fresh data anyway.
	if (navigating.to) return;
	const focusedId = document.activeElement?.id ?? '';
	await invalidateAll();
	if (focusedId && document.activeElement?.id !== focusedId)
		document.getElementById(focusedId)?.focus();
}

export class SeanceLive {
	/** The time the timers are computed at (ticks every second). */
	readonly now = new SvelteDate();
	#topic = $state<LiveTopic | null>(null);
	readonly #seanceId: string;

	constructor(seanceId: string) {
		this.#seanceId = seanceId;
	}

	get status(): LiveStatus {
		return this.#topic?.status ?? 'connecting';
	}

	/** Follows the séance and ticks the clock; returns the stop function (for an `$effect`). */
	connect(): () => void {
		const topic = new LiveTopic(seanceTopic(this.#seanceId), {
			types: [SEANCE_CHANGED],
			onMessage: () => void refetch(),
			// Notices sent before the topic was ready were missed, the first time too (the séance
			// opened between the page's load and its subscription): refetch on every ready.
			onReady: () => void refetch()
		});
		this.#topic = topic;
		topic.start();
		const tick = setInterval(() => this.now.setTime(Date.now()), 1000);
		return () => {
			clearInterval(tick);
			topic.stop();
		};
	}

	/** Follows a round started from the current item until it changes; returns the stop function. */
	followRound(roundId: string): () => void {
		const topic = new LiveTopic(roundTopic(roundId), {
			types: [ROUND_CHANGED],
			onMessage: () => void refetch()
		});
		topic.start();
		return () => topic.stop();
	}
}
