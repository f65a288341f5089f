import { describe, expect, it } from 'vitest';
import { diffSections, textChange, EXCERPT_MAX } from './section-changes';

describe('textChange', () => {
	it.each([
		['same', 'abc', 'abc', 0, 0, ''],
		['typed at the end', 'Bonjour', 'Bonjour à tous', 7, 0, 'à tous'],
		['deleted in the middle', 'un deux trois', 'un trois', 0, 5, ''],
		['replaced a word', 'le 12 juin', 'le 14 juin', 1, 1, '4'],
		['from nothing', '', 'Nouveau', 7, 0, 'Nouveau'],
		['to nothing', 'Ancien', '', 0, 6, ''],
		['an emoji counts once', 'a', 'a🙂', 1, 0, '🙂'],
		['repeated letters', 'aaa', 'aaaa', 1, 0, 'a']
	])('%s', (_name, before, after, added, removed, excerpt) => {
		expect(textChange(before, after)).toEqual({ added, removed, excerpt });
	});

	it('shortens a long excerpt and flattens its spaces', () => {
		const added = 'mot\n'.repeat(100);
		const { excerpt } = textChange('', added);
		expect(excerpt.length).toBe(EXCERPT_MAX);
		expect(excerpt.endsWith('…')).toBe(true);
		expect(excerpt).not.toContain('\n');
	});
});

describe('diffSections', () => {
	const s = (title: string, text: string) => ({ title, text });
	it.each([
		['nothing changed', [s('A', 'x'), s('B', 'y')], [s('A', 'x'), s('B', 'y')], []],
		[
			'one section edited',
			[s('A', 'x'), s('B', 'y')],
			[s('A', 'x'), s('B', 'yz')],
			[{ title: 'B', at: 1, added: 1, removed: 0, excerpt: 'z' }]
		],
		[
			'a new section',
			[s('A', 'x')],
			[s('A', 'x'), s('C', 'neuf')],
			[{ title: 'C', at: 1, added: 4, removed: 0, excerpt: 'neuf' }]
		],
		[
			'a new empty heading still counts',
			[s('A', 'x')],
			[s('A', 'x'), s('C', '')],
			[{ title: 'C', at: 1, added: 0, removed: 0, excerpt: '' }]
		],
		[
			'a section removed comes last',
			[s('A', 'x'), s('B', 'yy')],
			[s('A', 'xx')],
			[
				{ title: 'A', at: 0, added: 1, removed: 0, excerpt: 'x' },
				{ title: 'B', at: -1, added: 0, removed: 2, excerpt: '' }
			]
		],
		[
			'two sections titled alike stay apart',
			[s('Notes', 'a'), s('Notes', 'b')],
			[s('Notes', 'a'), s('Notes', 'bc')],
			[{ title: 'Notes', at: 1, added: 1, removed: 0, excerpt: 'c' }]
		],
		['a moved section is not a change', [s('A', 'x'), s('B', 'y')], [s('B', 'y'), s('A', 'x')], []]
	])('%s', (_name, before, after, expected) => {
		expect(diffSections(before, after)).toEqual(expected);
	});
});
