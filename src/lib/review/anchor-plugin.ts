/**
 * Highlights anchored passages in the editor as ProseMirror decorations (never marks: comments
 * are not part of the document body). Open suggestions show the old text struck through and the
 * proposed text after it. Anchors are resolved through the y-sync binding's mapping whenever a
 * remote change arrives, and mapped through local transactions otherwise.
 */
import { Extension } from '@tiptap/core';
import type { Editor } from '@tiptap/core';
import { Plugin, PluginKey, type EditorState, type Transaction } from '@tiptap/pm/state';
import { Decoration, DecorationSet } from '@tiptap/pm/view';
import { ySyncPluginKey } from '@tiptap/y-tiptap';
import type * as Y from 'yjs';
import { quoteOf } from '../domain/comments';
import {
	createAnchor,
	resolveAnchor,
	type Anchor,
	type ResolvedRange,
	type YMapping
} from './anchors';

export interface AnchoredThread {
	id: string;
	anchor: Anchor;
	suggestion: string | null;
}

export interface AnchorPluginState {
	threads: AnchoredThread[];
	activeId: string | null;
	/** The passage of a comment being written (highlighted until it is posted or cancelled). */
	draft: ResolvedRange | null;
	/** Current range of each thread whose passage still exists. */
	ranges: Map<string, ResolvedRange>;
	decorations: DecorationSet;
}

interface Binding {
	doc: Y.Doc;
	type: Y.XmlFragment;
	mapping: YMapping;
}

type Meta =
	{ threads: AnchoredThread[] } | { activeId: string | null } | { draft: ResolvedRange | null };

/** Id of the hidden description of a thread that its highlighted passage points at. */
export const threadDescriptionId = (threadId: string) => `review-desc-${threadId}`;

export const reviewAnchorKey = new PluginKey<AnchorPluginState>('trameReviewAnchors');

function bindingOf(state: EditorState): Binding | null {
	const sync = ySyncPluginKey.getState(state) as { binding?: Binding | null } | undefined;
	return sync?.binding ?? null;
}

function resolveAll(state: EditorState, threads: AnchoredThread[]): Map<string, ResolvedRange> {
	const ranges = new Map<string, ResolvedRange>();
	const binding = bindingOf(state);
	if (!binding) return ranges;
	const max = state.doc.content.size;
	for (const thread of threads) {
		const range = resolveAnchor(binding.doc, binding.type, binding.mapping, thread.anchor);
		if (range && range.to <= max) ranges.set(thread.id, range);
	}
	return ranges;
}

function decorate(
	state: EditorState,
	threads: AnchoredThread[],
	ranges: Map<string, ResolvedRange>,
	activeId: string | null,
	draft: ResolvedRange | null
): DecorationSet {
	const decorations: Decoration[] = [];
	if (draft && draft.to <= state.doc.content.size)
		decorations.push(
			Decoration.inline(draft.from, draft.to, {
				nodeName: 'mark',
				class: 'review-anchor is-active is-draft'
			})
		);
	for (const thread of threads) {
		const range = ranges.get(thread.id);
		if (!range) continue;
		const active = thread.id === activeId ? ' is-active' : '';
		const suggestion = thread.suggestion !== null;
		decorations.push(
			Decoration.inline(
				range.from,
				range.to,
				{
					// A <mark> described by its thread: announced as a commented passage, not only coloured.
					nodeName: 'mark',
					class: `review-anchor${suggestion ? ' review-suggestion-old' : ''}${active}`,
					'data-thread': thread.id,
					'aria-describedby': threadDescriptionId(thread.id)
				},
				{ thread: thread.id }
			)
		);
		if (suggestion && thread.suggestion) {
			const text = thread.suggestion;
			decorations.push(
				Decoration.widget(
					range.to,
					() => {
						const span = document.createElement('ins');
						span.className = `review-suggestion-new${active}`;
						span.dataset.thread = thread.id;
						span.textContent = text; // plain text, never HTML
						return span;
					},
					{ side: 1, key: `suggestion-${thread.id}-${text}-${active}` }
				)
			);
		}
	}
	return DecorationSet.create(state.doc, decorations);
}

function mapRanges(
	tr: Transaction,
	ranges: Map<string, ResolvedRange>
): Map<string, ResolvedRange> {
	const out = new Map<string, ResolvedRange>();
	for (const [id, range] of ranges) {
		const from = tr.mapping.map(range.from, 1);
		const to = tr.mapping.map(range.to, -1);
		if (to > from) out.set(id, { from, to });
	}
	return out;
}

export interface ReviewAnchorOptions {
	/** A highlighted passage was clicked. */
	onSelect: (threadId: string) => void;
	/** The set of live ranges changed (e.g. a passage was deleted). */
	onRanges: (ranges: ReadonlyMap<string, ResolvedRange>) => void;
}

export const ReviewAnchors = Extension.create<ReviewAnchorOptions>({
	name: 'trameReviewAnchors',
	addOptions() {
		return { onSelect: () => {}, onRanges: () => {} };
	},
	addProseMirrorPlugins() {
		const options = this.options;
		return [
			new Plugin<AnchorPluginState>({
				key: reviewAnchorKey,
				state: {
					init: (_, state) => ({
						threads: [],
						activeId: null,
						draft: null,
						ranges: new Map(),
						decorations: DecorationSet.create(state.doc, [])
					}),
					apply: (tr, previous, _old, state) => {
						const meta = tr.getMeta(reviewAnchorKey) as Meta | undefined;
						const threads = meta && 'threads' in meta ? meta.threads : previous.threads;
						const activeId = meta && 'activeId' in meta ? meta.activeId : previous.activeId;
						const mappedDraft = previous.draft
							? (mapRanges(tr, new Map([['draft', previous.draft]])).get('draft') ?? null)
							: null;
						const draft = meta && 'draft' in meta ? meta.draft : mappedDraft;
						const remote = tr.getMeta(ySyncPluginKey) !== undefined;
						if (!meta && !remote && !tr.docChanged) return previous;
						const ranges =
							meta && 'threads' in meta
								? resolveAll(state, threads)
								: remote
									? resolveAll(state, threads)
									: tr.docChanged
										? mapRanges(tr, previous.ranges)
										: previous.ranges;
						return {
							threads,
							activeId,
							draft,
							ranges,
							decorations: decorate(state, threads, ranges, activeId, draft)
						};
					}
				},
				props: {
					decorations: (state) => reviewAnchorKey.getState(state)?.decorations,
					handleClick: (view, pos, event) => {
						const target = event.target as HTMLElement | null;
						const marked = target?.closest?.('[data-thread]') as HTMLElement | null;
						if (marked?.dataset.thread) {
							options.onSelect(marked.dataset.thread);
							return false;
						}
						const ranges = reviewAnchorKey.getState(view.state)?.ranges;
						for (const [id, range] of ranges ?? []) {
							if (pos >= range.from && pos <= range.to) {
								options.onSelect(id);
								break;
							}
						}
						return false;
					}
				},
				view: () => {
					let last: Map<string, ResolvedRange> | null = null;
					return {
						update: (view) => {
							const ranges = reviewAnchorKey.getState(view.state)?.ranges ?? null;
							if (ranges && ranges !== last) {
								last = ranges;
								options.onRanges(ranges);
							}
						}
					};
				}
			})
		];
	}
});

export function setAnchoredThreads(editor: Editor, threads: AnchoredThread[]): void {
	editor.view.dispatch(editor.state.tr.setMeta(reviewAnchorKey, { threads }));
}

export function setActiveThread(editor: Editor, activeId: string | null): void {
	editor.view.dispatch(editor.state.tr.setMeta(reviewAnchorKey, { activeId }));
}

/** Keeps the passage of the comment being written highlighted (null: none). */
export function setDraftRange(editor: Editor, draft: ResolvedRange | null): void {
	if (editor.isDestroyed) return;
	editor.view.dispatch(editor.state.tr.setMeta(reviewAnchorKey, { draft }));
}

/** The anchor, quoted text and range of the current non-empty selection, or null. */
export function selectionAnchor(
	editor: Editor
): { anchor: Anchor; quote: string; range: ResolvedRange } | null {
	const { from, to, empty } = editor.state.selection;
	if (empty) return null;
	const quote = quoteOf(editor.state.doc.textBetween(from, to, ' '));
	if (!quote) return null;
	const binding = bindingOf(editor.state);
	if (!binding) return null;
	return {
		anchor: createAnchor(binding.type, binding.mapping, from, to),
		quote,
		range: { from, to }
	};
}

/** The anchor of the range [from, to) of the editor's text (a tracked change's thread). */
export function rangeAnchor(editor: Editor, from: number, to: number): Anchor | null {
	const binding = bindingOf(editor.state);
	return binding ? createAnchor(binding.type, binding.mapping, from, to) : null;
}

export function threadRange(editor: Editor, threadId: string): ResolvedRange | null {
	return reviewAnchorKey.getState(editor.state)?.ranges.get(threadId) ?? null;
}

/**
 * Selects the passage, scrolls it into view and moves the focus into the text on it, so keyboard
 * and screen-reader users land on the passage (its <mark> is described by the thread).
 */
export function revealThread(editor: Editor, threadId: string): boolean {
	const range = threadRange(editor, threadId);
	if (!range) return false;
	editor.chain().setTextSelection(range).scrollIntoView().run();
	// Also for readers, whose text is not editable (it is focusable: tabindex 0).
	editor.view.dom.focus({ preventScroll: true });
	return true;
}

/**
 * Applies an accepted suggestion through this editor's own connection: one transaction replacing
 * the passage's current text with the proposed plain text.
 */
export function applySuggestion(editor: Editor, threadId: string, replacement: string): boolean {
	const range = threadRange(editor, threadId);
	if (!range || !editor.isEditable) return false;
	const tr = editor.state.tr;
	if (replacement === '') tr.delete(range.from, range.to);
	else tr.insertText(replacement, range.from, range.to);
	editor.view.dispatch(tr);
	return true;
}
