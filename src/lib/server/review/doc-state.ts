/**
 * A document's stored Yjs state, for versions and exports: its `doc_updates` rows merged (the
 * same rows the collaboration server loads), and the ProseMirror JSON of a state through the
 * editor schema. Superuser client only.
 */
import type PocketBase from 'pocketbase';
import * as Y from 'yjs';
import { yXmlFragmentToProseMirrorRootNode } from '@tiptap/y-tiptap';
import type { Schema } from '@tiptap/pm/model';
import { EDITOR_FIELD, editorSchema } from '../../editor/extensions';
import type { ProseMirrorJSON } from '../../domain/templates/protocol';

export async function storedDocumentState(
	admin: PocketBase,
	documentId: string
): Promise<Uint8Array> {
	const rows = await admin.collection('doc_updates').getFullList({
		filter: admin.filter('document = {:document}', { document: documentId }),
		sort: 'created,id',
		fields: 'data'
	});
	const updates = rows.map((row) => new Uint8Array(Buffer.from(String(row.data), 'base64')));
	return updates.length === 0 ? Y.encodeStateAsUpdate(new Y.Doc()) : Y.mergeUpdates(updates);
}

let schema: Schema | null = null;

/** The ProseMirror JSON of a Yjs state (an update or a merged state). */
export function stateToProseMirror(state: Uint8Array): ProseMirrorJSON {
	schema ??= editorSchema();
	const ydoc = new Y.Doc();
	try {
		Y.applyUpdate(ydoc, state);
		const root = yXmlFragmentToProseMirrorRootNode(ydoc.getXmlFragment(EDITOR_FIELD), schema);
		return root.toJSON() as ProseMirrorJSON;
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
