/**
 * Wires the review into an editor: the panel's state, the anchor-decoration extension, and the
 * sync from loaded threads to decorations (open threads only). Kept here so the editor component
 * only mounts it.
 */
import type { Editor } from '@tiptap/core';
import { untrack } from 'svelte';
import { ReviewAnchors, setActiveThread, setAnchoredThreads } from './anchor-plugin';
import { ReviewState } from './review-state.svelte';

export function createEditorReview(documentId: string, userId: string) {
	const state = new ReviewState(documentId, userId);
	let editor: Editor | null = null;
	/** A highlighted passage was clicked (narrow screens open the comments panel on it). */
	let onPassage: ((threadId: string) => void) | null = null;
	const extension = ReviewAnchors.configure({
		onSelect: (threadId) => {
			state.activeId = threadId;
			if (!state.visible.some((t) => t.id === threadId)) state.filter = 'open';
			if (editor) setActiveThread(editor, threadId);
			onPassage?.(threadId);
		},
		onRanges: (ranges) => state.setRanges(ranges)
	});

	/** Call from an $effect: pushes the open threads' anchors to the editor's decorations. */
	function sync(current: Editor): void {
		editor = current;
		const open = state.threads
			.filter((t) => t.status === 'open' && t.kind !== 'change')
			.map((t) => ({
				id: t.id,
				anchor: t.anchor,
				suggestion: t.kind === 'suggestion' ? t.replacement : null
			}));
		// The dispatch runs editor callbacks that read and write other state: not dependencies.
		untrack(() => {
			if (!current.isDestroyed) setAnchoredThreads(current, open);
		});
	}

	return {
		state,
		extension,
		sync,
		onPassage: (listener: (threadId: string) => void) => (onPassage = listener)
	};
}

export type EditorReview = ReturnType<typeof createEditorReview>;
