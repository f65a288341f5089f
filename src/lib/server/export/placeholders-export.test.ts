/**
 * Template guidance is never exported: neither the placeholders of a new document nor the prompts
 * an older document (or version) still stores as italic text, in Markdown and in DOCX.
 */
import { describe, expect, it } from 'vitest';
import mammoth from 'mammoth';
import * as Y from 'yjs';
import { prosemirrorJSONToYDoc } from '@tiptap/y-tiptap';
import { EDITOR_FIELD, editorSchema } from '../../editor/extensions';
import {
	PROTOCOL_SECTIONS,
	protocolTemplate,
	type ProseMirrorJSON
} from '../../domain/templates/protocol';
import { createDocumentState } from '../../editor/template-state';
import { stateToProseMirror } from '../review/doc-state';
import { toExportBlocks, type PartLabels } from './model';
import { toMarkdown } from './markdown';
import { toDocx } from './docx';

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

function legacyState(): Uint8Array {
	const template = protocolTemplate('fr', 'Protocole ancien');
	const content = (template.content ?? []).map((node) =>
		node.placeholder
			? {
					type: 'paragraph',
					content: [{ type: 'text', text: node.placeholder, marks: [{ type: 'italic' }] }]
				}
			: node
	);
	// One prompt someone wrote after: that paragraph is the author's text and stays.
	content[2] = {
		type: 'paragraph',
		content: [{ type: 'text', text: `${PROTOCOL_SECTIONS.fr[0]!.prompt} Réponse.` }]
	};
	const ydoc = prosemirrorJSONToYDoc(editorSchema(), { ...template, content }, EDITOR_FIELD);
	return Y.encodeStateAsUpdate(ydoc);
}

async function exportedTexts(state: Uint8Array): Promise<string[]> {
	const blocks = toExportBlocks(stateToProseMirror(state) as ProseMirrorJSON, PARTS);
	const doc = {
		title: 'T',
		experiment: 'E',
		territory: 'X',
		versionLabel: 'V',
		date: 'D',
		blocks,
		comments: null
	};
	const markdown = toMarkdown(doc, LABELS);
	const docx = (await mammoth.extractRawText({ buffer: Buffer.from(await toDocx(doc, LABELS)) }))
		.value;
	return [markdown, docx];
}

describe('placeholders in exports', () => {
	it.each([
		['a new protocol', () => createDocumentState(protocolTemplate('fr'))],
		['an older protocol storing its prompts as text', legacyState]
	])('%s exports no template prompt', async (_name, state) => {
		for (const text of await exportedTexts(state())) {
			expect(text).toContain('Contexte et territoire');
			for (const section of PROTOCOL_SECTIONS.fr.slice(1))
				expect(text).not.toContain(section.prompt);
		}
	});

	it('keeps a prompt someone wrote in', async () => {
		for (const text of await exportedTexts(legacyState())) expect(text).toContain('Réponse');
	});
});
