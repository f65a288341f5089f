import { describe, expect, it } from 'vitest';
import { editorSchema } from '../../editor/extensions';
import type { ProseMirrorJSON } from '../templates/protocol';
import {
	minutesContent,
	minutesTitle,
	recordContent,
	recordTitle,
	textParagraphs,
	type SeanceRecordInput
} from './minutes';

const notes: ProseMirrorJSON[] = [
	{ type: 'paragraph', content: [{ type: 'text', text: 'Le budget est présenté.' }] },
	{
		type: 'bulletList',
		content: [
			{
				type: 'listItem',
				content: [{ type: 'paragraph', content: [{ type: 'text', text: 'Point de vigilance' }] }]
			}
		]
	}
];

const base: SeanceRecordInput = {
	locale: 'fr',
	organisation: 'Labo de la démocratie',
	experiment: 'Budget participatif de Saint-Affrique',
	title: 'COPIL n° 3',
	when: '12 mars 2027 à 18:00',
	place: 'Mairie, salle du conseil',
	visio: '',
	facilitator: 'Camille Martin',
	secretary: 'Inès Bernard',
	attendance: [
		{ name: 'Camille Martin', status: 'present' },
		{ name: 'Inès Bernard', status: 'remote' },
		{ name: 'Paul Durand', status: 'excused' },
		{ name: 'Zoé Petit', status: '' }
	],
	quorum: { counted: 2, required: 3, reached: false },
	items: [
		{ title: 'Approbation du compte rendu', notes: [] },
		{ title: 'Budget 2027', notes }
	],
	decisions: [
		{
			title: 'Budget 2027',
			text: 'Le budget est fixé à 50 000 €.\n\nIl est révisé en juin.',
			hash: 'a'.repeat(64),
			reviewDate: '30 juin 2027',
			outcome: 'Adoptée par consentement'
		}
	],
	actions: [
		{ what: 'Envoyer le budget', owner: 'Paul Durand', due: '1 avr. 2027', status: 'À faire' }
	]
};

/** Every text of a ProseMirror tree, in order, joined by newlines per block. */
function plain(node: ProseMirrorJSON): string {
	if (node.type === 'text') return node.text ?? '';
	const inner = (node.content ?? []).map(plain);
	return ['paragraph', 'heading'].includes(node.type) ? inner.join('') + '\n' : inner.join('');
}

const schema = editorSchema();

describe('compte rendu and procès-verbal content', () => {
	const cases: {
		name: string;
		input: SeanceRecordInput;
		build: (input: SeanceRecordInput) => ProseMirrorJSON;
		contains: string[];
		absent?: string[];
	}[] = [
		{
			name: 'minutes: attendance, quorum, notes, decision text, hash, review date, actions',
			input: base,
			build: minutesContent,
			contains: [
				'Compte rendu — COPIL n° 3',
				'Organisation : Labo de la démocratie',
				'Lieu : Mairie, salle du conseil',
				'Camille Martin',
				'À distance',
				'Excusé·e',
				'Non renseigné',
				'Quorum : 2 membres présents ou à distance pour 3 requis — non atteint.',
				'1. Approbation du compte rendu',
				'Aucune note pour ce point.',
				'2. Budget 2027',
				'Le budget est présenté.',
				'Point de vigilance',
				'Le budget est fixé à 50 000 €.',
				'Il est révisé en juin.',
				'Empreinte SHA-256 : ' + 'a'.repeat(64),
				'Date de révision : 30 juin 2027',
				'Envoyer le budget',
				'1 avr. 2027'
			],
			absent: ['Visio :', 'Signatures']
		},
		{
			name: 'minutes in English, no quorum, no decision, no action, no secretary',
			input: {
				...base,
				locale: 'en',
				quorum: null,
				decisions: [],
				actions: [],
				secretary: '',
				organisation: '',
				visio: 'https://visio.example.org/copil'
			},
			build: minutesContent,
			contains: [
				'Minutes — COPIL n° 3',
				'No quorum set for this meeting.',
				'No decision was taken during this meeting.',
				'No follow-up action.',
				'Minute-taker: not appointed',
				'Video call: https://visio.example.org/copil'
			],
			absent: ['Organisation:', 'SHA-256']
		},
		{
			name: 'procès-verbal: agenda, decisions with text and hash, signature blocks, no notes',
			input: base,
			build: recordContent,
			contains: [
				'Procès-verbal — COPIL n° 3',
				'Organisation : Labo de la démocratie',
				'Expérimentation : Budget participatif de Saint-Affrique',
				'Date : 12 mars 2027 à 18:00',
				'Animation : Camille Martin',
				'Secrétaire de séance : Inès Bernard',
				'Quorum : 2 membres présents ou à distance pour 3 requis — non atteint.',
				'Ordre du jour',
				'Approbation du compte rendu',
				'Le budget est fixé à 50 000 €.',
				'Empreinte SHA-256 : ' + 'a'.repeat(64),
				'Signatures',
				'Date et signature :'
			],
			absent: ['Le budget est présenté.', 'Envoyer le budget']
		},
		{
			name: 'procès-verbal with the quorum reached, one member',
			input: {
				...base,
				locale: 'en',
				quorum: { counted: 1, required: 1, reached: true },
				attendance: [{ name: 'Camille Martin', status: 'present' }]
			},
			build: recordContent,
			contains: [
				'Formal record — COPIL n° 3',
				'Quorum: 1 member present or remote for 1 required — reached.',
				'Date and signature:'
			]
		}
	];

	it.each(cases)('$name', ({ input, build, contains, absent }) => {
		const json = build(input);
		// Only nodes and marks of the document schema: it becomes a document as it is.
		expect(() => schema.nodeFromJSON(json).check()).not.toThrow();
		const out = plain(json);
		for (const expected of contains) expect(out).toContain(expected);
		for (const unexpected of absent ?? []) expect(out).not.toContain(unexpected);
	});

	it('keeps the order: attendance, items, decisions, actions', () => {
		const out = plain(minutesContent(base));
		const at = (s: string) => out.indexOf(s);
		expect(at('Présences')).toBeLessThan(at('Points traités'));
		expect(at('Points traités')).toBeLessThan(at('Décisions'));
		expect(at('Décisions')).toBeLessThan(at('Actions de suivi'));
	});

	it.each([
		['one line', 'Texte.', ['Texte.']],
		['lines and blank lines', 'A\n\n  B  \r\nC', ['A', 'B', 'C']],
		['nothing', '  \n ', []]
	])('splits a decision text: %s', (_name, value, lines) => {
		expect(
			textParagraphs(value)
				.map(plain)
				.map((s) => s.trim())
		).toEqual(lines);
	});

	it('titles', () => {
		expect(minutesTitle({ locale: 'fr', title: 'COPIL' })).toBe('Compte rendu — COPIL');
		expect(recordTitle({ locale: 'en', title: 'COPIL' })).toBe('Formal record — COPIL');
	});
});
