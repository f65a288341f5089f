/**
 * Duplicating a document (e.g. reusing another experiment's protocol as a start): the source's
 * binary Yjs state — all its `doc_updates` rows merged — becomes the new document's first row,
 * written with the document record in one batch. Never through HTML or JSON, so nothing of the
 * content (structure, marks, tables) is lost or reinterpreted.
 */
import { ClientResponseError } from 'pocketbase';
import type { TypedPocketBase } from '../pocketbase/types';
import * as Y from 'yjs';
import { can } from '../domain/access';
import { extractPlainText } from '../../../server/collab/text-index';
import { DOCUMENT_TITLE_MAX, newRecordId } from './documents';
import { experimentRoles } from './members';
import type { DocumentsRecord, ExperimentsRecord } from '../pocketbase/types';
import { stateToProseMirror, storedDocumentState } from './review/doc-state';
import { copyFileRecords } from './files/store';
import { fileKeysOf } from './files/keys';
import { addSnapshotRow } from '../../../server/storage/doc-rows';

export type CopyResult =
	{ ok: true; id: string } | { ok: false; error: 'document_title' | 'forbidden' | 'not_found' };

/**
 * `userPb` is the user's own client: the source must be readable by them (API rules decide);
 * the target experiment must let them edit. `admin` writes the rows (superuser only).
 */
export async function duplicateDocument(
	admin: TypedPocketBase,
	userPb: TypedPocketBase,
	input: { sourceId: string; experimentId: string; userId: string; title: string }
): Promise<CopyResult> {
	const title = input.title.trim();
	if (title === '' || title.length > DOCUMENT_TITLE_MAX)
		return { ok: false, error: 'document_title' };
	let source: DocumentsRecord;
	let target: ExperimentsRecord;
	try {
		source = await userPb.collection('documents').getOne(input.sourceId);
		target = await userPb.collection('experiments').getOne(input.experimentId);
	} catch (error) {
		if (error instanceof ClientResponseError && (error.status === 404 || error.status === 403))
			return { ok: false, error: 'not_found' };
		throw error;
	}
	const roles = await experimentRoles(userPb, target.id, input.userId);
	if (!can({ ...roles, archived: target.status === 'archivee' }, 'edit'))
		return { ok: false, error: 'forbidden' };

	const state = await storedDocumentState(admin, source.id);
	const ydoc = new Y.Doc();
	let searchText = '';
	try {
		Y.applyUpdate(ydoc, state);
		searchText = extractPlainText(ydoc);
	} catch {
		// The copy is still exact; only its search text waits for the first edit.
	} finally {
		ydoc.destroy();
	}
	const id = newRecordId();
	const batch = admin.createBatch();
	batch.collection('documents').create({
		id,
		experiment: target.id,
		kind: source.kind,
		title,
		archived: false,
		schema_version: source.schema_version,
		created_by: input.userId,
		search_text: searchText
	});
	addSnapshotRow(batch, id, state);
	await batch.send();
	// The copy's images and attachments: the same keys, now files of the copy.
	await copyFileRecords(admin, source.id, id, fileKeysOf(stateToProseMirror(state)));
	return { ok: true, id };
}
