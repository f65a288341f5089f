/**
 * Deletes document files that nothing refers to any more: neither the document's current state
 * nor any of its versions (so restoring a version never finds its images gone). Files younger
 * than `graceMs` are kept: an upload is stored before its node is inserted, and the insertion may
 * still be in the collaboration server's write batch. Deleting a document deletes its files
 * (cascade); this catches images removed from the text. Superuser client; no SvelteKit imports
 * (run by the Node server, see server/pocketbase/collab.ts).
 */
import type PocketBase from 'pocketbase';
import { stateToProseMirror, storedDocumentState } from '../review/doc-state';
import { fileKeysOf } from './keys';

export const FILE_CLEANUP_GRACE_MS = 24 * 60 * 60 * 1000;

async function referencedKeys(admin: PocketBase, documentId: string): Promise<Set<string>> {
	const keys = fileKeysOf(stateToProseMirror(await storedDocumentState(admin, documentId)));
	const versions = await admin.collection('doc_versions').getFullList({
		filter: admin.filter('document = {:document}', { document: documentId }),
		fields: 'id,state'
	});
	for (const version of versions) {
		const state = new Uint8Array(Buffer.from(String(version.state), 'base64'));
		for (const key of fileKeysOf(stateToProseMirror(state))) keys.add(key);
	}
	return keys;
}

/** Returns how many files were deleted. */
export async function cleanupDocumentFiles(
	admin: PocketBase,
	options: { now: Date; graceMs?: number }
): Promise<number> {
	const before = new Date(options.now.getTime() - (options.graceMs ?? FILE_CLEANUP_GRACE_MS));
	const candidates = await admin.collection('document_files').getFullList({
		filter: admin.filter('created < {:before}', {
			before: before.toISOString().replace('T', ' ')
		}),
		fields: 'id,document,key'
	});
	const byDocument = new Map<string, { id: string; key: string }[]>();
	for (const file of candidates) {
		const list = byDocument.get(String(file.document)) ?? [];
		list.push({ id: file.id, key: String(file.key) });
		byDocument.set(String(file.document), list);
	}
	let deleted = 0;
	for (const [documentId, files] of byDocument) {
		const keys = await referencedKeys(admin, documentId);
		for (const file of files) {
			if (keys.has(file.key)) continue;
			await admin.collection('document_files').delete(file.id);
			deleted++;
		}
	}
	return deleted;
}
