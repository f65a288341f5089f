/**
 * The decisions about the open document, kept current: the server's view (register entries and
 * open rounds, refetched on each `decisions:<documentId>` notice and reconnection) combined with
 * the live text of each section (recomputed when the browser is idle after a change), into one
 * entry per section with its derived state. Feeds the badges, the outline markers and the
 * "Décisions" view.
 */
import { untrack } from 'svelte';
import type { Editor } from '@tiptap/core';
import type { Transaction } from '@tiptap/pm/state';
import { ySyncPluginKey } from '@tiptap/y-tiptap';
import type * as Y from 'yjs';
import { LiveTopic } from '$lib/live/live.svelte';
import { sectionEntries, type SectionEntry } from './section-entries';
import type { DocumentDecisionsView } from './types';

/** The live notice's type, on the document's topic (server: governance/document-decisions-topic.ts). */
const DECISIONS_CHANGED = 'decisions.changed';
const IDLE_TIMEOUT_MS = 500;

interface Binding {
	type: Y.XmlFragment;
	mapping: Map<Y.AbstractType<unknown>, never>;
}

export class DocumentDecisions {
	view = $state.raw<DocumentDecisionsView | null>(null);
	entries = $state.raw<SectionEntry[]>([]);
	readonly documentId: string;
	#live: LiveTopic | null = null;
	#editor: Editor | null = null;
	#cancel: (() => void) | null = null;
	#fetching: Promise<void> | null = null;
	#again = false;
	/** Called after each recomputation (the badges plugin redraws). */
	onEntries: ((entries: SectionEntry[]) => void) | null = null;

	constructor(documentId: string) {
		this.documentId = documentId;
	}

	start(editor: Editor): void {
		this.#editor = editor;
		// The document's topic, whose stream the review panel already holds (one per page).
		this.#live = new LiveTopic(`review:${this.documentId}`, {
			types: [DECISIONS_CHANGED],
			onMessage: () => void this.refresh(),
			onReady: () => void this.refresh()
		});
		this.#live.start();
	}

	stop(): void {
		this.#live?.stop();
		this.#cancel?.();
		this.#cancel = null;
		this.#editor = null;
	}

	/** Refetches the server's view; overlapping calls coalesce. */
	refresh(): Promise<void> {
		if (this.#fetching) {
			this.#again = true;
			return this.#fetching;
		}
		this.#fetching = (async () => {
			do {
				this.#again = false;
				const response = await fetch(`/api/documents/${this.documentId}/decisions`).catch(
					() => null
				);
				if (response?.ok) {
					this.view = (await response.json()) as DocumentDecisionsView;
					this.#recompute();
				}
			} while (this.#again);
		})().finally(() => (this.#fetching = null));
		return this.#fetching;
	}

	/** From the editor's transactions: a changed document means changed section texts. */
	update(transaction: Transaction): void {
		untrack(() => {
			if (!transaction.docChanged || this.#cancel) return;
			const run = () => {
				this.#cancel = null;
				this.#recompute();
			};
			if (typeof requestIdleCallback === 'function') {
				const id = requestIdleCallback(run, { timeout: IDLE_TIMEOUT_MS });
				this.#cancel = () => cancelIdleCallback(id);
			} else {
				const id = setTimeout(run, 0);
				this.#cancel = () => clearTimeout(id);
			}
		});
	}

	#recompute(): void {
		const editor = this.#editor;
		const view = this.view;
		if (!editor || editor.isDestroyed || !view) return;
		const binding = (ySyncPluginKey.getState(editor.state) as { binding?: Binding } | undefined)
			?.binding;
		if (!binding) return;
		this.entries = sectionEntries(editor.state.doc, binding.type, binding.mapping, view);
		this.onEntries?.(this.entries);
	}

	/** The entry of the section starting at `pos` (the outline's key), if a decision is about it. */
	entryAt(pos: number): SectionEntry | null {
		return this.entries.find((e) => e.pos === pos) ?? null;
	}

	/** The entry of a register entry (for `#decision-<id>` links), if its section is here. */
	entryOfDecision(decisionId: string): SectionEntry | null {
		return this.entries.find((e) => e.decisions.some((d) => d.id === decisionId)) ?? null;
	}
}
