/**
 * Import → export → import gives back the same document for the supported subset: text,
 * headings, lists, tables and structured rows (budget with its total, calendar, indicators,
 * COPIL, enjeux), through DOCX, ODT (LibreOffice) and Markdown — the real export renderers and
 * the real sandboxed converter. A second round changes nothing either.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { createImportConverter } from '../../server/import/runner';
import { officeAvailable } from '../../server/import/office';
import { mergeIntoTemplate, plainText } from '../../src/lib/domain/import/template-merge';
import { protocolTemplate, type ProseMirrorJSON } from '../../src/lib/domain/templates/protocol';
import { importedDocumentState } from '../../src/lib/editor/import-state';
import { exportLabels, partLabels } from '../../src/lib/server/export/service';
import { toExportBlocks, type ExportDocument } from '../../src/lib/server/export/model';
import { toDocx } from '../../src/lib/server/export/docx';
import { docxToOdt } from '../../src/lib/server/export/odt';
import { toMarkdown } from '../../src/lib/server/export/markdown';
import { wordProtocol } from '../support/import-corpus';

const converter = createImportConverter();

async function importFile(data: Uint8Array, name: string): Promise<ProseMirrorJSON> {
	const { document } = await converter.convert(data, name);
	const merged = mergeIntoTemplate(
		protocolTemplate('fr', document.title),
		document.doc,
		'protocole'
	);
	return importedDocumentState(merged.doc).doc;
}

function exported(doc: ProseMirrorJSON): ExportDocument {
	const title = plainText(doc.content![0]!);
	return {
		title,
		experiment: 'Assemblée citoyenne',
		territory: 'Saint-Affrique — Intercommunalité',
		versionLabel: 'Texte courant',
		date: '12 mars 2027',
		blocks: toExportBlocks(doc, partLabels(), { title }),
		comments: null
	};
}

async function asFile(doc: ProseMirrorJSON, format: 'docx' | 'odt' | 'md'): Promise<Uint8Array> {
	const file = exported(doc);
	if (format === 'md') return new TextEncoder().encode(toMarkdown(file, exportLabels()));
	const docx = await toDocx(file, exportLabels());
	if (format === 'docx') return docx;
	const odt = await docxToOdt(docx);
	if (!odt) throw new Error('LibreOffice is missing');
	return odt;
}

/** What must survive: block types, heading levels, texts, list nesting, table cells, part rows. */
function signature(node: ProseMirrorJSON): unknown {
	switch (node.type) {
		case 'doc':
			return (node.content ?? []).map(signature);
		case 'heading':
			return `h${node.attrs?.level}:${plainText(node)}`;
		case 'paragraph':
			return `p:${plainText(node)}`;
		case 'bulletList':
		case 'orderedList':
			return {
				[node.type]: (node.content ?? []).map((item) => (item.content ?? []).map(signature))
			};
		case 'table':
			return { table: (node.content ?? []).map((row) => (row.content ?? []).map(plainText)) };
		default:
			return {
				[node.type]: (node.content ?? []).map((row) => [
					...(row.attrs?.enjeu !== undefined ? [`enjeu=${row.attrs.enjeu}`] : []),
					...(row.content ?? []).map(plainText)
				])
			};
	}
}

const field = (name: string, text: string) => ({
	type: 'partField',
	attrs: { name },
	content: [{ type: 'text', text }]
});

/** The imported protocol with the rows people add in Trame (enjeux, COPIL). */
function withTrameRows(doc: ProseMirrorJSON): ProseMirrorJSON {
	return {
		...doc,
		content: doc.content!.map((node) => {
			if (node.type === 'enjeuxPart')
				return {
					type: 'enjeuxPart',
					content: [
						{
							type: 'enjeuChoice',
							attrs: { enjeu: 'diversification' },
							content: [field('why', 'Aller vers les jeunes')]
						},
						{
							type: 'enjeuChoice',
							attrs: { enjeu: 'pouvoir_agir' },
							content: [field('why', 'Des habitants qui décident')]
						}
					]
				};
			if (node.type === 'copilPart')
				return {
					type: 'copilPart',
					content: [
						{
							type: 'copilSeat',
							content: [
								field('name', 'Hélène Dubois'),
								field('organisation', 'Mairie'),
								field('college', 'élue')
							]
						}
					]
				};
			return node;
		})
	};
}

let source: ProseMirrorJSON;

beforeAll(async () => {
	if (!officeAvailable())
		throw new Error('LibreOffice (soffice) is missing: apt-get install libreoffice-writer-nogui');
	source = withTrameRows(await importFile(await wordProtocol(), 'protocole.docx'));
}, 120_000);

describe('round trip import → export → import', () => {
	it.each(['docx', 'odt', 'md'] as const)(
		'is stable through %s',
		async (format) => {
			const once = await importFile(await asFile(source, format), `export.${format}`);
			expect(signature(once)).toEqual(signature(source));
			// Structured rows really are rows again (not tables), the budget total left to Trame.
			const budget = once.content!.find((n) => n.type === 'budgetPart')!;
			expect(budget.content).toHaveLength(3);
			const twice = await importFile(await asFile(once, format), `again.${format}`);
			expect(signature(twice)).toEqual(signature(once));
		},
		180_000
	);
});
