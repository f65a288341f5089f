/**
 * What a file really is, from its bytes (the name only breaks ties between text formats): a
 * renamed executable or a password-protected Word file is named for what it is.
 */
import { ImportError } from './errors';
import type { ImportFormat } from '../../src/lib/domain/import/types';

export type Sniffed = { kind: 'zip' } | { kind: 'text'; format: 'markdown' | 'html' };

const startsWith = (data: Uint8Array, bytes: readonly number[]) =>
	bytes.every((byte, i) => data[i] === byte);

const OLE = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];
const EXECUTABLES: readonly (readonly number[])[] = [
	[0x4d, 0x5a], // MZ: Windows PE
	[0x7f, 0x45, 0x4c, 0x46], // ELF
	[0xfe, 0xed, 0xfa, 0xce],
	[0xfe, 0xed, 0xfa, 0xcf],
	[0xcf, 0xfa, 0xed, 0xfe],
	[0xce, 0xfa, 0xed, 0xfe],
	[0xca, 0xfe, 0xba, 0xbe], // Mach-O
	[0x23, 0x21] // #! script
];

function containsUtf16(data: Uint8Array, text: string): boolean {
	const needle = Buffer.from(text, 'utf16le');
	return Buffer.from(data.buffer, data.byteOffset, data.byteLength).includes(needle);
}

function extension(name: string): string {
	const match = /\.([a-z0-9]{1,10})$/i.exec(name.trim());
	return match ? match[1]!.toLowerCase() : '';
}

/** Classifies the bytes; throws an ImportError naming what the file is when it cannot be read. */
export function sniff(data: Uint8Array, fileName: string): Sniffed {
	if (data.byteLength === 0) throw new ImportError('empty');
	if (startsWith(data, [0x50, 0x4b, 0x03, 0x04]) || startsWith(data, [0x50, 0x4b, 0x05, 0x06]))
		return { kind: 'zip' };
	if (startsWith(data, OLE)) {
		// Office encrypts a password-protected DOCX into an OLE file holding "EncryptedPackage".
		if (containsUtf16(data, 'EncryptedPackage')) throw new ImportError('encrypted', 'ole');
		throw new ImportError('legacy_doc');
	}
	if (EXECUTABLES.some((magic) => startsWith(data, magic))) throw new ImportError('executable');
	if (startsWith(data, [0x25, 0x50, 0x44, 0x46])) throw new ImportError('pdf');
	const ext = extension(fileName);
	if (['docx', 'docm', 'odt', 'ott', 'dotx'].includes(ext)) {
		// Named like a word-processor file but not an archive: cut short or something else.
		throw new ImportError(data.byteLength < 64 ? 'truncated' : 'corrupt', 'not a zip');
	}
	const head = data.subarray(0, 64 * 1024);
	if (head.includes(0)) throw new ImportError('not_text');
	let text: string;
	try {
		text = new TextDecoder('utf-8', { fatal: true }).decode(head);
	} catch {
		// Only the head is decoded: a multi-byte character cut at 64 KiB is not an error.
		if (data.byteLength <= head.byteLength) throw new ImportError('not_text');
		text = new TextDecoder('utf-8').decode(head);
	}
	if (text.trim() === '') throw new ImportError('empty');
	if (['html', 'htm', 'xhtml'].includes(ext)) return { kind: 'text', format: 'html' };
	if (['md', 'markdown', 'txt', 'text', 'mdown', 'mkd'].includes(ext))
		return { kind: 'text', format: 'markdown' };
	if (/^\s*(<!doctype html|<html[\s>])/i.test(text)) return { kind: 'text', format: 'html' };
	if (ext === '' || /^\s*#|\n#{1,6} /.test(text)) return { kind: 'text', format: 'markdown' };
	throw new ImportError('unsupported', ext);
}

/** Which word-processor format a verified archive holds. */
export function archiveFormat(
	entries: ReadonlyMap<string, Uint8Array>,
	fileName: string
): Extract<ImportFormat, 'docx' | 'odt'> {
	const text = (name: string) => {
		const bytes = entries.get(name);
		return bytes ? new TextDecoder().decode(bytes) : null;
	};
	const mimetype = text('mimetype')?.trim();
	if (mimetype !== undefined && mimetype !== null) {
		const manifest = text('META-INF/manifest.xml') ?? '';
		if (manifest.includes('encryption-data')) throw new ImportError('encrypted', 'odf');
		if (mimetype === 'application/vnd.oasis.opendocument.text') {
			if ([...entries.keys()].some((name) => /^(Basic|Scripts)\//.test(name)))
				throw new ImportError('macro', 'odf');
			return 'odt';
		}
		if (mimetype.includes('spreadsheet')) throw new ImportError('spreadsheet');
		throw new ImportError('unsupported', mimetype);
	}
	const types = text('[Content_Types].xml');
	if (types !== null) {
		if (
			/macroEnabled/i.test(types) ||
			entries.has('word/vbaProject.bin') ||
			extension(fileName) === 'docm'
		)
			throw new ImportError('macro', 'ooxml');
		if (entries.has('word/document.xml')) return 'docx';
		if (entries.has('xl/workbook.xml')) throw new ImportError('spreadsheet');
	}
	throw new ImportError('unsupported', 'zip');
}
