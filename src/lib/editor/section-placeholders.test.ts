import { describe, expect, it } from 'vitest';
import { editorSchema } from './extensions';
import { sectionPrompts } from './section-placeholders';
import { templatePrompts } from '../domain/templates/placeholders';
import { PROTOCOL_SECTIONS, type ProseMirrorJSON } from '../domain/templates/protocol';

const schema = editorSchema();
const prompts = templatePrompts('protocole');
const SECTION = PROTOCOL_SECTIONS.fr[5]!;
const heading = (text: string): ProseMirrorJSON => ({
	type: 'heading',
	attrs: { level: 2 },
	content: [{ type: 'text', text }]
});
const paragraph = (text = ''): ProseMirrorJSON => ({
	type: 'paragraph',
	content: text ? [{ type: 'text', text }] : []
});
const list: ProseMirrorJSON = {
	type: 'bulletList',
	content: [{ type: 'listItem', content: [paragraph('Tirage au sort de 1 200 adresses')] }]
};
const indicators: ProseMirrorJSON = { type: 'indicatorsPart', content: [] };

/** The prompts shown in a document made of the title, the section's heading and `body`. */
function shown(body: ProseMirrorJSON[]): string[] {
	const doc = schema.nodeFromJSON({
		type: 'doc',
		content: [
			{ type: 'heading', attrs: { level: 1 }, content: [{ type: 'text', text: 'Protocole' }] },
			heading(`6. ${SECTION.title}`),
			...body,
			heading(`7. ${PROTOCOL_SECTIONS.fr[6]!.title}`),
			paragraph()
		]
	});
	return [...sectionPrompts(doc, prompts).values()];
}

describe('section prompts', () => {
	it.each<[string, boolean, ProseMirrorJSON[]]>([
		['an empty section', true, [paragraph()]],
		['an empty section with more empty paragraphs', true, [paragraph(), paragraph()]],
		['a section holding only an empty structured part', true, [paragraph(), indicators]],
		['a section with text typed in its first paragraph', false, [paragraph('Quarante habitants')]],
		[
			'a section whose text was written below the empty paragraph (an adopted decision)',
			false,
			[paragraph(), paragraph('L’assemblée réunit 40 habitant·es'), list]
		],
		['a section holding a list only, below the empty paragraph', false, [paragraph(), list]]
	])('%s: its guidance shown: %s', (_name, expected, body) => {
		const section = shown(body);
		expect(section.includes(SECTION.prompt)).toBe(expected);
		// The next section, empty, still shows its own.
		expect(section).toContain(PROTOCOL_SECTIONS.fr[6]!.prompt);
	});
});
