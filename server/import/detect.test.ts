/** What a file is, from its bytes: every refusal names the problem. */
import { describe, expect, it } from 'vitest';
import { strToU8, zipSync } from 'fflate';
import { archiveFormat, sniff } from './detect';
import { readZip } from './zip-guard';
import { ImportError } from './errors';
import { IMPORT_LIMITS } from './limits';
import {
	encryptedOdt,
	entryFlood,
	garbage,
	legacyDoc,
	linuxExecutable,
	passwordProtected,
	windowsExecutable
} from '../../tests/support/import-files';

function refusal(run: () => unknown): string {
	try {
		run();
	} catch (error) {
		if (error instanceof ImportError) return error.id;
		throw error;
	}
	return 'accepted';
}

const text = (value: string) => new TextEncoder().encode(value);

describe('sniff', () => {
	it.each([
		['vide.docx', new Uint8Array(0), 'empty'],
		['blanc.md', text('   \n  '), 'empty'],
		['protege.docx', passwordProtected(), 'encrypted'],
		['ancien.doc', legacyDoc(), 'legacy_doc'],
		['programme.docx', windowsExecutable(), 'executable'],
		['programme.odt', linuxExecutable(), 'executable'],
		['script.md', text('#!/bin/sh\nrm -rf /'), 'executable'],
		['rapport.pdf', text('%PDF-1.7 ...'), 'pdf'],
		['casse.docx', garbage(), 'corrupt'],
		['court.docx', garbage(20), 'truncated'],
		['binaire.md', Uint8Array.from([0x41, 0, 0x42]), 'not_text'],
		['latin1.md', Uint8Array.from([0x63, 0x61, 0x66, 0xe9]), 'not_text'],
		['tableur.csv', text('a;b;c\n1;2;3'), 'unsupported']
	])('%s → %s', (name, data, expected) => expect(refusal(() => sniff(data, name))).toBe(expected));

	it.each([
		['notes.md', '# Titre', 'markdown'],
		['notes.txt', 'Du texte', 'markdown'],
		['page.html', '<p>x</p>', 'html'],
		['sans-extension', '<!doctype html><p>x</p>', 'html'],
		['sans-extension', 'Du texte', 'markdown']
	])('%s is %s', (name, content, format) =>
		expect(sniff(text(content), name)).toEqual({ kind: 'text', format })
	);
});

describe('archives', () => {
	const docx = () =>
		new Map(
			Object.entries({
				'[Content_Types].xml': strToU8('<Types/>'),
				'word/document.xml': strToU8('<w:document/>')
			})
		);

	it('tells DOCX, ODT and what is neither apart', () => {
		expect(archiveFormat(docx(), 'a.docx')).toBe('docx');
		expect(refusal(() => archiveFormat(docx(), 'a.docm'))).toBe('macro');
		const odt = new Map([['mimetype', strToU8('application/vnd.oasis.opendocument.text')]]);
		expect(archiveFormat(odt, 'a.odt')).toBe('odt');
		expect(
			refusal(() =>
				archiveFormat(new Map([...odt, ['Basic/Standard/Module1.xml', strToU8('x')]]), 'a.odt')
			)
		).toBe('macro');
		expect(
			refusal(() =>
				archiveFormat(
					new Map([['mimetype', strToU8('application/vnd.oasis.opendocument.spreadsheet')]]),
					'a.ods'
				)
			)
		).toBe('spreadsheet');
		expect(refusal(() => archiveFormat(readZip(encryptedOdt(), IMPORT_LIMITS), 'a.odt'))).toBe(
			'encrypted'
		);
		expect(refusal(() => archiveFormat(new Map([['readme.txt', strToU8('x')]]), 'a.zip'))).toBe(
			'unsupported'
		);
	});

	it('unpacks within bounds: a bomb or a flood of entries stops early', () => {
		const bomb = zipSync({ 'word/document.xml': [new Uint8Array(40 * 1024 * 1024), { level: 1 }] });
		const limits = {
			maxUnzippedBytes: 10 * 1024 * 1024,
			maxEntryBytes: 8 * 1024 * 1024,
			maxEntries: 100
		};
		expect(refusal(() => readZip(bomb, limits))).toBe('zip_bomb');
		expect(refusal(() => readZip(entryFlood(200), limits))).toBe('zip_bomb');
		expect(refusal(() => readZip(bomb.subarray(0, bomb.byteLength - 30), limits))).toBe(
			'truncated'
		);
		const fine = readZip(zipSync({ 'a.xml': strToU8('<a/>') }), limits);
		expect(new TextDecoder().decode(fine.get('a.xml'))).toBe('<a/>');
	});
});
