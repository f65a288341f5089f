/**
 * One file → an ImportedDocument. Runs inside the converter process (worker.ts), never in the
 * server: the file is identified from its bytes, archives are unpacked within bounds, ODT goes
 * through LibreOffice to DOCX, and everything ends as HTML read through the editor schema.
 */
import { ImportError } from './errors';
import { archiveFormat, sniff } from './detect';
import { readZip } from './zip-guard';
import { docxToHtml } from './docx';
import { markdownToHtml } from './markdown';
import { htmlToProseMirror } from './html-to-prosemirror';
import { IMPORT_LIMITS } from './limits';
import { OfficeError, convertWithOffice } from './office';
import type { ImportedDocument } from '../../src/lib/domain/import/types';

async function fromDocx(
	entries: Map<string, Uint8Array>,
	format: 'docx' | 'odt'
): Promise<ImportedDocument> {
	const { html, comments, trackedChanges, images } = await docxToHtml(entries);
	const body = htmlToProseMirror(html, images);
	return {
		format,
		doc: body.doc,
		title: body.title,
		comments,
		trackedChanges,
		images: body.images,
		footnotes: body.footnotes,
		mergedTables: body.mergedTables
	};
}

export async function convertFile(data: Uint8Array, fileName: string): Promise<ImportedDocument> {
	if (data.byteLength > IMPORT_LIMITS.maxFileBytes) throw new ImportError('too_large');
	const sniffed = sniff(data, fileName);
	if (sniffed.kind === 'text') {
		if (data.byteLength > IMPORT_LIMITS.maxTextBytes) throw new ImportError('too_large', 'text');
		let text: string;
		try {
			text = new TextDecoder('utf-8', { fatal: true }).decode(data);
		} catch {
			throw new ImportError('not_text');
		}
		const html = sniffed.format === 'markdown' ? markdownToHtml(text) : text;
		const body = htmlToProseMirror(html);
		return {
			format: sniffed.format,
			doc: body.doc,
			title: body.title,
			comments: [],
			trackedChanges: [],
			images: body.images,
			footnotes: body.footnotes,
			mergedTables: body.mergedTables
		};
	}
	const entries = readZip(data, IMPORT_LIMITS);
	const format = archiveFormat(entries, fileName);
	if (format === 'docx') return fromDocx(entries, 'docx');
	// ODT: LibreOffice writes it as DOCX (comments, tracked changes and tables included).
	let docx: Uint8Array;
	try {
		[docx] = (await convertWithOffice([{ name: 'odt', data }], 'docx', {
			timeoutMs: IMPORT_LIMITS.odtTimeoutMs - 5_000,
			addressSpaceBytes: IMPORT_LIMITS.officeAddressSpaceBytes
		})) as [Uint8Array];
	} catch (error) {
		if (error instanceof OfficeError) {
			if (error.reason === 'missing') throw new ImportError('converter_missing');
			if (error.reason === 'timeout') throw new ImportError('timeout', 'libreoffice');
			throw new ImportError('corrupt', error.message);
		}
		throw error;
	}
	return fromDocx(readZip(docx, IMPORT_LIMITS), 'odt');
}
