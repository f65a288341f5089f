/**
 * Document files in the real PocketBase: an upload is stored with its resized variants, a copy of
 * the document gets the files its text refers to (same keys), the cleanup keeps files referenced by
 * the text or a version and deletes the others, and deleting a document deletes its files.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import sharp from 'sharp';
import * as Y from 'yjs';
import { prosemirrorJSONToYDoc } from '@tiptap/y-tiptap';
import { startTestPocketBase, type TestPocketBase } from '../support/pocketbase';
import { EDITOR_FIELD, editorSchema } from '../../src/lib/editor/extensions';
import { EDITOR_SCHEMA_VERSION } from '../../src/lib/editor/schema-version';
import { encodeRow } from '../../server/storage/update-codec';
import {
	copyFileRecords,
	fetchStoredFile,
	fileRecord,
	pickVariant,
	storeUpload
} from '../../src/lib/server/files/store';
import { cleanupDocumentFiles } from '../../src/lib/server/files/cleanup';
import { FileRejected } from '../../src/lib/server/files/inspect';

let pb: TestPocketBase;
let userId: string;
let experimentId: string;

const png = async (width: number) =>
	new File(
		[
			new Uint8Array(
				await sharp({ create: { width, height: width / 2, channels: 3, background: '#1f4e79' } })
					.png()
					.toBuffer()
			)
		],
		'plan.png',
		{ type: 'image/png' }
	);

/** A document whose text shows the image `key` (or nothing). */
async function documentShowing(keys: string[]): Promise<string> {
	const content = {
		type: 'doc',
		content: [
			{ type: 'paragraph', content: [{ type: 'text', text: 'Texte' }] },
			...keys.map((file) => ({ type: 'image', attrs: { file, alt: 'Plan', width: 0, height: 0 } }))
		]
	};
	const state = Y.encodeStateAsUpdate(prosemirrorJSONToYDoc(editorSchema(), content, EDITOR_FIELD));
	const doc = await pb.admin.collection('documents').create({
		experiment: experimentId,
		kind: 'libre',
		title: 'Document illustré',
		archived: false,
		schema_version: EDITOR_SCHEMA_VERSION,
		created_by: userId
	});
	await pb.admin
		.collection('doc_updates')
		.create({ document: doc.id, compacted: true, ...encodeRow(state) });
	return doc.id;
}

async function setState(documentId: string, keys: string[]) {
	const rows = await pb.admin.collection('doc_updates').getFullList({
		filter: pb.admin.filter('document = {:d}', { d: documentId })
	});
	for (const row of rows) await pb.admin.collection('doc_updates').delete(row.id);
	const content = {
		type: 'doc',
		content: keys.length
			? keys.map((file) => ({ type: 'image', attrs: { file, alt: '', width: 0, height: 0 } }))
			: [{ type: 'paragraph' }]
	};
	const state = Y.encodeStateAsUpdate(prosemirrorJSONToYDoc(editorSchema(), content, EDITOR_FIELD));
	await pb.admin
		.collection('doc_updates')
		.create({ document: documentId, compacted: true, ...encodeRow(state) });
	return state;
}

beforeAll(async () => {
	pb = await startTestPocketBase();
	const user = await pb.createUser({
		email: 'files@trame.test',
		password: 'files-password-1',
		name: 'Fichiers'
	});
	userId = user.id;
	experimentId = (await pb.createExperiment(userId, { title: 'Expérimentation illustrée' })).id;
});

afterAll(async () => {
	await pb?.stop();
});

describe('document files', () => {
	it('stores an upload with its variants and refuses a disguised file', async () => {
		const documentId = await documentShowing([]);
		const stored = await storeUpload(pb.admin, { documentId, userId, file: await png(2000) });
		expect(stored).toMatchObject({ kind: 'image', mime: 'image/png', width: 2000, height: 1000 });
		const record = (await fileRecord(pb.admin, documentId, stored.key))!;
		expect(record.variant_widths).toEqual([480, 960, 1600]);
		const variant = pickVariant(record, 900);
		expect(variant.mime).toBe('image/webp');
		const response = await fetchStoredFile(pb.admin, record, variant.filename);
		const meta = await sharp(new Uint8Array(await response.arrayBuffer())).metadata();
		expect(meta.width).toBe(960);
		// Protected: no file without the superuser's token.
		const direct = await fetch(pb.admin.files.getURL(record, record.original));
		expect(direct.status).not.toBe(200);

		const pdfAsPng = new File([new TextEncoder().encode('%PDF-1.4\n%%EOF\n')], 'x.png');
		await expect(storeUpload(pb.admin, { documentId, userId, file: pdfAsPng })).rejects.toEqual(
			new FileRejected('file_disguised')
		);
	});

	it('copies the files a copy refers to, under the same keys', async () => {
		const source = await documentShowing([]);
		const kept = await storeUpload(pb.admin, { documentId: source, userId, file: await png(600) });
		const other = await storeUpload(pb.admin, { documentId: source, userId, file: await png(600) });
		const copy = await documentShowing([kept.key]);
		expect(await copyFileRecords(pb.admin, source, copy, new Set([kept.key]))).toBe(1);
		expect(await fileRecord(pb.admin, copy, kept.key)).not.toBeNull();
		expect(await fileRecord(pb.admin, copy, other.key)).toBeNull();
	});

	it('cleans up files nothing refers to, keeps those of the text and of versions', async () => {
		const documentId = await documentShowing([]);
		const [inText, inVersion, orphan] = await Promise.all(
			[0, 1, 2].map(async () => storeUpload(pb.admin, { documentId, userId, file: await png(400) }))
		);
		const versionState = await setState(documentId, [inVersion!.key]);
		await pb.admin.collection('doc_versions').create({
			document: documentId,
			kind: 'named',
			name: 'Avec le plan',
			state: Buffer.from(versionState).toString('base64'),
			bytes: versionState.byteLength
		});
		await setState(documentId, [inText!.key]);
		// Within the grace period, nothing goes (an upload may not be inserted yet).
		expect(await cleanupDocumentFiles(pb.admin, { now: new Date() })).toBe(0);
		const later = new Date(Date.now() + 25 * 60 * 60 * 1000);
		expect(await cleanupDocumentFiles(pb.admin, { now: later })).toBeGreaterThanOrEqual(1);
		expect(await fileRecord(pb.admin, documentId, inText!.key)).not.toBeNull();
		expect(await fileRecord(pb.admin, documentId, inVersion!.key)).not.toBeNull();
		expect(await fileRecord(pb.admin, documentId, orphan!.key)).toBeNull();
	});

	it('deleting a document deletes its files', async () => {
		const documentId = await documentShowing([]);
		const stored = await storeUpload(pb.admin, { documentId, userId, file: await png(400) });
		await pb.admin.collection('documents').delete(documentId);
		const left = await pb.admin.collection('document_files').getFullList({
			filter: pb.admin.filter('key = {:key}', { key: stored.key })
		});
		expect(left).toEqual([]);
	});
});
