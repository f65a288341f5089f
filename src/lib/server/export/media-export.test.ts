/** Images, file links and checklists in exports: DOCX (read back by mammoth), Markdown, HTML. */
import { describe, expect, it } from 'vitest';
import mammoth from 'mammoth';
import sharp from 'sharp';
import { render } from 'svelte/server';
import { editorSchema } from '../../editor/extensions';
import type { ProseMirrorJSON } from '../../domain/templates/protocol';
import ExportView from '../../components/review/ExportView.svelte';
import { toExportBlocks, type ExportDocument, type PartLabels } from './model';
import { toMarkdown } from './markdown';
import { toDocx } from './docx';

const PARTS: PartLabels = {
	partTitle: (k) => k,
	fieldLabel: (k, f) => f,
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
	comments: 'Commentaires',
	suggestion: 'Suggestion'
};
const IMG = 'aaaaaaaaaaaaaaa';
const PDF = 'bbbbbbbbbbbbbbb';
const CONTENT: ProseMirrorJSON = {
	type: 'doc',
	content: [
		{ type: 'heading', attrs: { level: 2 }, content: [{ type: 'text', text: 'Salle' }] },
		{ type: 'image', attrs: { file: IMG, alt: 'Plan de la salle', width: 800, height: 400 } },
		{
			type: 'fileAttachment',
			attrs: { file: PDF, name: 'convention.pdf', size: 1200, mime: 'application/pdf' }
		},
		{
			type: 'taskList',
			content: [
				{
					type: 'taskItem',
					attrs: { checked: true },
					content: [{ type: 'paragraph', content: [{ type: 'text', text: 'Réserver' }] }]
				},
				{
					type: 'taskItem',
					attrs: { checked: false },
					content: [{ type: 'paragraph', content: [{ type: 'text', text: 'Inviter' }] }]
				}
			]
		}
	]
};

async function exportDoc(): Promise<ExportDocument> {
	const json = editorSchema().nodeFromJSON(CONTENT).toJSON() as ProseMirrorJSON;
	const data = new Uint8Array(
		await sharp({ create: { width: 80, height: 40, channels: 3, background: '#1f4e79' } })
			.jpeg()
			.toBuffer()
	);
	return {
		title: 'T',
		experiment: 'E',
		territory: 'X',
		versionLabel: 'V',
		date: 'D',
		blocks: toExportBlocks(json, PARTS),
		comments: null,
		assets: {
			images: { [IMG]: { src: 'https://trame.test/img', data, format: 'jpg' } },
			files: { [PDF]: { href: 'https://trame.test/documents/x/fichiers/' + PDF } }
		}
	};
}

describe('images and files in exports', () => {
	it('DOCX embeds the image with its alternative text and links the file', async () => {
		const doc = await exportDoc();
		const html = (await mammoth.convertToHtml({ buffer: Buffer.from(await toDocx(doc, LABELS)) }))
			.value;
		expect(html).toMatch(/<img [^>]*alt="Plan de la salle"/);
		expect(html).toContain(`href="https://trame.test/documents/x/fichiers/${PDF}"`);
		expect(html).toContain('☑ Réserver');
		expect(html).toContain('☐ Inviter');
	});

	it('Markdown and HTML show the image and the link', async () => {
		const doc = await exportDoc();
		const markdown = toMarkdown(doc, LABELS);
		expect(markdown).toContain('![Plan de la salle](<https://trame.test/img>)');
		expect(markdown).toContain(
			`[convention.pdf](<https://trame.test/documents/x/fichiers/${PDF}>)`
		);
		expect(markdown).toContain('- [x] Réserver');
		const { body } = render(ExportView, { props: { doc, labels: LABELS } });
		expect(body).toMatch(/<img[^>]*src="https:\/\/trame.test\/img"[^>]*alt="Plan de la salle"/);
		expect(body).toContain('convention.pdf');
	});
});
