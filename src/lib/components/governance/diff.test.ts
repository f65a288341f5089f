import { describe, expect, it } from 'vitest';
import { textDiff, wordDiff } from './diff';

describe('wordDiff', () => {
	it.each([
		['same', 'same', [{ kind: 'same', text: 'same' }]],
		[
			'le mardi soir',
			'le samedi soir',
			[
				{ kind: 'same', text: 'le ' },
				{ kind: 'removed', text: 'mardi' },
				{ kind: 'added', text: 'samedi' },
				{ kind: 'same', text: ' soir' }
			]
		],
		['', 'nouveau', [{ kind: 'added', text: 'nouveau' }]]
	])('%j → %j', (a, b, expected) => expect(wordDiff(a, b)).toEqual(expected));

	it('rebuilds both texts from its parts', () => {
		const a = 'Le COPIL se réunit chaque mois, le mardi à 18 h.';
		const b = 'Le COPIL se réunit chaque mois, en alternance le mardi et le samedi.';
		const parts = wordDiff(a, b);
		expect(
			parts
				.filter((p) => p.kind !== 'added')
				.map((p) => p.text)
				.join('')
		).toBe(a);
		expect(
			parts
				.filter((p) => p.kind !== 'removed')
				.map((p) => p.text)
				.join('')
		).toBe(b);
	});
});

describe('textDiff', () => {
	const rebuild = (parts: ReturnType<typeof textDiff>, skip: 'added' | 'removed') =>
		parts
			.filter((p) => p.kind !== skip)
			.map((p) => p.text)
			.join('');

	it.each([
		[
			'a sentence added to a paragraph, another line removed',
			'3. Question\nFormulez la question et les hypothèses.\nLa question est revue à mi-parcours.',
			'3. Question\nFormulez la question et les hypothèses. Ajout pendant le tour.'
		],
		['a line added', '1. Contexte\nUne commune.', '1. Contexte\nUne commune.\nDe 4 000 habitants.'],
		['a heading renamed', '7. Acteurs\nLe COPIL.', '7. Gouvernance\nLe COPIL.'],
		['identical', 'A\nB', 'A\nB']
	])('%s: both texts come back from the parts', (_name, before, after) => {
		const parts = textDiff(before, after);
		expect(rebuild(parts, 'added')).toBe(before);
		expect(rebuild(parts, 'removed')).toBe(after);
	});

	it('keeps an edited line together and a removed line whole', () => {
		const parts = textDiff(
			'P\nFormulez la question.\nLa question est revue.',
			'P\nFormulez la question. Ajout pendant le tour.'
		);
		expect(parts.filter((p) => p.kind === 'added').map((p) => p.text)).toEqual([
			' Ajout pendant le tour.'
		]);
		expect(parts.filter((p) => p.kind === 'removed').map((p) => p.text)).toEqual([
			'\nLa question est revue.'
		]);
	});
});
