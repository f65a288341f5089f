/**
 * Files pasted or dropped into the text go to the page (which asks the alternative text, uploads
 * and inserts them), never into the document as data: the Yjs state only holds their keys.
 */
import { Extension } from '@tiptap/core';
import { Plugin, PluginKey } from '@tiptap/pm/state';

export interface MediaPasteOptions {
	/** `at`: the drop position in the document, null for a paste (at the selection). */
	onFiles: (files: File[], at: number | null) => void;
}

const filesOf = (list: FileList | null | undefined): File[] => (list ? [...list] : []);

export const MediaPaste = Extension.create<MediaPasteOptions>({
	name: 'trameMediaPaste',
	addOptions: () => ({ onFiles: () => {} }),
	addProseMirrorPlugins() {
		const { onFiles } = this.options;
		return [
			new Plugin({
				key: new PluginKey('trameMediaPaste'),
				props: {
					handlePaste: (view, event) => {
						const files = filesOf(event.clipboardData?.files);
						if (files.length === 0 || !view.editable) return false;
						event.preventDefault();
						onFiles(files, null);
						return true;
					},
					handleDrop: (view, event) => {
						const files = filesOf(event.dataTransfer?.files);
						if (files.length === 0 || !view.editable) return false;
						event.preventDefault();
						const at = view.posAtCoords({ left: event.clientX, top: event.clientY });
						onFiles(files, at?.pos ?? null);
						return true;
					}
				}
			})
		];
	}
});
