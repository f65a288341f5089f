/**
 * A document's stored Yjs state, for versions, exports, copies and proposals (its `doc_updates`
 * rows, read by server/storage/doc-rows.ts), and the ProseMirror JSON of a state through the
 * editor schema. Superuser client only.
 */
import type PocketBase from 'pocketbase';
import * as Y from 'yjs';
import { yXmlFragmentToProseMirrorRootNode } from '@tiptap/y-tiptap';
import type { Schema } from '@tiptap/pm/model';
import { EDITOR_FIELD, editorSchema } from '../../editor/extensions';
import type { ProseMirrorJSON } from '../../domain/templates/protocol';
import { withoutLegacyPrompts } from '../../domain/templates/placeholders';
import { readDocumentState } from '../../../../server/storage/doc-rows';

/** Read by the one owner of `doc_updates` rows; an unreadable row throws a RowDecodeError. */
export function storedDocumentState(admin: PocketBase, documentId: string): Promise<Uint8Array> {
	return readDocumentState(admin, documentId);
}

let schema: Schema | null = null;

/**
 * The ProseMirror JSON of a Yjs state (an update or a merged state). Template prompts still stored
 * as text by documents or versions older than placeholders are left out: readers never see them.
 */
export function stateToProseMirror(state: Uint8Array): ProseMirrorJSON {
	schema ??= editorSchema();
	const ydoc = new Y.Doc();
	try {
		Y.applyUpdate(ydoc, state);
		const root = yXmlFragmentToProseMirrorRootNode(ydoc.getXmlFragment(EDITOR_FIELD), schema);
		return withoutLegacyPrompts(root.toJSON() as ProseMirrorJSON);
	} finally {
		ydoc.destroy();
	}
}

/** Plain text of ProseMirror JSON, one line per block (for diffs). */
export function proseMirrorText(json: ProseMirrorJSON): string {
	schema ??= editorSchema();
	const node = schema.nodeFromJSON(json);
	return node.textBetween(0, node.content.size, '\n', ' ');
}
