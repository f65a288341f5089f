import { describe, expect, it } from 'vitest';
import { sectionCompleteness } from './completeness';
import { PROTOCOL_SECTIONS, protocolTemplate, type ProseMirrorJSON } from './templates/protocol';

const t = (text: string): ProseMirrorJSON => ({ type: 'text', text });
const h = (level: number, text: string): ProseMirrorJSON => ({
	type: 'heading',
	attrs: { level },
	content: [t(text)]
});
const p = (text?: string): ProseMirrorJSON =>
	text === undefined ? { type: 'paragraph' } : { type: 'paragraph', content: [t(text)] };
const field = (text = ''): ProseMirrorJSON =>
	text ? { type: 'partField', content: [t(text)] } : { type: 'partField' };
const budget = (...rows: string[][]): ProseMirrorJSON => ({
	type: 'budgetPart',
	content: rows.map((texts) => ({
		type: 'budgetLine',
		content: [0, 1, 2].map((i) => field(texts[i]))
	}))
});
const enjeux = (enjeu: string): ProseMirrorJSON => ({
	type: 'enjeuxPart',
	content: [{ type: 'enjeuChoice', attrs: { enjeu }, content: [field()] }]
});
const doc = (...content: ProseMirrorJSON[]): ProseMirrorJSON => ({ type: 'doc', content });

const PROMPT = PROTOCOL_SECTIONS.fr[8]!.prompt;

describe('sectionCompleteness', () => {
	it.each<[string, ProseMirrorJSON, boolean]>([
		['nothing', doc(h(2, 'S')), true],
		['blank paragraphs', doc(h(2, 'S'), p(), p('   ')), true],
		['only the template prompt', doc(h(2, 'S'), p(PROMPT)), true],
		['the English prompt', doc(h(2, 'S'), p(PROTOCOL_SECTIONS.en[8]!.prompt)), true],
		['prompt and a part with no row', doc(h(2, 'S'), p(PROMPT), budget()), true],
		['a part whose rows are blank', doc(h(2, 'S'), budget(['', ' ', ''])), true],
		['an enjeu chosen, no reason yet', doc(h(2, 'S'), enjeux('confiance')), false],
		['an enjeu row with no choice', doc(h(2, 'S'), enjeux('')), true],
		['prompt plus own text', doc(h(2, 'S'), p(PROMPT), p('Budget de 20 000 €.')), false],
		['the prompt edited', doc(h(2, 'S'), p(`${PROMPT} Voir annexe.`)), false],
		['a filled budget line', doc(h(2, 'S'), p(PROMPT), budget(['', '1 500', ''])), false],
		['a sub-heading with text', doc(h(2, 'S'), h(3, 'Phase 1')), false],
		[
			'a list',
			doc(h(2, 'S'), {
				type: 'bulletList',
				content: [{ type: 'listItem', content: [p('Un point')] }]
			}),
			false
		]
	])('%s → empty: %s', (_name, input, empty) => {
		expect(sectionCompleteness(input)).toEqual([{ title: 'S', nodeIndex: 0, empty }]);
	});

	it('splits sections at H2 only, ignores what precedes the first one', () => {
		const result = sectionCompleteness(
			doc(h(1, 'Titre'), p('Intro'), h(2, '1. A'), p(), h(3, 'x'), h(2, '2. B'), p(PROMPT))
		);
		expect(result).toEqual([
			{ title: '1. A', nodeIndex: 2, empty: false },
			{ title: '2. B', nodeIndex: 5, empty: true }
		]);
	});

	it('finds every section of a fresh protocol empty, in both languages', () => {
		for (const locale of ['fr', 'en'] as const) {
			const sections = sectionCompleteness(protocolTemplate(locale));
			expect(sections).toHaveLength(12);
			expect(sections.every((s) => s.empty)).toBe(true);
		}
	});
});
