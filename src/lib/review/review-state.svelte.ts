/**
 * Browser state of a document's review panel: threads, filter, the focused thread, which
 * passages still exist, and the calls to the review endpoints. Refetches on every live notice
 * of `review:<documentId>` (and on each (re)connection), so new comments appear without reload.
 */
import { SvelteMap } from 'svelte/reactivity';
import { matchesFilter, type StatusChange, type ThreadFilter } from '../domain/comments';
import type { Member } from '../domain/mentions';
import { LiveTopic } from '../live/live.svelte';
import type { Anchor, ResolvedRange } from './anchors';
import {
	REVIEW_CHANGED,
	type ChangeRef,
	type ReviewRights,
	type ReviewSnapshot,
	type ReviewThreadView
} from './types';

export class ReviewRequestError extends Error {
	/** `message`: the server's sentence (its field errors first), else the code. */
	constructor(
		readonly code: string,
		message?: string
	) {
		super(message || code);
		this.name = 'ReviewRequestError';
	}

	/** The error of a refused request's JSON answer (`{ error, message, fields }`). */
	static fromAnswer(data: {
		error?: unknown;
		message?: unknown;
		fields?: Record<string, { message?: unknown }>;
	}): ReviewRequestError {
		const fieldMessages = Object.values(data.fields ?? {})
			.map((field) => field.message)
			.filter((text): text is string => typeof text === 'string');
		const message = fieldMessages.length > 0 ? fieldMessages.join(' ') : data.message;
		return new ReviewRequestError(
			typeof data.error === 'string' ? data.error : 'unavailable',
			typeof message === 'string' ? message : undefined
		);
	}
}

export class ReviewState {
	threads = $state.raw<ReviewThreadView[]>([]);
	members = $state.raw<Member[]>([]);
	rights = $state.raw<ReviewRights>({ comment: false, edit: false });
	filter = $state<ThreadFilter>('open');
	activeId = $state<string | null>(null);
	loaded = $state(false);
	/** The last decision record that could not be written (the text itself was changed). */
	decisionError = $state.raw<unknown>(null);
	/** Ranges of the passages that still exist, from the editor's anchor plugin. */
	readonly ranges = new SvelteMap<string, ResolvedRange>();
	#live: LiveTopic | null = null;
	readonly #base: string;

	constructor(
		readonly documentId: string,
		readonly userId: string
	) {
		this.#base = `/api/review/documents/${documentId}`;
	}

	/** A pending tracked change's thread lives in its change's card, not among the comments. */
	readonly visible = $derived(
		this.threads.filter(
			(thread) =>
				!(thread.kind === 'change' && thread.status === 'open') &&
				matchesFilter(
					{
						authorId: thread.authorId,
						status: thread.status,
						participantIds: thread.messages.map((m) => m.authorId)
					},
					this.filter,
					this.userId
				)
		)
	);

	/** Open comments and suggestions (pending tracked changes are counted from the text). */
	readonly openCount = $derived(
		this.threads.filter((t) => t.status === 'open' && t.kind !== 'change').length
	);

	/** The thread of a tracked change, if anyone opened it. */
	changeThread(changeId: string): ReviewThreadView | undefined {
		return this.threads.find((t) => t.kind === 'change' && t.changeId === changeId);
	}

	get liveStatus() {
		return this.#live?.status ?? 'connecting';
	}

	start(): void {
		this.#live = new LiveTopic(`review:${this.documentId}`, {
			types: [REVIEW_CHANGED],
			onMessage: () => void this.refresh(),
			onReady: () => void this.refresh()
		});
		this.#live.start();
	}

	stop(): void {
		this.#live?.stop();
	}

	async #call(path: string, method: string, body?: unknown): Promise<unknown> {
		const response = await fetch(`${this.#base}${path}`, {
			method,
			headers: body === undefined ? {} : { 'content-type': 'application/json' },
			body: body === undefined ? undefined : JSON.stringify(body)
		}).catch(() => null);
		if (!response) throw new ReviewRequestError('unavailable');
		const data = (await response.json().catch(() => ({}))) as { error?: string };
		if (!response.ok) throw ReviewRequestError.fromAnswer(data);
		return data;
	}

	async refresh(): Promise<void> {
		const snapshot = (await this.#call('', 'GET')) as ReviewSnapshot;
		this.threads = snapshot.threads;
		this.members = snapshot.members;
		this.rights = snapshot.rights;
		this.loaded = true;
	}

	setRanges(ranges: ReadonlyMap<string, ResolvedRange>): void {
		this.ranges.clear();
		for (const [id, range] of ranges) this.ranges.set(id, range);
	}

	/** A thread whose whole passage was deleted ("passage supprimé"). */
	isDetached(thread: ReviewThreadView): boolean {
		return thread.status === 'open' && this.loaded && !this.ranges.has(thread.id);
	}

	async create(input: {
		kind: 'comment' | 'suggestion';
		anchor: Anchor;
		quote: string;
		body: string;
		replacement?: string;
	}): Promise<string> {
		const { id } = (await this.#call('', 'POST', input)) as { id: string };
		await this.refresh();
		this.filter = 'open';
		this.activeId = id;
		return id;
	}

	async reply(threadId: string, body: string): Promise<void> {
		await this.#call(`/threads/${threadId}`, 'POST', { body });
		await this.refresh();
	}

	/** A message in a tracked change's thread (opening it with the first one). */
	async discussChange(ref: ChangeRef, body: string): Promise<void> {
		await this.#call('/changes', 'POST', { ...ref, body });
		await this.refresh();
	}

	/** Records who accepted or rejected tracked changes just resolved in the text. */
	async recordDecisions(refs: readonly ChangeRef[], decision: 'accept' | 'reject'): Promise<void> {
		for (const ref of refs) await this.#call('/changes/decisions', 'POST', { ...ref, decision });
		if (refs.length > 0) await this.refresh();
	}

	async setStatus(threadId: string, change: StatusChange): Promise<void> {
		await this.#call(`/threads/${threadId}`, 'PATCH', { change });
		await this.refresh();
	}

	async edit(messageId: string, body: string): Promise<void> {
		await this.#call(`/messages/${messageId}`, 'PATCH', { body });
		await this.refresh();
	}

	async remove(messageId: string): Promise<void> {
		await this.#call(`/messages/${messageId}`, 'DELETE');
		await this.refresh();
	}
}
