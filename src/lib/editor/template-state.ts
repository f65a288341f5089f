/**
 * Initial Yjs state of a new document, built server-side from ProseMirror JSON when the document
 * is created. Never used to rebuild an existing document: its Yjs history is the source of truth.
 */
import * as Y from 'yjs';
import { prosemirrorJSONToYDoc } from '@tiptap/y-tiptap';
import { EDITOR_FIELD, editorSchema } from './extensions';
import type { ProseMirrorJSON } from '../domain/templates/protocol';

export function createDocumentState(contentJson: ProseMirrorJSON): Uint8Array {
	const schema = editorSchema();
	// Validates the JSON against the schema (throws on unknown nodes or marks).
	schema.nodeFromJSON(contentJson).check();
	const ydoc = prosemirrorJSONToYDoc(schema, contentJson, EDITOR_FIELD);
	try {
		return Y.encodeStateAsUpdate(ydoc);
	} finally {
		ydoc.destroy();
	}
}
