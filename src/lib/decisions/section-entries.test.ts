import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { initProseMirrorDoc, prosemirrorJSONToYXmlFragment } from '@tiptap/y-tiptap';
import { EDITOR_FIELD, editorSchema } from '../editor/extensions';
import { anchorOfBlock } from './section-anchor';
import { sectionEntries } from './section-entries';
import { textHash } from './text-hash';
import type { DocumentDecision, DocumentDecisionsView, DocumentRound } from './types';

const schema = editorSchema();
const t = (text: string) => ({ type: 'text', text });
const DOC = {
	type: 'doc',
	content: [
		{ type: 'heading', attrs: { level: 1 }, content: [t('Protocole')] },
		{ type: 'heading', attrs: { level: 2 }, content: [t('1. Contexte')] },
		{ type: 'paragraph', content: [t('Une commune.')] },
		{ type: 'heading', attrs: { level: 2 }, content: [t('2. Enjeux')] },
		{ type: 'paragraph', content: [t('Confiance.')] }
	]
};

function setup() {
	const ydoc = new Y.Doc();
	const fragment = ydoc.getXmlFragment(EDITOR_FIELD);
	prosemirrorJSONToYXmlFragment(schema, DOC, fragment);
	return { ydoc, fragment };
}

const decision = (overrides: Partial<DocumentDecision>): DocumentDecision => ({
	id: 'dec000000000001',
	roundId: 'rnd000000000001',
	kind: 'consent',
	outcome: 'adopted',
	title: 'Contexte',
	section: '1. Contexte',
	decidedAt: '2027-03-12T10:00:00.000Z',
	reviewDate: '2027-09-12',
	hash: textHash('1. Contexte\nUne commune.'),
	text: '1. Contexte\nUne commune.',
	mode: 'live',
	anchor: null,
	electedName: '',
	termEnd: '',
	renews: '',
	writtenText: null,
	writeback: { outcome: 'applied', hash: textHash('1. Contexte\nUne commune.'), at: '' },
	...overrides
});

const view = (
	decisions: DocumentDecision[],
	rounds: DocumentRound[] = []
): DocumentDecisionsView => ({
	documentId: 'doc000000000001',
	experimentId: 'exp000000000001',
	decisions,
	rounds,
	canFacilitate: true,
	today: '2027-04-01'
});

describe('sectionEntries', () => {
	it('finds a decided section by its anchor, after edits around it and a renamed heading', () => {
		const { fragment } = setup();
		const anchor = anchorOfBlock(fragment, 1)!;
		// Someone inserts a block before the section and renames its heading.
		const before = new Y.XmlElement('paragraph');
		before.insert(0, [new Y.XmlText('Préambule.')]);
		fragment.insert(1, [before]);
		const heading = fragment.get(2) as Y.XmlElement;
		(heading.get(0) as Y.XmlText).insert(3, 'Le ');
		const { doc, mapping } = initProseMirrorDoc(fragment, schema);
		const [entry] = sectionEntries(doc, fragment, mapping, view([decision({ anchor })]));
		expect(entry).toMatchObject({
			heading: '1. Le Contexte',
			text: '1. Le Contexte\nUne commune.'
		});
		expect(doc.nodeAt(entry!.pos)!.textContent).toBe('1. Le Contexte');
		expect(entry!.state.badges).toEqual(['modified', 'adopted']);
	});

	it('reads an unchanged adopted section as adopted, by heading when it has no anchor', () => {
		const { fragment } = setup();
		const { doc, mapping } = initProseMirrorDoc(fragment, schema);
		const [entry] = sectionEntries(doc, fragment, mapping, view([decision({})]));
		expect(entry!.state.badges).toEqual(['adopted']);
	});

	it('groups a round and the decision on the same section', () => {
		const { fragment } = setup();
		const anchor = anchorOfBlock(fragment, 3)!;
		const { doc, mapping } = initProseMirrorDoc(fragment, schema);
		const round: DocumentRound = {
			id: 'rnd000000000002',
			kind: 'consent',
			title: 'Enjeux',
			section: '2. Enjeux',
			phase: 'objections',
			mode: 'live',
			closesAt: null,
			anchor,
			frozenText: '2. Enjeux\nConfiance.',
			proposal: null,
			openObjections: 1,
			renews: ''
		};
		const entries = sectionEntries(doc, fragment, mapping, view([], [round]));
		expect(entries.map((e) => [e.heading, e.state.badges])).toEqual([['2. Enjeux', ['in_round']]]);
	});
});
