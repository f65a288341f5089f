/**
 * The two marks of a tracked change: text proposed for insertion and text proposed for deletion
 * (struck, kept until an editor accepts). Both carry the change id (an insertion and a deletion
 * typed together share one, a replacement), the author's user id (checked by the collaboration
 * server against the socket's user) and name (display), and the time in ms. Stored by
 * y-prosemirror as formatting attributes of the Y.XmlText, so they converge like any mark.
 *
 * The marks exclude nothing, not even themselves: y-prosemirror then keys each one by a hash of
 * its attributes (`suggestionInsert--<hash>`), so one person's change never shares a Yjs
 * attribute with another's. With a shared key, Yjs's formatting end markers (which restore the
 * value they saw) could bring back a change someone else had just accepted or rejected. It also
 * lets a person propose to delete someone else's proposed insertion, as in Word.
 */
import { Mark, mergeAttributes } from '@tiptap/core';

export const INSERT_MARK = 'suggestionInsert';
export const DELETE_MARK = 'suggestionDelete';

export interface SuggestionAttrs {
	id: string;
	author: string;
	authorName: string;
	time: number;
}

const attributes = {
	id: { default: '', parseHTML: (el: HTMLElement) => el.dataset.suggestion ?? '', rendered: false },
	author: { default: '', parseHTML: (el: HTMLElement) => el.dataset.author ?? '', rendered: false },
	authorName: {
		default: '',
		parseHTML: (el: HTMLElement) => el.dataset.authorName ?? '',
		rendered: false
	},
	time: {
		default: 0,
		parseHTML: (el: HTMLElement) => Number(el.dataset.time) || 0,
		rendered: false
	}
};

function domAttrs(attrs: Record<string, unknown>) {
	return {
		'data-suggestion': String(attrs.id ?? ''),
		'data-author': String(attrs.author ?? ''),
		'data-author-name': String(attrs.authorName ?? ''),
		'data-time': String(attrs.time ?? 0)
	};
}

export const SuggestionInsert = Mark.create({
	name: INSERT_MARK,
	inclusive: false,
	excludes: '',
	addAttributes: () => attributes,
	parseHTML: () => [{ tag: 'ins[data-suggestion]' }],
	renderHTML: ({ mark, HTMLAttributes }) => [
		'ins',
		mergeAttributes(HTMLAttributes, domAttrs(mark.attrs), { class: 'suggestion-insert' }),
		0
	]
});

export const SuggestionDelete = Mark.create({
	name: DELETE_MARK,
	inclusive: false,
	excludes: '',
	addAttributes: () => attributes,
	parseHTML: () => [{ tag: 'del[data-suggestion]' }],
	renderHTML: ({ mark, HTMLAttributes }) => [
		'del',
		mergeAttributes(HTMLAttributes, domAttrs(mark.attrs), { class: 'suggestion-delete' }),
		0
	]
});
