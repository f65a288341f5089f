/**
 * The files of documents in PocketBase (`document_files`, superuser only): storing an upload after
 * inspection, reading one back for a reader, the keys a document state refers to, copying a
 * document's files to its copy. Access is decided by the callers (routes) before any read.
 */
import type PocketBase from 'pocketbase';
import { randomInt } from 'node:crypto';
import { checkUpload, cleanFileName, type MediaKind } from '../../domain/files';
import type { DocumentFilesRecord } from '../../pocketbase/types';
import { detectType, FileRejected, prepareImage } from './inspect';

const ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';
const newKey = () => Array.from({ length: 15 }, () => ALPHABET[randomInt(36)]).join('');

export interface StoredFile {
	key: string;
	kind: MediaKind;
	name: string;
	mime: string;
	size: number;
	width: number;
	height: number;
}

/** Checks an upload (type by its bytes, size, image decoding) and stores it under a new key. */
export async function storeUpload(
	admin: PocketBase,
	input: { documentId: string; userId: string; file: File }
): Promise<StoredFile> {
	const name = cleanFileName(input.file.name);
	const bytes = new Uint8Array(await input.file.arrayBuffer()) as Uint8Array<ArrayBuffer>;
	const detected = bytes.byteLength ? await detectType(bytes, name) : null;
	const check = checkUpload({ name, size: bytes.byteLength, detected });
	if (!check.ok) throw new FileRejected(check.error);
	const image = check.kind === 'image' ? await prepareImage(bytes, check.mime) : null;
	const key = newKey();
	const form = new FormData();
	form.append('document', input.documentId);
	form.append('key', key);
	form.append('kind', check.kind);
	form.append('name', name);
	form.append('mime', check.mime);
	form.append('size', String(bytes.byteLength));
	form.append('width', String(image?.width ?? 0));
	form.append('height', String(image?.height ?? 0));
	form.append('created_by', input.userId);
	form.append('original', new File([bytes], name, { type: check.mime }));
	for (const variant of image?.variants ?? [])
		form.append(
			'variants',
			new File([variant.data as Uint8Array<ArrayBuffer>], `w${variant.width}.webp`, {
				type: 'image/webp'
			})
		);
	form.append('variant_widths', JSON.stringify(image?.variants.map((v) => v.width) ?? []));
	await admin.collection('document_files').create(form);
	return {
		key,
		kind: check.kind,
		name,
		mime: check.mime,
		size: bytes.byteLength,
		width: image?.width ?? 0,
		height: image?.height ?? 0
	};
}

export async function fileRecord(
	admin: PocketBase,
	documentId: string,
	key: string
): Promise<DocumentFilesRecord | null> {
	if (!/^[a-z0-9]{15}$/.test(key)) return null;
	return admin
		.collection('document_files')
		.getFirstListItem<DocumentFilesRecord>(
			admin.filter('document = {:document} && key = {:key}', { document: documentId, key })
		)
		.catch(() => null);
}

/** Which stored file answers a request for `width` pixels: the narrowest variant that is wide enough. */
export function pickVariant(
	record: Pick<DocumentFilesRecord, 'variants' | 'variant_widths' | 'original' | 'mime'>,
	width: number | null
): { filename: string; mime: string } {
	const widths = Array.isArray(record.variant_widths) ? (record.variant_widths as number[]) : [];
	const variants = record.variants ?? [];
	const rasterOnly = record.mime === 'image/svg+xml';
	if (width !== null || rasterOnly) {
		const wanted = width ?? Number.MAX_SAFE_INTEGER;
		let index = widths.findIndex((w) => w >= wanted);
		if (index < 0 && rasterOnly) index = widths.length - 1;
		if (index >= 0 && variants[index]) return { filename: variants[index]!, mime: 'image/webp' };
	}
	return { filename: record.original, mime: record.mime };
}

/** Fetches a stored file's bytes (superuser, with a file token: the fields are protected). */
export async function fetchStoredFile(
	admin: PocketBase,
	record: DocumentFilesRecord,
	filename: string
): Promise<Response> {
	const token = await admin.files.getToken();
	const url = admin.files.getURL(record, filename, { token });
	return fetch(url);
}

/**
 * Gives a copy of a document the files its state refers to, under the same keys (the copied Yjs
 * state is never rewritten), in one batch with the caller's other writes.
 */
export async function copyFileRecords(
	admin: PocketBase,
	fromDocumentId: string,
	toDocumentId: string,
	keys: ReadonlySet<string>
): Promise<number> {
	if (keys.size === 0) return 0;
	const records = await admin.collection('document_files').getFullList<DocumentFilesRecord>({
		filter: admin.filter('document = {:document}', { document: fromDocumentId })
	});
	let copied = 0;
	for (const record of records.filter((r) => keys.has(r.key))) {
		const form = new FormData();
		for (const field of ['key', 'kind', 'name', 'mime', 'size', 'width', 'height'] as const)
			form.append(field, String(record[field] ?? ''));
		form.append('document', toDocumentId);
		form.append('created_by', record.created_by ?? '');
		form.append('variant_widths', JSON.stringify(record.variant_widths ?? []));
		const original = await fetchStoredFile(admin, record, record.original);
		form.append(
			'original',
			new File([await original.arrayBuffer()], record.name, { type: record.mime })
		);
		for (const filename of record.variants ?? []) {
			const variant = await fetchStoredFile(admin, record, filename);
			form.append(
				'variants',
				new File([await variant.arrayBuffer()], filename, { type: 'image/webp' })
			);
		}
		await admin.collection('document_files').create(form);
		copied++;
	}
	return copied;
}
