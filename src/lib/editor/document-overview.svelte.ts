/**
 * Reactive outline and completeness of the open document, refreshed from editor transactions.
 * Completeness is recomputed only when the document changed (it reads the whole JSON).
 */
import { untrack } from 'svelte';
import type { Editor } from '@tiptap/core';
import { TextSelection } from '@tiptap/pm/state';
import { sectionCompleteness, type SectionStatus } from '$lib/domain/completeness';
import type { ProseMirrorJSON } from '$lib/domain/templates/protocol';
import { currentEntry, outlineOf, type OutlineEntry } from './outline';

export class DocumentOverview {
	entries = $state.raw<OutlineEntry[]>([]);
	current = $state(-1);
	sections = $state.raw<SectionStatus[]>([]);

	/**
	 * Untracked: transactions may be dispatched from inside an effect (e.g. decorations synced by
	 * an effect), which must not come to depend on the outline it rewrites.
	 */
	update(editor: Editor, docChanged: boolean) {
		untrack(() => {
			const { doc, selection } = editor.state;
			if (docChanged || this.entries.length === 0) {
				this.entries = outlineOf(doc);
				this.sections = sectionCompleteness(doc.toJSON() as ProseMirrorJSON);
			}
			this.current = currentEntry(this.entries, selection.from);
		});
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
