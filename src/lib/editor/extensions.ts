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
import { TaskItem, TaskList } from '@tiptap/extension-list';
import { isAllowedLinkUrl } from './link-url';
import { LocalAutolinkOnly } from './local-link';
import { PartFieldKeys, structuredNodes } from './structured/nodes';
import { DocumentImage, FileAttachment, type MediaOptions } from './media/nodes';
import { SectionPlaceholders } from './section-placeholders';
import { SuggestionDelete, SuggestionInsert } from './suggestions/marks';
import type { TemplatePrompt } from '../domain/templates/placeholders';

/** Name of the Y.XmlFragment holding the document in the Y.Doc (Collaboration's `field`). */
export const EDITOR_FIELD = 'default';

export const HEADING_LEVELS = [1, 2, 3] as const;
export type HeadingLevel = (typeof HEADING_LEVELS)[number];

export interface EditorExtensionOptions {
	/** Placeholders of empty paragraphs: the template's guidance and a generic line (browser). */
	placeholders?: { prompts: readonly TemplatePrompt[]; generic: string };
	/** Node views by node name (browser only: they build DOM). */
	nodeViews?: Readonly<Record<string, NodeViewRenderer>>;
	/** URLs of the document's files (images, attachments). */
	fileUrl?: MediaOptions['fileUrl'];
}

export function editorExtensions(options: EditorExtensionOptions = {}): AnyExtension[] {
	const media = { fileUrl: options.fileUrl ?? (() => '') };
	return [
		StarterKit.configure({
			// Collaboration brings its own (Yjs) undo manager.
			undoRedo: false,
			heading: { levels: [...HEADING_LEVELS] },
			link: {
				openOnClick: false,
				autolink: true,
				defaultProtocol: 'https',
				// No `protocols`: http, https and mailto are linkify's own schemes, and registering
				// them again when the editor's `create` fires warns once the document came first.
				isAllowedUri: (url) => isAllowedLinkUrl(url),
				HTMLAttributes: { rel: 'noopener noreferrer nofollow', target: '_blank' }
			}
		}),
		LocalAutolinkOnly,
		TableKit.configure({ table: { resizable: false } }),
		TaskList,
		TaskItem.configure({ nested: true }),
		...[...structuredNodes(), DocumentImage.configure(media), FileAttachment.configure(media)].map(
			(node) => {
				const view = options.nodeViews?.[node.name];
				return view ? node.extend({ addNodeView: () => view }) : node;
			}
		),
		PartFieldKeys,
		SuggestionInsert,
		SuggestionDelete,
		...(options.placeholders ? [SectionPlaceholders.configure(options.placeholders)] : [])
	];
}

/** The ProseMirror schema of Trame documents. */
export function editorSchema() {
	return getSchema(editorExtensions());
}
