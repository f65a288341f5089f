import { describe, expect, it } from 'vitest';
import { insertMention, mentionQueryAt, mentionedMembers, suggestMembers } from './mentions';

const members = [
	{ userId: 'c', name: 'Camille Rousseau' },
	{ userId: 'h', name: 'Hélène Dubois' },
	{ userId: 'j', name: 'Jean Lefèvre' }
];

describe('mentionedMembers', () => {
	it.each([
		['merci @Camille Rousseau !', ['c']],
		['@Hélène Dubois et @Jean Lefèvre', ['h', 'j']],
		['courriel jean@Jean Lefèvre', []],
		['@Camille Rousseau @Camille Rousseau', ['c']],
		['rien', []]
	])('%s', (body, expected) => {
		expect(mentionedMembers(body, members)).toEqual(expected);
	});
});

describe('mentionQueryAt', () => {
	it.each([
		['bonjour @hel', 12, { start: 8, query: 'hel' }],
		['@', 1, { start: 0, query: '' }],
		['a@b', 3, null],
		['pas de mention', 14, null],
		['@x\ny', 4, null]
	])('%j at %d', (text, caret, expected) => {
		expect(mentionQueryAt(text, caret)).toEqual(expected);
	});
});

describe('suggestMembers', () => {
	it('matches word starts, ignoring accents and case', () => {
		expect(suggestMembers(members, 'hel').map((m) => m.userId)).toEqual(['h']);
		expect(suggestMembers(members, 'lef').map((m) => m.userId)).toEqual(['j']);
		expect(suggestMembers(members, '').length).toBe(3);
		expect(suggestMembers(members, 'zz')).toEqual([]);
	});
});

describe('insertMention', () => {
	it('replaces the query with the name and moves the caret after it', () => {
		const query = { start: 8, query: 'hel' };
		expect(insertMention('bonjour @hel', query, members[1]!)).toEqual({
			text: 'bonjour @Hélène Dubois ',
			caret: 23
		});
	});
});
