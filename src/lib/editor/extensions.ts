/**
 * The one list of TipTap extensions that defines Trame's document schema. Used by the editor in
 * the browser and by Node (template state at document creation, tests) through `getSchema`, so
 * nothing here may touch the DOM at import time. Collaboration and CollaborationCaret are added by
 * the editor component: they change behaviour, not the schema.
 *
 * Changing this list in a way that changes the schema requires bumping EDITOR_SCHEMA_VERSION.
 */
import { getSchema, type AnyExtension, type NodeViewRenderer } from '@tiptap/core';
import { StarterKit } from '@tiptap/starter-kit';
import { TableKit } from '@tiptap/extension-table';
import { Placeholder } from '@tiptap/extension-placeholder';
import { ALLOWED_LINK_PROTOCOLS, isAllowedLinkUrl } from './link-url';
import { PartFieldKeys, structuredNodes } from './structured/nodes';

/** Name of the Y.XmlFragment holding the document in the Y.Doc (Collaboration's `field`). */
export const EDITOR_FIELD = 'default';

export const HEADING_LEVELS = [1, 2, 3] as const;
export type HeadingLevel = (typeof HEADING_LEVELS)[number];

export interface EditorExtensionOptions {
	/** Text shown in an empty paragraph (browser only). */
	placeholder?: string;
	/** Node views by node name (browser only: they build DOM). */
	nodeViews?: Readonly<Record<string, NodeViewRenderer>>;
}

export function editorExtensions(options: EditorExtensionOptions = {}): AnyExtension[] {
	return [
		StarterKit.configure({
			// Collaboration brings its own (Yjs) undo manager.
			undoRedo: false,
			heading: { levels: [...HEADING_LEVELS] },
			link: {
				openOnClick: false,
				autolink: true,
				defaultProtocol: 'https',
				protocols: [...ALLOWED_LINK_PROTOCOLS],
				isAllowedUri: (url) => isAllowedLinkUrl(url),
				HTMLAttributes: { rel: 'noopener noreferrer nofollow', target: '_blank' }
			}
		}),
		TableKit.configure({ table: { resizable: false } }),
		Placeholder.configure({ placeholder: options.placeholder ?? '' }),
		...structuredNodes().map((node) => {
			const view = options.nodeViews?.[node.name];
			return view ? node.extend({ addNodeView: () => view }) : node;
		}),
		PartFieldKeys
	];
}

/** The ProseMirror schema of Trame documents. */
export function editorSchema() {
	return getSchema(editorExtensions());
}
