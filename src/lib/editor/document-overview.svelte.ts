/**
 * Reactive outline and completeness of the open document, refreshed from editor transactions.
 * Both are recomputed only when the document changed (completeness reads the whole JSON), and
 * then when the browser is idle, at most once per burst of changes: not inside the transaction
 * that shows a large document first, nor on every keystroke.
 */
import { untrack } from 'svelte';
import type { Editor } from '@tiptap/core';
import { TextSelection, type Transaction } from '@tiptap/pm/state';
import { sectionCompleteness, type SectionStatus } from '$lib/domain/completeness';
import type { ProseMirrorJSON } from '$lib/domain/templates/protocol';
import { currentEntry, outlineOf, type OutlineEntry } from './outline';

/** Longest wait for an idle moment before recomputing anyway. */
const IDLE_TIMEOUT_MS = 250;

export class DocumentOverview {
	entries = $state.raw<OutlineEntry[]>([]);
	current = $state(-1);
	sections = $state.raw<SectionStatus[]>([]);
	#cancel: (() => void) | null = null;
	#computed = false;

	/**
	 * Untracked: transactions may be dispatched from inside an effect (e.g. decorations synced by
	 * an effect), which must not come to depend on the outline it rewrites.
	 */
	update(editor: Editor, transaction: Transaction) {
		untrack(() => {
			if (transaction.docChanged) {
				// Until the recomputation, headings keep pointing at their (mapped) positions.
				// A remote change may replace a whole range (y-prosemirror does): several headings then
				// map to one position; only the first is kept (positions key the outline's list).
				// Mapping keeps the order, so such duplicates are neighbours.
				if (this.entries.length > 0)
					this.entries = this.entries
						.map((entry) => ({ ...entry, pos: transaction.mapping.map(entry.pos) }))
						.filter((entry, i, all) => i === 0 || entry.pos !== all[i - 1]!.pos);
				this.#schedule(editor);
			} else if (!this.#computed) this.#schedule(editor);
			this.current = currentEntry(this.entries, editor.state.selection.from);
		});
	}

	/** Stops a pending recomputation (the editor is going away). */
	destroy() {
		this.#cancel?.();
		this.#cancel = null;
	}

	#schedule(editor: Editor) {
		if (this.#cancel) return;
		const run = () => {
			this.#cancel = null;
			if (editor.isDestroyed) return;
			const { doc, selection } = editor.state;
			this.#computed = true;
			this.entries = outlineOf(doc);
			this.sections = sectionCompleteness(doc.toJSON() as ProseMirrorJSON);
			this.current = currentEntry(this.entries, selection.from);
		};
		if (typeof requestIdleCallback === 'function') {
			const id = requestIdleCallback(run, { timeout: IDLE_TIMEOUT_MS });
			this.#cancel = () => cancelIdleCallback(id);
		} else {
			const id = setTimeout(run, 0);
			this.#cancel = () => clearTimeout(id);
		}
	}

	/** Puts the cursor at the start of the node at `pos` and scrolls it to the top. */
	jumpTo(editor: Editor, pos: number) {
		const { state, view } = editor;
		if (pos < 0 || pos >= state.doc.content.size) return;
		view.dispatch(state.tr.setSelection(TextSelection.near(state.doc.resolve(pos + 1))));
		const target = view.nodeDOM(pos);
		if (target instanceof HTMLElement) target.scrollIntoView({ block: 'start' });
		if (editor.isEditable) view.focus();
	}

	/** Position of the top-level node at `index`. */
	positionOf(editor: Editor, index: number): number {
		const { doc } = editor.state;
		if (index < 0 || index >= doc.childCount) return -1;
		let pos = 0;
		for (let i = 0; i < index; i++) pos += doc.child(i).nodeSize;
		return pos;
	}
}
