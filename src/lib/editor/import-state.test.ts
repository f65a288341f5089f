/**
 * Imported content onto a template and into a live document: sections, parts, comment markers
 * turned into anchors that resolve to their passage in the Yjs state (also after concurrent
 * edits), and the section update computed against a copy of the live state.
 */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { initProseMirrorDoc, prosemirrorJSONToYDoc } from '@tiptap/y-tiptap';
import { EDITOR_FIELD, editorSchema } from './extensions';
import { protocolTemplate, type ProseMirrorJSON } from '../domain/templates/protocol';
import { freeDocumentTemplate } from '../domain/templates/libre';
import { commentMarker } from '../domain/import/types';
import { contentForSection, mergeIntoTemplate, plainText } from '../domain/import/template-merge';
import { resolveAnchor } from '../review/anchors';
import {
	SectionChangedError,
	documentSections,
	importedDocumentState,
	sectionImportUpdate
} from './import-state';

const schema = editorSchema();
const t = (text: string, marks?: { type: string }[]) => ({
	type: 'text',
	text,
	...(marks ? { marks } : {})
});
const p = (text: string) => ({ type: 'paragraph', content: [t(text)] });
const h = (level: number, text: string) => ({
	type: 'heading',
	attrs: { level },
	content: [t(text)]
});
const table = (rows: string[][]) => ({
	type: 'table',
	content: rows.map((row, r) => ({
		type: 'tableRow',
		content: row.map((cell) => ({
			type: r === 0 ? 'tableHeader' : 'tableCell',
			content: [cell ? p(cell) : { type: 'paragraph' }]
		}))
	}))
});
const doc = (...content: ProseMirrorJSON[]): ProseMirrorJSON => ({ type: 'doc', content });

function headings(json: ProseMirrorJSON): string[] {
	return (json.content ?? [])
		.filter((n) => n.type === 'heading')
		.map((n) => `${n.attrs?.level}:${plainText(n)}`);
}

const IMPORTED = doc(
	p('Préambule avant toute section.'),
	h(1, 'Budget prévisionnel'),
	table([
		['Poste', 'Montant (€)', 'Financeur'],
		['Salle', '1 500', 'Commune'],
		['Total', '1 500', '']
	]),
	h(1, '1. Contexte'),
	p(`Le territoire ${commentMarker('7', false)}compte 41 communes${commentMarker('7', true)}.`),
	h(2, 'Histoire'),
	p('Depuis 2014.'),
	h(1, 'Annexe'),
	table([
		['Sigle', 'Sens'],
		['CRID', 'Centre de ressources']
	])
);

describe('mergeIntoTemplate', () => {
	const merged = mergeIntoTemplate(protocolTemplate('fr', 'Mon protocole'), IMPORTED, 'protocole');

	it('puts sections in the template order, keeps the rest where it was', () => {
		expect(merged.sections).toEqual([
			{ imported: 'Budget prévisionnel', section: '9. Moyens et budget' },
			{ imported: '1. Contexte', section: '1. Contexte et territoire' }
		]);
		expect(merged.keptHeadings).toEqual(['Annexe']);
		const list = headings(merged.doc);
		expect(list[0]).toBe('1:Mon protocole');
		// "Annexe" followed the context section in the file: it stays right after it.
		expect(list.slice(1, 5)).toEqual([
			'2:1. Contexte et territoire',
			'3:Histoire',
			'2:Annexe',
			'2:2. Enjeux visés'
		]);
		const content = merged.doc.content!;
		expect(plainText(content[1]!)).toBe('Préambule avant toute section.');
	});

	it('turns the budget table into rows without its total, keeps other tables', () => {
		expect(merged.partTables).toEqual([{ kind: 'budget', tables: 1, rows: 1, totals: 1 }]);
		expect(merged.tables).toBe(1);
		const budget = merged.doc.content!.find((n) => n.type === 'budgetPart')!;
		expect(budget.content!.map((row) => row.content!.map(plainText))).toEqual([
			['Salle', '1 500', 'Commune']
		]);
		// The section that received text loses its prompt; an untouched one keeps it.
		const text = JSON.stringify(merged.doc);
		expect(text).not.toContain('Présentez le territoire pilote');
		expect(text).toContain('Indiquez lequel ou lesquels des 8 enjeux');
		schema.nodeFromJSON(merged.doc).check();
	});

	it('keeps the structure of a document without sections', () => {
		const free = mergeIntoTemplate(freeDocumentTemplate('fr', 'Notes'), IMPORTED, 'libre');
		expect(headings(free.doc)).toEqual([
			'1:Notes',
			'2:Budget prévisionnel',
			'2:1. Contexte',
			'3:Histoire',
			'2:Annexe'
		]);
		expect(free.partTables).toEqual([]);
		expect(free.tables).toBe(2);
	});

	it('anchors the comment on its passage in the new state', () => {
		const built = importedDocumentState(merged.doc, ['7', 'missing']);
		expect(JSON.stringify(built.doc)).not.toMatch(/[\uE000-\uE002]/);
		expect(built.anchors.map((a) => [a.commentId, a.quote, a.found])).toEqual([
			['7', 'compte 41 communes', true],
			['missing', 'Mon protocole', false]
		]);
		const ydoc = new Y.Doc();
		Y.applyUpdate(ydoc, built.state);
		const fragment = ydoc.getXmlFragment(EDITOR_FIELD);
		const { doc: pm, mapping } = initProseMirrorDoc(fragment, schema);
		const range = resolveAnchor(ydoc, fragment, mapping, built.anchors[0]!.anchor)!;
		expect(pm.textBetween(range.from, range.to)).toBe('compte 41 communes');
	});
});

describe('import into a section of a live document', () => {
	function live() {
		const json = mergeIntoTemplate(protocolTemplate('fr', 'Doc'), doc(p('x')), 'protocole').doc;
		return prosemirrorJSONToYDoc(schema, json, EDITOR_FIELD);
	}

	it('appends text before the part and rows into it, anchors survive a concurrent edit', () => {
		const ydoc = live();
		const sections = documentSections(
			initProseMirrorDoc(ydoc.getXmlFragment(EDITOR_FIELD), schema).doc
		);
		const budget = sections.find((s) => s.parts.includes('budget'))!;
		const content = contentForSection(
			doc(
				h(1, 'Chiffrage'),
				p(`Voir ${commentMarker('1', false)}le devis${commentMarker('1', true)}.`),
				table([
					['Poste', 'Montant'],
					['Traiteur', '800']
				])
			),
			'',
			budget.parts
		);
		const { update, anchors } = sectionImportUpdate(
			Y.encodeStateAsUpdate(ydoc),
			{ index: budget.index, heading: budget.heading },
			content.blocks,
			content.rows,
			['1']
		);
		// Someone types elsewhere meanwhile; the import lands after.
		const first = ydoc.getXmlFragment(EDITOR_FIELD).get(0) as Y.XmlElement;
		(first.get(0) as Y.XmlText).insert(0, 'Nouveau ');
		Y.applyUpdate(ydoc, update);
		const fragment = ydoc.getXmlFragment(EDITOR_FIELD);
		const { doc: pm, mapping } = initProseMirrorDoc(fragment, schema);
		const json = pm.toJSON() as ProseMirrorJSON;
		expect(plainText(json.content![0]!)).toBe('Nouveau Doc');
		const at = json.content!.findIndex(
			(n) => n.type === 'heading' && plainText(n) === budget.heading
		);
		expect(json.content!.slice(at + 1, at + 4).map((n) => n.type)).toEqual([
			'heading',
			'paragraph',
			'budgetPart'
		]);
		expect(json.content![at + 3]!.content!.map((r) => r.content!.map(plainText))).toEqual([
			['Traiteur', '800', '']
		]);
		const range = resolveAnchor(ydoc, fragment, mapping, anchors[0]!.anchor)!;
		expect(pm.textBetween(range.from, range.to)).toBe('le devis');
	});

	it('refuses when the section was renamed meanwhile', () => {
		const ydoc = live();
		expect(() =>
			sectionImportUpdate(
				Y.encodeStateAsUpdate(ydoc),
				{ index: 0, heading: 'Autre chose' },
				[p('x')],
				{}
			)
		).toThrow(SectionChangedError);
	});
});
