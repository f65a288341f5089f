/**
 * DOCX with the pending suggestions as Word tracked changes: a DOCX parser (unzip, then the XML
 * of word/document.xml) finds w:ins and w:del with their author and date; the clean export (the
 * default) has neither and leaves the proposed insertion out.
 */
import { describe, expect, it } from 'vitest';
import { unzipSync, strFromU8 } from 'fflate';
import { DOMParser } from '@xmldom/xmldom';
import { editorSchema } from '../../editor/extensions';
import { DELETE_MARK, INSERT_MARK } from '../../editor/suggestions/marks';
import { withoutPendingChanges } from '../../editor/suggestions/clean';
import type { ProseMirrorJSON } from '../../domain/templates/protocol';
import { toExportBlocks, type ExportLabels, type PartLabels } from './model';
import { toDocx } from './docx';

const lea = {
	id: 'c1',
	author: 'u-lea',
	authorName: 'Léa Martin',
	time: Date.UTC(2027, 2, 1, 9, 30)
};
const CONTENT = {
	type: 'doc',
	content: [
		{
			type: 'paragraph',
			content: [
				{ type: 'text', text: 'Budget ' },
				{ type: 'text', text: '2026', marks: [{ type: DELETE_MARK, attrs: lea }] },
				{ type: 'text', text: '2027', marks: [{ type: INSERT_MARK, attrs: lea }] }
			]
		}
	]
};

const LABELS = {
	experiment: 'Expérimentation',
	territory: 'Territoire',
	version: 'Version',
	date: 'Date',
	comments: 'Commentaires ouverts',
	suggestion: 'Suggestion'
} as ExportLabels;

async function documentXml(json: ProseMirrorJSON) {
	const blocks = toExportBlocks(json, {} as PartLabels);
	const bytes = await toDocx(
		{
			title: 'Protocole',
			experiment: 'X',
			territory: 'Y',
			versionLabel: 'V',
			date: 'D',
			blocks,
			comments: []
		},
		LABELS
	);
	const xml = strFromU8(unzipSync(bytes)['word/document.xml']!);
	return new DOMParser().parseFromString(xml, 'text/xml');
}

const json = () => editorSchema().nodeFromJSON(CONTENT).toJSON() as ProseMirrorJSON;

describe('DOCX export of pending suggestions', () => {
	it('writes them as Word tracked changes with author and date', async () => {
		const doc = await documentXml(json());
		const ins = doc.getElementsByTagName('w:ins');
		const del = doc.getElementsByTagName('w:del');
		expect(ins.length).toBe(1);
		expect(del.length).toBe(1);
		expect(ins[0]!.getAttribute('w:author')).toBe('Léa Martin');
		expect(del[0]!.getAttribute('w:author')).toBe('Léa Martin');
		expect(ins[0]!.getAttribute('w:date')).toBe('2027-03-01T09:30:00Z');
		expect(ins[0]!.textContent).toBe('2027');
		expect(del[0]!.getElementsByTagName('w:delText')[0]!.textContent).toBe('2026');
		expect(ins[0]!.getAttribute('w:id')).not.toBe(del[0]!.getAttribute('w:id'));
	});

	it('by default exports the accepted text only', async () => {
		const doc = await documentXml(withoutPendingChanges(json()));
		expect(doc.getElementsByTagName('w:ins').length).toBe(0);
		expect(doc.getElementsByTagName('w:del').length).toBe(0);
		const text = doc.getElementsByTagName('w:body')[0]!.textContent;
		expect(text).toContain('Budget 2026');
		expect(text).not.toContain('2027');
	});
});
