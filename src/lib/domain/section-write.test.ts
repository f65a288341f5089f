import { describe, expect, it } from 'vitest';
import type { ProseMirrorJSON } from './templates/protocol';
import { sectionBlockLines, headingLine } from './proposal-section';
import { canonicalSectionText, planSectionWrite } from './section-write';

const t = (text: string): ProseMirrorJSON => ({ type: 'text', text });
const h2 = (text: string): ProseMirrorJSON => ({
	type: 'heading',
	attrs: { level: 2 },
	content: [t(text)]
});
const p = (text: string, marks?: ProseMirrorJSON['marks']): ProseMirrorJSON => ({
	type: 'paragraph',
	content: text ? [marks ? { ...t(text), marks } : t(text)] : []
});
const field = (name: string, value: string): ProseMirrorJSON => ({
	type: 'partField',
	attrs: { name },
	content: value ? [t(value)] : []
});
const seat = (
	name: string,
	organisation: string,
	college: string,
	attrs?: Record<string, string>
): ProseMirrorJSON => ({
	type: 'copilSeat',
	...(attrs ? { attrs } : {}),
	content: [field('name', name), field('organisation', organisation), field('college', college)]
});
const copil = (...rows: ProseMirrorJSON[]): ProseMirrorJSON => ({
	type: 'copilPart',
	content: rows
});
const enjeuRow = (enjeu: string, why: string): ProseMirrorJSON => ({
	type: 'enjeuChoice',
	attrs: { enjeu },
	content: [field('why', why)]
});
const LABELS: Record<string, string> = {
	diversification: 'Diversification',
	confiance: 'Confiance'
};
const options = { enjeuLabel: (value: string) => LABELS[value] ?? value };

const BOLD = [{ type: 'bold' }];
const SECTION = {
	heading: h2('7. Acteurs, rôles et gouvernance'),
	blocks: [
		p('Le COPIL se réunit chaque trimestre.', BOLD),
		p(''),
		copil(
			seat('Hélène Dubois', 'Mairie', 'Élus'),
			seat('Karim Benali', 'Labo', 'Évaluation', {
				role: 'Secrétaire',
				term: 'mandat jusqu’au 12 mars 2028'
			})
		),
		p('Les décisions sont prises par consentement.')
	]
};

function textOf(heading: ProseMirrorJSON, blocks: readonly ProseMirrorJSON[]): string {
	return [headingLine(heading), ...blocks.flatMap((b) => sectionBlockLines(b, options))].join('\n');
}

const FROZEN = textOf(SECTION.heading, SECTION.blocks);

describe('planSectionWrite', () => {
	it('reads the fixture as expected', () => {
		expect(FROZEN).toBe(
			[
				'7. Acteurs, rôles et gouvernance',
				'Le COPIL se réunit chaque trimestre.',
				'Hélène Dubois | Mairie | Élus',
				'Karim Benali | Labo | Évaluation | Secrétaire | mandat jusqu’au 12 mars 2028',
				'Les décisions sont prises par consentement.'
			].join('\n')
		);
	});

	it.each([
		{
			name: 'the same text keeps every block',
			target: FROZEN,
			kept: 4,
			expectBlocks: (blocks: ProseMirrorJSON[]) => expect(blocks).toEqual(SECTION.blocks)
		},
		{
			name: 'a changed paragraph is rewritten, the part and the bold paragraph stay',
			target: FROZEN.replace('par consentement.', 'par consentement, révisées chaque année.'),
			kept: 3,
			expectBlocks: (blocks: ProseMirrorJSON[]) => {
				expect(blocks.slice(0, 3)).toEqual(SECTION.blocks.slice(0, 3));
				expect(blocks[3]).toEqual(
					p('Les décisions sont prises par consentement, révisées chaque année.')
				);
			}
		},
		{
			name: 'a changed COPIL row rebuilds the part, the other row kept with its role',
			target: FROZEN.replace(
				'Hélène Dubois | Mairie | Élus',
				'Hélène Dubois | Mairie de Brenne | Élus'
			),
			kept: 3,
			expectBlocks: (blocks: ProseMirrorJSON[]) => {
				expect(blocks[2]!.type).toBe('copilPart');
				expect(blocks[2]!.content![0]).toEqual(seat('Hélène Dubois', 'Mairie de Brenne', 'Élus'));
				expect(blocks[2]!.content![1]).toEqual(SECTION.blocks[2]!.content![1]);
			}
		},
		{
			name: 'a new COPIL row with fewer cells fills the first fields',
			target: FROZEN.replace('Les décisions', 'Aïcha Diallo | Habitants\nLes décisions'),
			kept: 3,
			expectBlocks: (blocks: ProseMirrorJSON[]) => {
				// A row-shaped line right after the part's rows joins the part.
				expect(blocks.map((b) => b.type)).toEqual([
					'paragraph',
					'paragraph',
					'copilPart',
					'paragraph'
				]);
				expect(blocks[2]!.content![2]).toEqual(seat('Aïcha Diallo', 'Habitants', ''));
			}
		},
		{
			name: 'new lines shaped as lists become lists',
			target: `${FROZEN}\n- une séance par trimestre\n- un compte rendu public\n3. première\n4. seconde\n> citée`,
			kept: 4,
			expectBlocks: (blocks: ProseMirrorJSON[]) => {
				expect(blocks.slice(4).map((b) => b.type)).toEqual([
					'bulletList',
					'orderedList',
					'blockquote'
				]);
				expect(blocks[5]!.attrs).toEqual({ start: 3 });
			}
		},
		{
			name: 'a new heading line renames the heading, keeping its level',
			target: FROZEN.replace('7. Acteurs, rôles et gouvernance', '7. Gouvernance'),
			kept: 4,
			expectBlocks: (blocks: ProseMirrorJSON[]) => expect(blocks).toEqual(SECTION.blocks)
		},
		{
			name: 'removed lines remove their blocks',
			target: FROZEN.split('\n').slice(0, 2).join('\n'),
			kept: 2,
			expectBlocks: (blocks: ProseMirrorJSON[]) =>
				expect(blocks).toEqual(SECTION.blocks.slice(0, 2))
		}
	])('$name', ({ target, kept, expectBlocks }) => {
		const result = planSectionWrite(SECTION, target, options);
		if (!result.ok) throw new Error(result.error);
		expect(textOf(result.heading, result.blocks)).toBe(target);
		expect(result.kept).toBe(kept);
		expectBlocks(result.blocks);
	});

	it('keeps a sentence written after a part a sentence', () => {
		const target = FROZEN.replace(
			'Les décisions',
			'Les habitants sont tirés au sort.\nLes décisions'
		);
		const result = planSectionWrite(SECTION, target, options);
		if (!result.ok) throw new Error(result.error);
		expect(result.blocks[3]).toEqual(p('Les habitants sont tirés au sort.'));
	});

	it('writes an enjeu row back with its key from the label', () => {
		const section = { heading: h2('2. Enjeux'), blocks: [{ type: 'enjeuxPart', content: [] }] };
		const result = planSectionWrite(section, '2. Enjeux\nConfiance | parce que', options);
		if (!result.ok) throw new Error(result.error);
		expect(result.blocks).toEqual([
			{ type: 'enjeuxPart', content: [enjeuRow('confiance', 'parce que')] }
		]);
	});

	it('keeps a blank line of a frozen text through line breaks', () => {
		const section = { heading: h2('1. Contexte'), blocks: [] };
		const result = planSectionWrite(section, '1. Contexte\nA\n\nB', options);
		if (!result.ok) throw new Error(result.error);
		expect(textOf(result.heading, result.blocks)).toBe('1. Contexte\nA\n\nB');
	});

	it.each([
		['an empty heading line', '\nTexte', 'heading_required'],
		['a line ending with spaces', '1. Contexte\nTexte   ', 'not_representable'],
		['a text over the register limit', `1. Contexte\n${'x'.repeat(100_001)}`, 'too_large']
	])('refuses %s', (_name, target, error) => {
		expect(planSectionWrite({ heading: h2('1. Contexte'), blocks: [] }, target, options)).toEqual({
			ok: false,
			error
		});
	});
});

describe('canonicalSectionText', () => {
	it.each([
		['CRLF and trailing spaces', '7.  Titre \r\nLigne  \r\n\r\nAutre', '7. Titre\nLigne\nAutre'],
		['already canonical', '1. Contexte\nTexte', '1. Contexte\nTexte'],
		['leading blank lines', '\n\n1. A\nB\n', '1. A\nB']
	])('%s', (_name, input, expected) => {
		expect(canonicalSectionText(input)).toBe(expected);
	});
});
