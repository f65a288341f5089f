/**
 * A real PDF (Chromium through playwright-core, read back with pdf-parse) of a text with pending
 * suggestions asked « avec suggestions »: the proposer's initials follow each change and the
 * legend names them, so a printed page tells who proposed what without colour.
 */
import { describe, expect, it } from 'vitest';
import { PDFParse } from 'pdf-parse';
import { editorSchema } from '../../src/lib/editor/extensions';
import { DELETE_MARK, INSERT_MARK } from '../../src/lib/editor/suggestions/marks';
import type { ProseMirrorJSON } from '../../src/lib/domain/templates/protocol';
import {
	toExportBlocks,
	type ExportLabels,
	type PartLabels
} from '../../src/lib/server/export/model';
import { toPdf } from '../../src/lib/server/export/pdf';
import { pendingAuthors } from '../../src/lib/server/export/suggestion-legend';

const jean = { id: 'c1', author: 'u-jean', authorName: 'Jean Lefèvre', time: 1 };

describe('PDF with the pending suggestions marked', () => {
	it('prints the initials after each change and the legend', async () => {
		const json = editorSchema()
			.nodeFromJSON({
				type: 'doc',
				content: [
					{
						type: 'paragraph',
						content: [
							{ type: 'text', text: 'Le COPIL se réunit ' },
							{ type: 'text', text: 'une', marks: [{ type: DELETE_MARK, attrs: jean }] },
							{ type: 'text', text: 'deux', marks: [{ type: INSERT_MARK, attrs: jean }] },
							{ type: 'text', text: ' fois par an.' }
						]
					}
				]
			})
			.toJSON() as ProseMirrorJSON;
		const blocks = toExportBlocks(json, {} as PartLabels);
		const authors = pendingAuthors(blocks).map((a) => ({ key: a.name, ...a }));
		const pdf = await toPdf(
			{
				title: 'Protocole',
				experiment: 'Assemblée citoyenne',
				territory: 'Val de Brenne',
				versionLabel: 'Texte actuel',
				date: '5 décembre 2026',
				blocks,
				comments: null,
				pending: {
					title: 'Suggestions en attente',
					insert: 'ajout proposé (souligné)',
					delete: 'suppression proposée (barré)',
					authorsLabel: 'Proposées par :',
					authors
				}
			},
			{ locale: 'fr' } as ExportLabels,
			'fr'
		);
		const parser = new PDFParse({ data: Buffer.from(pdf) });
		const { text } = await parser.getText();
		await parser.destroy();
		expect(text).toContain('Suggestions en attente');
		expect(text).toMatch(/\[JL\]\s*Jean Lefèvre/);
		expect(text).toMatch(/une\s*\[JL\]\s*deux\s*\[JL\]\s*fois par an/);
	}, 60_000);
});
