/**
 * A round on one screen: the viewer's view (cut by the server), kept current by the live hub's
 * `round.changed` events — which carry this viewer's new view, else the view is refetched (see
 * roundChangeStep) — and the commands this screen sends. Errors arrive as stable ids; the
 * component shows them through errorMessage().
 */
import { untrack } from 'svelte';
import { LiveTopic } from '$lib/live/live.svelte';
import {
	PROJECTION_VIEW,
	ROUND_CHANGED,
	roundChangeStep,
	roundTopic
} from '$lib/live/round-events';
import type { RoundView } from '$lib/server/governance/view';

export class RoundClient {
	view = $state<RoundView>() as RoundView;
	error = $state<string | null>(null);
	/** The server's sentence for `error` (its field errors first), when it sent one. */
	errorText = $state<string | null>(null);
	pending = $state(false);
	/** serverNow − local clock, so timers agree across screens whatever their clocks. */
	clockOffsetMs = $state(0);
	readonly #projection: boolean;
	#live = $state<LiveTopic | null>(null);
	#fetching: Promise<void> | null = null;
	#again = false;

	constructor(initial: RoundView, options: { projection?: boolean } = {}) {
		this.#projection = options.projection ?? false;
		this.#accept(initial);
	}

	get liveStatus() {
		return this.#live?.status ?? 'connecting';
	}

	/** Opens the live subscription; returns its stop function. Safe to call from an $effect. */
	connect(): () => void {
		// Untracked: the effect calling this must not re-run (and reconnect) on every status change.
		const live = untrack(
			() =>
				new LiveTopic(roundTopic(this.view.id), {
					types: [ROUND_CHANGED],
					view: this.#projection ? PROJECTION_VIEW : undefined,
					onMessage: (_type, data) => {
						const step = roundChangeStep(this.view, data);
						if (step.show) this.#accept(step.show);
						if (step.refetch) void this.refresh();
					},
					// Events sent while disconnected are lost: refetch on every (re)connection.
					onReady: () => void this.refresh()
				})
		);
		this.#live = live;
		untrack(() => live.start());
		return () => live.stop();
	}

	#accept(view: RoundView) {
		if (this.view && view.revision < this.view.revision) return;
		this.view = view;
		this.clockOffsetMs = Date.parse(view.serverNow) - Date.now();
	}

	/** Refetches the view; overlapping calls coalesce into one more fetch. */
	refresh(): Promise<void> {
		if (this.#fetching) {
			this.#again = true;
			return this.#fetching;
		}
		this.#fetching = (async () => {
			do {
				this.#again = false;
				const suffix = this.#projection ? '?projection=1' : '';
				const response = await fetch(`/rounds/${this.view.id}/view${suffix}`).catch(() => null);
				if (response?.ok) this.#accept((await response.json()) as RoundView);
			} while (this.#again);
		})().finally(() => (this.#fetching = null));
		return this.#fetching;
	}

	/** Sends a command; true when applied. */
	async send(command: Record<string, unknown>): Promise<boolean> {
		this.pending = true;
		this.error = null;
		this.errorText = null;
		try {
			const response = await fetch(`/rounds/${this.view.id}/events`, {
				method: 'POST',
				headers: { 'content-type': 'application/json' },
				body: JSON.stringify(command)
			});
			const body = (await response.json().catch(() => ({ error: 'unavailable' }))) as
				| RoundView
				| { error: string; message?: string; fields?: Record<string, { message: string }> };
			if ('error' in body) {
				this.error = body.error;
				const fields = Object.values(body.fields ?? {}).map((field) => field.message);
				this.errorText = fields.length > 0 ? fields.join(' ') : (body.message ?? null);
				if (body.error === 'conflict' || body.error === 'round_closed') void this.refresh();
				return false;
			}
			this.#accept(body);
			return true;
		} catch {
			this.error = 'unavailable';
			return false;
		} finally {
			this.pending = false;
		}
	}
}
