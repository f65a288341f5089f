/**
 * What a reader of an export used to trip over: the title printed twice, template prompts
 * exported as content, the budget without its total, unreadable dates without a mark, and
 * Markdown escaped where nothing needed it.
 */
import { describe, expect, it } from 'vitest';
import mammoth from 'mammoth';
import { protocolTemplate, type ProseMirrorJSON } from '../../domain/templates/protocol';
import { editorSchema } from '../../editor/extensions';
import { toExportBlocks, type ExportDocument, type PartLabels } from './model';
import { toMarkdown } from './markdown';
import { toDocx } from './docx';

const LABELS: PartLabels = {
	partTitle: (kind) =>
		({ budget: 'Lignes budgétaires', calendar: 'Jalons' })[kind as string] ?? kind,
	fieldLabel: (_kind, field) => field,
	enjeuLabel: (v) => v,
	enjeuColumn: 'Enjeu',
	total: 'Total',
	formatAmount: (cents) => `${(cents / 100).toFixed(2).replace('.', ',')} €`,
	unreadableLines: (n) => `${n} ligne illisible non comptée`,
	invalidDate: '(date invalide)',
	invalidAmount: '(montant illisible)'
};
const EXPORT_LABELS = {
	experiment: 'Expérimentation',
	territory: 'Territoire',
	version: 'Version',
	date: 'Date',
	comments: 'Commentaires ouverts',
	suggestion: 'Suggestion'
};

const field = (name: string, text: string) => ({
	type: 'partField',
	attrs: { name },
	...(text ? { content: [{ type: 'text', text }] } : {})
});

/** The protocol template with the context written, a budget and a calendar filled. */
function protocol(): ProseMirrorJSON {
	const doc = protocolTemplate('fr', 'Protocole de Saint-Affrique');
	const content: ProseMirrorJSON[] = doc.content!.map((node): ProseMirrorJSON => {
		if (node.type === 'budgetPart')
			return {
				type: 'budgetPart',
				content: [
					{
						type: 'budgetLine',
						content: [
							field('item', 'Salle'),
							field('amount', '1 500,50'),
							field('funder', 'Commune')
						]
					},
					{
						type: 'budgetLine',
						content: [field('item', 'Animation'), field('amount', '4 000'), field('funder', '')]
					},
					{
						type: 'budgetLine',
						content: [field('item', 'Buffet'), field('amount', 'beaucoup'), field('funder', '')]
					}
				]
			};
		if (node.type === 'calendarPart')
			return {
				type: 'calendarPart',
				content: [
					{
						type: 'milestone',
						content: [
							field('phase', 'Tirage'),
							field('date', '12/03/2027'),
							field('owner', 'Mairie')
						]
					},
					{
						type: 'milestone',
						content: [field('phase', 'Bilan'), field('date', '31/02/2027'), field('owner', '')]
					}
				]
			};
		return node;
	});
	// Section 1 written: its prompt replaced by text; every other prompt untouched.
	const index = content.findIndex((n) => n.type === 'heading' && n.attrs?.level === 2);
	content.splice(index + 1, 1, {
		type: 'paragraph',
		content: [
			{
				type: 'text',
				text: 'Saint-Affrique (Aveyron) compte 8 000 habitants. 1. Un point - pas une liste.'
			}
		]
	});
	content.splice(index + 2, 0, {
		type: 'paragraph',
		content: [{ type: 'text', text: '- commence par un tiret, # et 2. aussi' }]
	});
	const checked = editorSchema().nodeFromJSON({ type: 'doc', content });
	checked.check();
	return checked.toJSON() as ProseMirrorJSON;
}

function exported(): ExportDocument {
	return {
		title: 'Protocole de Saint-Affrique',
		experiment: 'Assemblée',
		territory: 'Saint-Affrique',
		versionLabel: 'Texte courant',
		date: '12 mars 2027',
		blocks: toExportBlocks(protocol(), LABELS, { title: 'Protocole de Saint-Affrique' }),
		comments: null
	};
}

describe('export fixes', () => {
	it('prints the title once (title page), not again as the first heading', async () => {
		const md = toMarkdown(exported(), EXPORT_LABELS);
		expect(md.match(/Protocole de Saint-Affrique/g)).toHaveLength(1);
		const { value: html } = await mammoth.convertToHtml({
			buffer: Buffer.from(await toDocx(exported(), EXPORT_LABELS))
		});
		expect(html.match(/Protocole de Saint-Affrique/g)).toHaveLength(1);
		// A first heading that differs from the title is content: kept.
		const other = toExportBlocks(protocol(), LABELS, { title: 'Autre titre' });
		expect(other[0]).toMatchObject({ type: 'heading', level: 1 });
	});

	it('leaves untouched template prompts out, keeps written text', () => {
		const md = toMarkdown(exported(), EXPORT_LABELS);
		expect(md).toContain('compte 8 000 habitants');
		expect(md).not.toContain('Présentez le territoire pilote');
		expect(md).not.toContain('Indiquez lequel ou lesquels des 8 enjeux');
		expect(md).toContain('## 2. Enjeux visés');
	});

	it('closes the budget with its total, naming unreadable lines', async () => {
		const budget = exported().blocks.find(
			(b) => b.type === 'table' && b.title === 'Lignes budgétaires'
		);
		expect(budget).toMatchObject({
			rows: [
				['Salle', '1 500,50', 'Commune'],
				['Animation', '4 000', ''],
				['Buffet', 'beaucoup (montant illisible)', '']
			],
			footer: ['Total', '5500,50 € (1 ligne illisible non comptée)', '']
		});
		expect(toMarkdown(exported(), EXPORT_LABELS)).toContain(
			'| **Total** | **5500,50 € (1 ligne illisible non comptée)** |   |'
		);
		const { value: html } = await mammoth.convertToHtml({
			buffer: Buffer.from(await toDocx(exported(), EXPORT_LABELS))
		});
		expect(html).toContain('5500,50 €');
	});

	it('marks a date that does not exist, keeps a valid one as written', () => {
		const calendar = exported().blocks.find((b) => b.type === 'table' && b.title === 'Jalons');
		expect(calendar).toMatchObject({
			rows: [
				['Tirage', '12/03/2027', 'Mairie'],
				['Bilan', '31/02/2027 (date invalide)', '']
			]
		});
	});

	it('escapes Markdown only where it would be read as syntax', () => {
		const md = toMarkdown(exported(), EXPORT_LABELS);
		expect(md).toContain(
			'Saint-Affrique (Aveyron) compte 8 000 habitants. 1. Un point - pas une liste.'
		);
		expect(md).not.toContain('Saint\\-Affrique');
		expect(md).toContain('\\- commence par un tiret, # et 2. aussi');
		expect(md).toContain('- Territoire : Saint-Affrique');
	});
});
