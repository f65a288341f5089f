import { describe, expect, it } from 'vitest';
import type { ExportBlock } from './model';
import { initialsOf, pendingAuthors } from './suggestion-legend';

describe('initialsOf', () => {
	it.each([
		['Jean Lefèvre', 'JL'],
		['Anne-Marie Dupont', 'AMD'],
		['élodie  martin', 'ÉM'],
		['Jean Pierre Paul Jacques', 'JPP'],
		['', '?'],
		['123', '?']
	])('%s → %s', (name, initials) => {
		expect(initialsOf(name)).toBe(initials);
	});
});

describe('pendingAuthors', () => {
	const change = (author: string, kind: 'insert' | 'delete' = 'insert') => ({
		text: 'x',
		change: { kind, author, time: 1 }
	});
	it('lists the proposers in order of appearance, with initials unique in the document', () => {
		const blocks: ExportBlock[] = [
			{ type: 'heading', level: 2, inlines: [{ text: 'Budget' }, change('Jean Lefèvre')] },
			{
				type: 'list',
				ordered: false,
				items: [[{ type: 'paragraph', inlines: [change('Jeanne Leroy', 'delete')] }]]
			},
			{ type: 'quote', blocks: [{ type: 'paragraph', inlines: [change('Jean Lefèvre')] }] },
			{ type: 'paragraph', inlines: [change('')] },
			{ type: 'table', title: null, header: null, rows: [['Jean Lefèvre']] }
		];
		expect(pendingAuthors(blocks)).toEqual([
			{ name: 'Jean Lefèvre', initials: 'JL' },
			{ name: 'Jeanne Leroy', initials: 'JL2' },
			{ name: '', initials: '?' }
		]);
	});

	it('finds nobody in a clean text', () => {
		expect(pendingAuthors([{ type: 'paragraph', inlines: [{ text: 'Texte accepté' }] }])).toEqual(
			[]
		);
	});
});
