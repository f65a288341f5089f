/**
 * Link auto-detection on this client's own edits only. TipTap's Link turns a URL followed by a
 * space into a link in every transaction that changes the document, including those y-tiptap
 * makes from the shared document (the first sync, a peer's typing, an undo through Yjs). Text
 * that comes from there is left as its author wrote it: auto-linking it here would write a mark
 * nobody typed back into the document, and on opening a large document the detection tokenized
 * its first block inside the first sync (~20 ms on the critical path, bench/trace-open.ts).
 * Link's own switch for this is the `preventAutolink` transaction meta.
 */
import { Extension } from '@tiptap/core';
import { Plugin, PluginKey, type Transaction } from '@tiptap/pm/state';
import { ySyncPluginKey } from '@tiptap/y-tiptap';

/** True for a transaction y-tiptap made from a change of the shared document. */
export function fromSharedDocument(tr: Transaction): boolean {
	const sync = tr.getMeta(ySyncPluginKey) as { isChangeOrigin?: boolean } | undefined;
	return Boolean(sync?.isChangeOrigin);
}

export const LocalAutolinkOnly = Extension.create({
	name: 'localAutolinkOnly',
	addProseMirrorPlugins() {
		return [
			new Plugin({
				key: new PluginKey('localAutolinkOnly'),
				// The one hook that runs before Link's `appendTransaction` sees the transaction.
				filterTransaction: (tr) => {
					if (fromSharedDocument(tr)) tr.setMeta('preventAutolink', true);
					return true;
				}
			})
		];
	}
});
