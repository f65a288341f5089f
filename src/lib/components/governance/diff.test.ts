import { describe, expect, it } from 'vitest';
import { wordDiff } from './diff';

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
