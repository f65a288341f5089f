/**
 * Exports from a document built through the real editor schema: the block model, Markdown, and a
 * DOCX parsed back with mammoth (headings, lists, tables, a budget line, the title page).
 */
import { describe, expect, it } from 'vitest';
import mammoth from 'mammoth';
import { editorSchema } from '../../editor/extensions';
import type { ProseMirrorJSON } from '../../domain/templates/protocol';
import { toExportBlocks, type ExportDocument, type PartLabels } from './model';
import { escapeMarkdown, toMarkdown } from './markdown';
import { toDocx } from './docx';

const text = (t: string, marks?: { type: string; attrs?: Record<string, unknown> }[]) => ({
	type: 'text',
	text: t,
	...(marks ? { marks } : {})
});
const field = (name: string, value: string) => ({
	type: 'partField',
	attrs: { name },
	content: value ? [text(value)] : []
});

const CONTENT: ProseMirrorJSON = {
	type: 'doc',
	content: [
		{ type: 'heading', attrs: { level: 1 }, content: [text('Protocole du Val de Brenne')] },
		{ type: 'heading', attrs: { level: 2 }, content: [text('Moyens et budget')] },
		{
			type: 'paragraph',
			content: [
				text('Voir '),
				text('le site', [{ type: 'link', attrs: { href: 'https://example.org/a' } }]),
				text(' et '),
				text('pas ça', [{ type: 'link', attrs: { href: 'javascript:alert(1)' } }]),
				text(' *important*', [{ type: 'bold' }])
			]
		},
		{
			type: 'bulletList',
			content: [
				{ type: 'listItem', content: [{ type: 'paragraph', content: [text('Premier point')] }] },
				{ type: 'listItem', content: [{ type: 'paragraph', content: [text('Second point')] }] }
			]
		},
		{
			type: 'budgetPart',
			content: [
				{
					type: 'budgetLine',
					content: [
						field('item', 'Indemnisation des citoyens'),
						field('amount', '12 000'),
						field('funder', 'Région')
					]
				}
			]
		},
		{
			type: 'table',
			content: [
				{
					type: 'tableRow',
					content: [
						{ type: 'tableHeader', content: [{ type: 'paragraph', content: [text('Phase')] }] },
						{ type: 'tableHeader', content: [{ type: 'paragraph', content: [text('Date')] }] }
					]
				},
				{
					type: 'tableRow',
					content: [
						{ type: 'tableCell', content: [{ type: 'paragraph', content: [text('Tirage')] }] },
						{ type: 'tableCell', content: [{ type: 'paragraph', content: [text('mars')] }] }
					]
				}
			]
		}
	]
};

const PARTS: PartLabels = {
	partTitle: (kind) => `Partie ${kind}`,
	fieldLabel: (kind, f) => `${kind}.${f}`,
	enjeuLabel: (v) => v,
	enjeuColumn: 'Enjeu',
	total: 'Total',
	formatAmount: (cents) => `${(cents / 100).toFixed(2).replace('.', ',')} €`,
	unreadableLines: (n) => `${n} illisible(s)`,
	invalidDate: '(date invalide)',
	invalidAmount: '(montant illisible)'
};

const LABELS = {
	experiment: 'Expérimentation',
	territory: 'Territoire',
	version: 'Version',
	date: 'Date',
	comments: 'Commentaires ouverts',
	suggestion: 'Suggestion'
};

function exportDoc(): ExportDocument {
	// The fixture must be a valid document of the editor schema.
	const json = editorSchema().nodeFromJSON(CONTENT).toJSON() as ProseMirrorJSON;
	return {
		title: 'Protocole du Val de Brenne',
		experiment: 'Assemblée citoyenne',
		territory: 'Val de Brenne — Intercommunalité',
		versionLabel: 'Version soumise au COPIL',
		date: '12 mars 2027',
		blocks: toExportBlocks(json, PARTS),
		comments: [
			{
				quote: 'Moyens',
				kind: 'suggestion',
				replacement: 'Moyens humains',
				messages: [{ author: 'Jean', date: '1 mars', body: 'Précisez <b>' }]
			}
		]
	};
}

describe('export model', () => {
	it('keeps headings, safe links, lists, structured parts and tables', () => {
		const blocks = exportDoc().blocks;
		expect(blocks.map((b) => b.type)).toEqual([
			'heading',
			'heading',
			'paragraph',
			'list',
			'table',
			'table'
		]);
		const paragraph = blocks[2]!;
		expect(paragraph.type === 'paragraph' && paragraph.inlines.map((i) => i.href ?? null)).toEqual([
			null,
			'https://example.org/a',
			null,
			null,
			null
		]);
		expect(blocks[4]).toEqual({
			type: 'table',
			title: 'Partie budget',
			header: ['budget.item', 'budget.amount', 'budget.funder'],
			rows: [['Indemnisation des citoyens', '12 000', 'Région']],
			footer: ['Total', '12000,00 €', '']
		});
		expect(blocks[5]).toMatchObject({ header: ['Phase', 'Date'], rows: [['Tirage', 'mars']] });
	});

	it('gives an empty structured part its declared columns, and DOCX accepts it', async () => {
		const blocks = toExportBlocks(
			{ type: 'doc', content: [{ type: 'budgetPart', content: [] }] },
			PARTS
		);
		expect(blocks).toEqual([
			{
				type: 'table',
				title: 'Partie budget',
				header: ['budget.item', 'budget.amount', 'budget.funder'],
				rows: [],
				footer: null
			}
		]);
		const bytes = await toDocx(
			{
				...exportDoc(),
				blocks: [...blocks, { type: 'table', title: 'x', header: null, rows: [] }]
			},
			LABELS
		);
		const { value: html } = await mammoth.convertToHtml({ buffer: Buffer.from(bytes) });
		expect(html).toContain('budget.funder');
	});

	it('exports unknown blocks generically as a table of their rows', () => {
		const blocks = toExportBlocks(
			{
				type: 'doc',
				content: [
					{
						type: 'futurePart',
						content: [
							{
								type: 'row',
								content: [
									{ type: 'cell', content: [text('a')] },
									{ type: 'cell', content: [text('b')] }
								]
							}
						]
					}
				]
			},
			PARTS
		);
		expect(blocks).toEqual([{ type: 'table', title: null, header: null, rows: [['a', 'b']] }]);
	});
});

describe('markdown export', () => {
	it('renders the title page, headings, lists, tables and escapes text', () => {
		const md = toMarkdown(exportDoc(), LABELS);
		expect(md).toContain('# Protocole du Val de Brenne\n');
		expect(md).toContain('- Version : Version soumise au COPIL');
		expect(md).toContain('## Moyens et budget');
		expect(md).toContain('[le site](<https://example.org/a>)');
		expect(md).not.toContain('javascript:');
		expect(md).toContain('et pas ça **\\*important\\***');
		expect(md).toContain('- Premier point\n- Second point');
		expect(md).toContain('| Indemnisation des citoyens | 12 000 | Région |');
		expect(md).toContain('## Commentaires ouverts');
		expect(md).toContain('Précisez \\<b\\>');
		expect(escapeMarkdown('a|b', { table: true })).toBe('a\\|b');
		expect(escapeMarkdown('a|b')).toBe('a|b');
	});
});

describe('docx export', () => {
	it('is a real DOCX with the headings, the budget line and the title page', async () => {
		const bytes = await toDocx(exportDoc(), LABELS);
		expect(Buffer.from(bytes.subarray(0, 2)).toString()).toBe('PK');
		const { value: html } = await mammoth.convertToHtml({ buffer: Buffer.from(bytes) });
		expect(html).toContain('<h1>Protocole du Val de Brenne</h1>');
		expect(html).toContain('<h2>Moyens et budget</h2>');
		expect(html).toMatch(/<td><p>Indemnisation des citoyens<\/p><\/td><td><p>12 000<\/p><\/td>/);
		expect(html).toContain('Version soumise au COPIL');
		expect(html).toContain('<li>Premier point</li>');
		expect(html).toContain('<a href="https://example.org/a">le site</a>');
		expect(html).toContain('Précisez &lt;b&gt;');
	});
});
