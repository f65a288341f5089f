/**
 * What the reader does with comments and suggestions around the text, shared by the margin (wide
 * screens) and the comments panel (narrow screens, or the full list with filters): writing a new
 * comment on the selected passage (its passage stays highlighted while it is written), opening a
 * thread (its card and passage highlighted together), going to a passage, accepting or rejecting a
 * suggestion, and announcing others' new comments.
 */
import type { Editor } from '@tiptap/core';
import { m } from '$lib/paraglide/messages';
import { reviewArrivals, type Arrival } from '$lib/domain/review-announcements';
import {
	applySuggestion,
	revealThread,
	selectionAnchor,
	setActiveThread,
	setDraftRange
} from './anchor-plugin';
import type { Anchor, ResolvedRange } from './anchors';
import { reviewErrorText } from './errors';
import { ReviewRequestError, type ReviewState } from './review-state.svelte';
import type { ReviewThreadView } from './types';

export interface ReviewDraft {
	kind: 'comment' | 'suggestion';
	anchor: Anchor;
	quote: string;
	range: ResolvedRange;
}

const ARRIVAL_TEXT: Record<Arrival['kind'], (a: Arrival) => string> = {
	comment: (a) => m.review_announce_comment({ name: a.authorName, quote: a.quote }),
	suggestion: (a) => m.review_announce_suggestion({ name: a.authorName, quote: a.quote }),
	reply: (a) => m.review_announce_reply({ name: a.authorName, quote: a.quote }),
	objection: (a) => m.decisions_announce_objection({ name: a.authorName, quote: a.quote })
};

export class ReviewController {
	draft = $state.raw<ReviewDraft | null>(null);
	body = $state('');
	replacement = $state('');
	errorMessage = $state<string | null>(null);
	busy = $state(false);
	/** Said by the page's live region: others' arrivals, a passage reached. */
	announcement = $state('');
	#seen: readonly ReviewThreadView[] | null = null;

	constructor(
		readonly review: ReviewState,
		private readonly editor: () => Editor | null
	) {}

	/** Call from an effect on `review.threads`: announces what others added. */
	noticeArrivals(threads: readonly ReviewThreadView[]): void {
		if (!this.review.loaded) return;
		if (this.#seen) {
			const arrivals = reviewArrivals(this.#seen, threads, this.review.userId);
			if (arrivals.length === 1) this.announcement = ARRIVAL_TEXT[arrivals[0]!.kind](arrivals[0]!);
			else if (arrivals.length > 1)
				this.announcement = m.review_announce_many({ count: arrivals.length });
		}
		this.#seen = threads;
	}

	/** Starts a comment or suggestion on the selected passage; false (with a message) if none. */
	startDraft(kind: 'comment' | 'suggestion'): boolean {
		this.errorMessage = null;
		const editor = this.editor();
		const selected = editor ? selectionAnchor(editor) : null;
		if (!editor || !selected) {
			this.errorMessage = reviewErrorText(new ReviewRequestError('invalid_anchor'));
			this.announcement = this.errorMessage;
			return false;
		}
		this.draft = { kind, ...selected };
		this.body = '';
		this.replacement = kind === 'suggestion' ? selected.quote : '';
		this.review.activeId = null;
		setActiveThread(editor, null);
		setDraftRange(editor, selected.range);
		return true;
	}

	cancelDraft(): void {
		this.draft = null;
		this.errorMessage = null;
		const editor = this.editor();
		if (editor) {
			setDraftRange(editor, null);
			editor.commands.focus();
		}
	}

	async submitDraft(): Promise<void> {
		const draft = this.draft;
		if (!draft) return;
		this.busy = true;
		this.errorMessage = null;
		try {
			const id = await this.review.create({
				kind: draft.kind,
				anchor: draft.anchor,
				quote: draft.quote,
				body: this.body,
				replacement: draft.kind === 'suggestion' ? this.replacement : undefined
			});
			this.draft = null;
			const editor = this.editor();
			if (editor) {
				setDraftRange(editor, null);
				setActiveThread(editor, id);
			}
		} catch (error) {
			this.errorMessage = reviewErrorText(error);
		} finally {
			this.busy = false;
		}
	}

	/** Highlights a thread's card and passage together. */
	activate(threadId: string | null): void {
		this.review.activeId = threadId;
		const editor = this.editor();
		if (editor) setActiveThread(editor, threadId);
	}

	/** "Voir le passage": the focus goes to the passage, which is announced. */
	reveal(thread: ReviewThreadView): void {
		this.activate(thread.id);
		const editor = this.editor();
		if (editor && revealThread(editor, thread.id))
			this.announcement = m.writing_passage_reached({ quote: thread.quote });
	}

	async decide(thread: ReviewThreadView, change: 'accept' | 'reject'): Promise<void> {
		const editor = this.editor();
		if (change === 'accept' && (!editor || !applySuggestion(editor, thread.id, thread.replacement)))
			throw new ReviewRequestError('apply_failed');
		await this.review.setStatus(thread.id, change);
	}

	showError(error: unknown): void {
		this.errorMessage = reviewErrorText(error);
	}
}
