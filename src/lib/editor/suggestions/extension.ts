/**
 * Suggestion mode in the editor: while it is on, every local edit is rewritten into a tracked
 * change (track.ts) before it reaches the document; edits it cannot track are refused, as are
 * edits appended by other plugins, so nothing untracked leaves a suggesting client. Remote edits
 * (y-sync) and accept/reject pass through unchanged.
 */
import { Extension } from '@tiptap/core';
import { Plugin, PluginKey, type Transaction } from '@tiptap/pm/state';
import { ySyncPluginKey } from '@tiptap/y-tiptap';
import { RESOLVE_META } from './changes';
import { trackTransaction, type SuggestionAuthor } from './track';

const TRACKED_META = 'trameSuggestionTracked';
const modeKey = new PluginKey('trameSuggestionMode');

export interface SuggestModeOptions {
	author: SuggestionAuthor;
	/** Starts on (people who may only comment); editors switch it. */
	enabled: boolean;
}

export interface SuggestModeStorage {
	enabled: boolean;
}

declare module '@tiptap/core' {
	interface Storage {
		suggestMode: SuggestModeStorage;
	}
}

function passesThrough(tr: Transaction): boolean {
	const sync = tr.getMeta(ySyncPluginKey) as { isChangeOrigin?: boolean } | undefined;
	return !tr.docChanged || Boolean(sync?.isChangeOrigin) || tr.getMeta(RESOLVE_META) !== undefined;
}

function newChangeId(): string {
	return crypto.randomUUID().replace(/-/g, '').slice(0, 16);
}

export const SuggestMode = Extension.create<SuggestModeOptions, SuggestModeStorage>({
	name: 'suggestMode',

	addOptions: () => ({ author: { id: '', name: '' }, enabled: false }),

	addStorage() {
		return { enabled: this.options.enabled };
	},

	dispatchTransaction({ transaction, next }) {
		if (!this.storage.enabled || passesThrough(transaction)) return next(transaction);
		const tracked = trackTransaction(transaction, this.editor.state, {
			author: this.options.author,
			now: Date.now(),
			newId: newChangeId
		});
		if (tracked) next(tracked.setMeta(TRACKED_META, true));
	},

	addProseMirrorPlugins() {
		const storage = this.storage;
		return [
			new Plugin({
				key: modeKey,
				filterTransaction: (tr) =>
					!storage.enabled || passesThrough(tr) || tr.getMeta(TRACKED_META) === true
			})
		];
	}
});
