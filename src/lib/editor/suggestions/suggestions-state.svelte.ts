/**
 * The tracked changes of the open document as the page sees them: the mode ("Modification" or
 * "Suggestion"; people who may only comment are always suggesting), the pending changes read
 * from the text after every change, and accept / reject (one change or all of one person's),
 * which are ordinary edits dispatched into the editor and so sent through the collaboration path.
 */
import type { Editor } from '@tiptap/core';
import type { DocumentAccess } from '$lib/domain/access';
import { quoteOf } from '$lib/domain/comments';
import { rangeAnchor } from '$lib/review/anchor-plugin';
import type { ChangeRef } from '$lib/review/types';
import { resolveChanges, touchesRange, trackedChanges, type TrackedChange } from './changes';
import { roundOfSuggestion } from './round-suggestion';

/** A round's proposal is resolved by the round, never from the margin. */
const personal = (change: TrackedChange) => roundOfSuggestion(change.id) === null;

export type EditMode = 'edit' | 'suggest';

/** Longest wait for an idle moment before the changes are read after an edit. */
const READ_CHANGES_TIMEOUT_MS = 250;

export class SuggestionsState {
	/** Commenters cannot leave suggestion mode. */
	readonly forced: boolean;
	/** Editors may accept and reject. */
	readonly canResolve: boolean;
	mode = $state<EditMode>('edit');
	changes = $state.raw<TrackedChange[]>([]);
	/** How many pending changes the selection touches (accept / reject in the selection). */
	inSelection = $state(0);
	#editor: Editor | null = null;
	/** Told which changes were just accepted or rejected here (their record, who and when). */
	onDecided: ((refs: ChangeRef[], decision: 'accept' | 'reject') => void) | null = null;

	constructor(access: DocumentAccess) {
		this.forced = access === 'comment';
		this.canResolve = access === 'edit';
		this.mode = this.forced ? 'suggest' : 'edit';
	}

	/**
	 * Call when the editor exists and after each of its transactions. Reading the changes walks
	 * the whole document: after a change it is done once the browser is idle (many transactions,
	 * one walk), not inside the transaction that opens a large document or adds a keystroke.
	 */
	refresh(editor: Editor, docChanged = true): void {
		this.#editor = editor;
		if (docChanged) this.#schedule();
		else this.#countInSelection();
	}

	/** Stops a pending reading of the changes (the editor is going away). */
	stop(): void {
		this.#cancel?.();
		this.#cancel = null;
		this.#editor = null;
	}

	#stale = false;
	#cancel: (() => void) | null = null;

	#schedule(): void {
		this.#stale = true;
		if (this.#cancel) return;
		const run = () => {
			this.#cancel = null;
			this.#flush();
		};
		if (typeof requestIdleCallback === 'function') {
			const id = requestIdleCallback(run, { timeout: READ_CHANGES_TIMEOUT_MS });
			this.#cancel = () => cancelIdleCallback(id);
		} else {
			const id = setTimeout(run, 0);
			this.#cancel = () => clearTimeout(id);
		}
	}

	/** Reads the changes now if the document changed since they were last read. */
	#flush(): void {
		const editor = this.#editor;
		if (!this.#stale || !editor || editor.isDestroyed) return;
		this.#stale = false;
		this.changes = trackedChanges(editor.state.doc);
		this.#countInSelection();
	}

	#countInSelection(): void {
		const editor = this.#editor;
		// Positions of changes not read since the last edit could be off: counted once read.
		if (!editor || this.#stale) return;
		const { from, to } = editor.state.selection;
		this.inSelection = this.changes.filter((c) => personal(c) && touchesRange(c, from, to)).length;
	}

	setMode(mode: EditMode): void {
		if (this.forced) return;
		this.mode = mode;
		if (this.#editor) this.#editor.storage.suggestMode.enabled = mode === 'suggest';
	}

	/** How many pending changes each author has (for "all of this person's changes"). */
	countBy(author: string): number {
		return this.changes.filter((c) => personal(c) && c.author === author).length;
	}

	resolve(pick: (change: TrackedChange) => boolean, decision: 'accept' | 'reject'): boolean {
		const editor = this.#editor;
		if (!editor || !this.canResolve || !editor.isEditable) return false;
		this.#flush();
		const tr = resolveChanges(editor.state, pick, decision);
		if (!tr) return false;
		// Read before the edit: a rejected insertion's text is gone after it.
		const refs = this.changes
			.filter(pick)
			.map((change) => this.refOf(change))
			.filter((ref) => ref !== null);
		editor.view.dispatch(tr);
		this.onDecided?.(refs, decision);
		return true;
	}

	/** What a change's thread needs to know of it (null before the editor is bound). */
	refOf(change: TrackedChange): ChangeRef | null {
		const editor = this.#editor;
		if (!editor) return null;
		const anchor = rangeAnchor(editor, change.from, change.to);
		if (!anchor) return null;
		return {
			changeId: change.id,
			changeAuthor: /^[a-z0-9]{15}$/.test(change.author) ? change.author : '',
			anchor,
			deleted: quoteOf(change.deleted),
			inserted: quoteOf(change.inserted)
		};
	}

	resolveOne(id: string, decision: 'accept' | 'reject'): boolean {
		return this.resolve((c) => personal(c) && c.id === id, decision);
	}

	resolveAuthor(author: string, decision: 'accept' | 'reject'): boolean {
		return this.resolve((c) => personal(c) && c.author === author, decision);
	}

	/** Every change the selection touches, whole. */
	resolveSelection(decision: 'accept' | 'reject'): boolean {
		const editor = this.#editor;
		if (!editor) return false;
		const { from, to } = editor.state.selection;
		return this.resolve((c) => personal(c) && touchesRange(c, from, to), decision);
	}

	/** Puts the caret at the start of the change and brings it into view. */
	reveal(change: TrackedChange): void {
		this.#editor?.chain().focus().setTextSelection(change.from).scrollIntoView().run();
	}
}
