/**
 * The one owner of `doc_updates` rows (superuser only): the collection's name, how a row is
 * written (its body, encoded by the codec, update-codec.ts) and how a document's rows are read
 * back as one state. The collaboration server's store (pocketbase-store.ts) and the app's
 * document creation, copy, versions, exports and proposals all go through here; no other module
 * names the collection or parses `data`.
 */
import type PocketBase from 'pocketbase';
import type { BatchService } from 'pocketbase';
import { encodeRow, mergeRows, ROW_FIELDS } from './update-codec';

export const DOC_UPDATES = 'doc_updates';

/** The body of a new row holding `update` (Yjs v1) for a document. */
export function rowBody(documentId: string, update: Uint8Array, compacted: boolean) {
	return { document: documentId, compacted, ...encodeRow(update) };
}

/**
 * Adds a document's first row — a compacted snapshot of its initial state — to `batch`, so that
 * it is written in the same transaction as the document record itself.
 */
export function addSnapshotRow(batch: BatchService, documentId: string, state: Uint8Array): void {
	batch.collection(DOC_UPDATES).create(rowBody(documentId, state, true));
}

/** Writes one compacted snapshot row on its own (fixtures: a document as an unload leaves it). */
export async function writeSnapshotRow(
	pb: PocketBase,
	documentId: string,
	state: Uint8Array
): Promise<string> {
	const record = await pb.collection(DOC_UPDATES).create(rowBody(documentId, state, true));
	return record.id;
}

/**
 * A document's stored state: every row decoded by the codec and merged into one Yjs v1 update
 * (the same rows the collaboration server loads). An unreadable row throws a `RowDecodeError`
 * naming it.
 */
export async function readDocumentState(pb: PocketBase, documentId: string): Promise<Uint8Array> {
	const rows = await pb.collection(DOC_UPDATES).getFullList({
		filter: pb.filter('document = {:document}', { document: documentId }),
		sort: 'created,id',
		fields: ROW_FIELDS
	});
	return mergeRows(rows);
}
