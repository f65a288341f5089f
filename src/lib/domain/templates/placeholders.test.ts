import { describe, expect, it } from 'vitest';
import {
	allPromptTexts,
	isLegacyPrompt,
	placeholderAfter,
	templatePrompts,
	UNDER_TITLE,
	withoutLegacyPrompts
} from './placeholders';
import { PROTOCOL_SECTIONS, type ProseMirrorJSON } from './protocol';

const italic = (text: string) => ({
	type: 'paragraph',
	content: [{ type: 'text', text, marks: [{ type: 'italic' }] }]
});
const PROMPT = PROTOCOL_SECTIONS.fr[0]!.prompt;

describe('template placeholders', () => {
	it('finds a protocol prompt from its section heading, in both languages', () => {
		const prompts = templatePrompts('protocole');
		expect(prompts).toHaveLength(24);
		expect(placeholderAfter(prompts, { text: '1. Contexte  et territoire ', isTitle: false })).toBe(
			PROMPT
		);
		expect(placeholderAfter(prompts, { text: '8. Timeline', isTitle: false })).toBe(
			PROTOCOL_SECTIONS.en[7]!.prompt
		);
		expect(placeholderAfter(prompts, { text: '1. Mon contexte', isTitle: false })).toBeNull();
		expect(placeholderAfter(prompts, { text: 'Protocole', isTitle: true })).toBeNull();
	});

	it('places the logbook’s guidance under its title, whatever the title says', () => {
		const prompts = templatePrompts('carnet_de_bord');
		expect(prompts.map((p) => p.place)).toEqual([UNDER_TITLE, UNDER_TITLE]);
		expect(placeholderAfter(prompts, { text: 'Carnet du Val de Brenne', isTitle: true })).toMatch(
			/^Une entrée par événement/
		);
		// A heading that happens to say the same is not the title.
		expect(
			placeholderAfter(prompts, { text: 'Carnet du Val de Brenne', isTitle: false })
		).toBeNull();
	});

	it('knows no prompt for a free document or an unknown kind', () => {
		expect(templatePrompts('libre')).toEqual([]);
		expect(templatePrompts('autre')).toEqual([]);
	});

	it.each([
		['an untouched prompt', italic(PROMPT), true],
		['a prompt of another template', italic(templatePrompts('fiche_retour')[0]!.text), true],
		[
			'the prompt, not italic',
			{ type: 'paragraph', content: [{ type: 'text', text: PROMPT }] },
			false
		],
		[
			'the prompt, bold too',
			{
				type: 'paragraph',
				content: [{ type: 'text', text: PROMPT, marks: [{ type: 'italic' }, { type: 'bold' }] }]
			},
			false
		],
		['the prompt with more text', italic(`${PROMPT} Voir annexe.`), false],
		[
			'two runs',
			{ type: 'paragraph', content: [italic(PROMPT).content[0], { type: 'text', text: '!' }] },
			false
		],
		['a heading with the prompt', { ...italic(PROMPT), type: 'heading' }, false],
		['an empty paragraph', { type: 'paragraph' }, false]
	])('%s is a legacy prompt: %s', (_name, node, expected) => {
		expect(isLegacyPrompt(node as ProseMirrorJSON)).toBe(expected);
	});

	it('empties legacy prompts for readers and leaves other documents as they are', () => {
		const doc = {
			type: 'doc',
			content: [{ type: 'heading', attrs: { level: 2 } }, italic(PROMPT)]
		};
		expect(withoutLegacyPrompts(doc).content).toEqual([doc.content[0], { type: 'paragraph' }]);
		const clean = { type: 'doc', content: [italic('Mon texte')] };
		expect(withoutLegacyPrompts(clean)).toBe(clean);
		expect(allPromptTexts().has(PROMPT)).toBe(true);
	});
});
