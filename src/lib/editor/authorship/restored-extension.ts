/**
 * Keeps "Qui a écrit quoi" right through undo and redo (restored.ts): listens to the undo
 * manager the Collaboration extension brings. Always on (not only while the view is shown), since
 * the attribution must be written when the text comes back. Editors only: the server takes
 * nothing outside the body from a comment-role socket, and a commenter's undo only ever gives
 * back their own suggestions.
 */
import { Extension } from '@tiptap/core';
import { yUndoPluginKey } from '@tiptap/y-tiptap';
import { trackRestoredAuthors } from './restored';

export const RestoredAuthorship = Extension.create<
	{ enabled: boolean },
	{ stop: (() => void) | null }
>({
	name: 'restoredAuthorship',
	addOptions: () => ({ enabled: true }),
	addStorage: () => ({ stop: null }),
	onCreate() {
		const undoManager = yUndoPluginKey.getState(this.editor.state)?.undoManager;
		if (undoManager && this.options.enabled) this.storage.stop = trackRestoredAuthors(undoManager);
	},
	onDestroy() {
		this.storage.stop?.();
		this.storage.stop = null;
	}
});
