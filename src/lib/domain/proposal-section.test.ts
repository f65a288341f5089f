import { describe, expect, it } from 'vitest';
import type { ProseMirrorJSON } from './templates/protocol';
import { documentSections, sectionText } from './proposal-section';

const t = (text: string): ProseMirrorJSON => ({ type: 'text', text });
const h = (level: number, text: string): ProseMirrorJSON => ({
	type: 'heading',
	attrs: { level },
	content: text ? [t(text)] : []
});
const p = (...parts: Array<string | ProseMirrorJSON>): ProseMirrorJSON => ({
	type: 'paragraph',
	content: parts.map((part) => (typeof part === 'string' ? t(part) : part))
});
const li = (...content: ProseMirrorJSON[]): ProseMirrorJSON => ({ type: 'listItem', content });
const field = (name: string, value: string): ProseMirrorJSON => ({
	type: 'partField',
	attrs: { name },
	content: value ? [t(value)] : []
});
const doc = (...content: ProseMirrorJSON[]): ProseMirrorJSON => ({ type: 'doc', content });

const PROTOCOL = doc(
	h(1, 'Protocole du Val de Brenne'),
	h(2, '1. Contexte et territoire'),
	p('Une commune de 4 000 habitants.'),
	h(2, '8. Calendrier'),
	p('Trois phases.'),
	{
		type: 'calendarPart',
		content: [
			{
				type: 'milestone',
				content: [field('phase', 'Tirage au sort'), field('date', '12/03/2027'), field('owner', '')]
			},
			{ type: 'milestone', content: [field('phase', ''), field('date', ''), field('owner', '')] }
		]
	},
	h(3, 'Détail'),
	{
		type: 'bulletList',
		content: [
			li(p('Séance 1')),
			li(p('Séance 2'), { type: 'bulletList', content: [li(p('atelier'))] })
		]
	},
	h(2, '9. Moyens et budget'),
	p('Budget total.')
);

describe('documentSections', () => {
	it.each([
		{
			name: 'the H2 headings in order',
			input: PROTOCOL,
			expected: ['1. Contexte et territoire', '8. Calendrier', '9. Moyens et budget']
		},
		{ name: 'no H2', input: doc(h(1, 'Titre'), p('x')), expected: [] },
		{
			name: 'an empty H2 keeps the numbering but is not offered',
			input: doc(h(2, ''), h(2, 'B')),
			expected: ['B']
		}
	])('$name', ({ input, expected }) => {
		expect(documentSections(input).map((s) => s.heading)).toEqual(expected);
	});

	it('indexes sections by their position among H2 headings', () => {
		expect(documentSections(doc(h(2, ''), h(2, 'B')))).toEqual([{ index: 1, heading: 'B' }]);
	});
});

describe('sectionText', () => {
	it.each([
		{
			name: 'heading and paragraphs up to the next H2',
			choice: { index: 0, heading: '1. Contexte et territoire' },
			text: '1. Contexte et territoire\nUne commune de 4 000 habitants.'
		},
		{
			name: 'structured rows as lines of their fields, H3 kept, lists prefixed and nested',
			choice: { index: 1, heading: '8. Calendrier' },
			text: [
				'8. Calendrier',
				'Trois phases.',
				'Tirage au sort | 12/03/2027',
				'Détail',
				'- Séance 1',
				'- Séance 2',
				'  - atelier'
			].join('\n')
		},
		{
			name: 'the last section runs to the end',
			choice: { index: 2, heading: '9. Moyens et budget' },
			text: '9. Moyens et budget\nBudget total.'
		},
		{
			name: 'headings compared with spaces normalized',
			choice: { index: 2, heading: '  9.  Moyens et budget ' },
			text: '9. Moyens et budget\nBudget total.'
		}
	])('$name', ({ choice, text }) => {
		expect(sectionText(PROTOCOL, choice)).toEqual({
			ok: true,
			heading: choice.heading.replace(/\s+/g, ' ').trim(),
			text
		});
	});

	it.each([
		{ name: 'index past the end', choice: { index: 3, heading: 'x' }, error: 'section_not_found' },
		{ name: 'negative index', choice: { index: -1, heading: 'x' }, error: 'section_not_found' },
		{
			name: 'heading renamed since it was chosen',
			choice: { index: 1, heading: '8. Planning' },
			error: 'section_changed'
		}
	])('refuses $name', ({ choice, error }) => {
		expect(sectionText(PROTOCOL, choice)).toEqual({ ok: false, error });
	});

	it.each([
		{
			name: 'an H1 ends the section',
			input: doc(h(2, 'A'), p('a'), h(1, 'Annexe'), p('b')),
			text: 'A\na'
		},
		{
			name: 'hard breaks become lines, empty paragraphs vanish',
			input: doc(h(2, 'A'), p('un', { type: 'hardBreak' }, 'deux'), p()),
			text: 'A\nun\ndeux'
		},
		{
			name: 'ordered lists numbered from their start',
			input: doc(h(2, 'A'), {
				type: 'orderedList',
				attrs: { start: 3 },
				content: [li(p('x')), li(p('y'))]
			}),
			text: 'A\n3. x\n4. y'
		},
		{
			name: 'tables as rows of cells, quotes prefixed',
			input: doc(
				h(2, 'A'),
				{
					type: 'table',
					content: [
						{
							type: 'tableRow',
							content: [
								{ type: 'tableHeader', content: [p('Phase')] },
								{ type: 'tableHeader', content: [p('Date')] }
							]
						},
						{
							type: 'tableRow',
							content: [
								{ type: 'tableCell', content: [p('Tirage')] },
								{ type: 'tableCell', content: [p('mars')] }
							]
						}
					]
				},
				{ type: 'blockquote', content: [p('citation')] }
			),
			text: 'A\nPhase | Date\nTirage | mars\n> citation'
		},
		{
			name: 'enjeu rows carry their challenge through the label function',
			input: doc(h(2, 'Enjeux'), {
				type: 'enjeuxPart',
				content: [
					{
						type: 'enjeuChoice',
						attrs: { enjeu: 'confiance' },
						content: [field('why', 'Parce que')]
					}
				]
			}),
			text: 'Enjeux\nConfiance | Parce que',
			enjeuLabel: (v: string) => v.charAt(0).toUpperCase() + v.slice(1)
		}
	])('$name', ({ input, text, enjeuLabel }) => {
		const heading = documentSections(input)[0]!.heading;
		expect(sectionText(input, { index: 0, heading }, { enjeuLabel })).toEqual({
			ok: true,
			heading,
			text
		});
	});
});
