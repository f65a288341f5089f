/**
 * The light schema of a séance's live notes: paragraphs, bullet and ordered lists, bold, italic,
 * underline, strike, links. Every node and mark here exists in the document schema
 * (extensions.ts), so an item's notes go into the compte rendu as they are. Node-safe (no DOM at
 * import): the server reads the notes through it.
 */
import { getSchema, type AnyExtension } from '@tiptap/core';
import { StarterKit } from '@tiptap/starter-kit';
import { isAllowedLinkUrl } from './link-url';
import { LocalAutolinkOnly } from './local-link';

/** The Y.XmlFragment of one agenda item's notes in the séance's notes document. */
export function notesField(itemId: string): string {
	return `item-${itemId}`;
}

export function notesExtensions(): AnyExtension[] {
	return [
		StarterKit.configure({
			undoRedo: false,
			heading: false,
			codeBlock: false,
			code: false,
			blockquote: false,
			horizontalRule: false,
			link: {
				openOnClick: false,
				autolink: true,
				defaultProtocol: 'https',
				// None registered: several notes editors live on one page, and linkify warns when
				// a scheme is registered again (http, https and mailto are linkify's own anyway).
				protocols: [],
				isAllowedUri: (url) => isAllowedLinkUrl(url),
				HTMLAttributes: { rel: 'noopener noreferrer nofollow', target: '_blank' }
			}
		}),
		LocalAutolinkOnly
	];
}

export function notesSchema() {
	return getSchema(notesExtensions());
}
