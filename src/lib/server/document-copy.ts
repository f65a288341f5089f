/**
 * Duplicating a document (e.g. reusing another experiment's protocol as a start): the source's
 * binary Yjs state — all its `doc_updates` rows merged — becomes the new document's first row,
 * written with the document record in one batch. Never through HTML or JSON, so nothing of the
 * content (structure, marks, tables) is lost or reinterpreted.
 */
import { ClientResponseError } from 'pocketbase';
import type PocketBase from 'pocketbase';
import * as Y from 'yjs';
import { can } from '../domain/access';
import { extractPlainText } from '../../../server/collab/text-index';
import { DOCUMENT_TITLE_MAX, newRecordId } from './documents';
import { roleIn } from './experiments';
import type { DocumentRecord, ExperimentRecord } from './records';

export type CopyResult =
	{ ok: true; id: string } | { ok: false; error: 'document_title' | 'forbidden' | 'not_found' };

const PAGE = 200;

async function mergedState(admin: PocketBase, documentId: string): Promise<Uint8Array> {
	const updates: Uint8Array[] = [];
	for (let page = 1; ; page++) {
		const result = await admin.collection('doc_updates').getList<{ data: string }>(page, PAGE, {
			filter: admin.filter('document = {:document}', { document: documentId }),
			sort: 'created,id',
			fields: 'data',
			skipTotal: true
		});
		for (const row of result.items) updates.push(new Uint8Array(Buffer.from(row.data, 'base64')));
		if (result.items.length < PAGE) break;
	}
	return Y.mergeUpdates(updates);
}

/**
 * `userPb` is the user's own client: the source must be readable by them (API rules decide);
 * the target experiment must let them edit. `admin` writes the rows (superuser only).
 */
export async function duplicateDocument(
	admin: PocketBase,
	userPb: PocketBase,
	input: { sourceId: string; experimentId: string; userId: string; title: string }
): Promise<CopyResult> {
	const title = input.title.trim();
	if (title === '' || title.length > DOCUMENT_TITLE_MAX)
		return { ok: false, error: 'document_title' };
	let source: DocumentRecord;
	let target: ExperimentRecord;
	try {
		source = await userPb.collection('documents').getOne<DocumentRecord>(input.sourceId);
		target = await userPb.collection('experiments').getOne<ExperimentRecord>(input.experimentId);
	} catch (error) {
		if (error instanceof ClientResponseError && (error.status === 404 || error.status === 403))
			return { ok: false, error: 'not_found' };
		throw error;
	}
	const role = await roleIn(userPb, target.id, input.userId);
	if (!can({ role, archived: target.status === 'archivee' }, 'edit'))
		return { ok: false, error: 'forbidden' };

	const state = await mergedState(admin, source.id);
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
	batch.collection('doc_updates').create({
		document: id,
		data: Buffer.from(state).toString('base64'),
		bytes: state.byteLength,
		compacted: true
	});
	await batch.send();
	return { ok: true, id };
}
