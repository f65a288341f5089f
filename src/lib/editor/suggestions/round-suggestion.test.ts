import { describe, expect, it } from 'vitest';
import type { ProseMirrorJSON } from '../../domain/templates/protocol';
import {
	roundOfSuggestion,
	roundSuggestionId,
	suggestSection,
	suggestionIds,
	withoutSuggestions
} from './round-suggestion';

const attrs = { id: roundSuggestionId('abc123', 2), author: 'u1', authorName: 'Bob', time: 1 };
const ins = { type: 'suggestionInsert', attrs };
const del = { type: 'suggestionDelete', attrs };
const p = (...content: ProseMirrorJSON[]): ProseMirrorJSON => ({ type: 'paragraph', content });
const t = (text: string, marks?: ProseMirrorJSON['marks']): ProseMirrorJSON =>
	marks ? { type: 'text', text, marks } : { type: 'text', text };
const h = (text: string): ProseMirrorJSON => ({
	type: 'heading',
	attrs: { level: 2 },
	content: [t(text)]
});
const bold = [{ type: 'bold' }];

describe('a round amendment as a tracked change', () => {
	it.each([
		{
			name: 'a word replaced in a paragraph',
			current: [h('9. Budget'), p(t('Le COPIL vote.'))],
			next: [h('9. Budget'), p(t('Le COPIL vote chaque année.'))],
			shown: [h('9. Budget'), p(t('Le COPIL '), t('vote.', [del]), t('vote chaque année.', [ins]))]
		},
		{
			name: 'a paragraph added keeps the others whole',
			current: [h('9. Budget'), p(t('Un', bold))],
			next: [h('9. Budget'), p(t('Un', bold)), p(t('Deux'))],
			shown: [h('9. Budget'), p(t('Un', bold)), p(t('Deux', [ins]))]
		},
		{
			name: 'a paragraph removed is struck, its marks kept',
			current: [h('9. Budget'), p(t('Un', bold)), p(t('Deux'))],
			next: [h('9. Budget'), p(t('Deux'))],
			shown: [h('9. Budget'), p(t('Un', [...bold, del])), p(t('Deux'))]
		},
		{
			name: 'a list item changed inside its list',
			current: [
				h('9. Budget'),
				{ type: 'bulletList', content: [{ type: 'listItem', content: [p(t('a b'))] }] }
			],
			next: [
				h('9. Budget'),
				{ type: 'bulletList', content: [{ type: 'listItem', content: [p(t('a c'))] }] }
			],
			shown: [
				h('9. Budget'),
				{
					type: 'bulletList',
					content: [{ type: 'listItem', content: [p(t('a '), t('b', [del]), t('c', [ins]))] }]
				}
			]
		}
	])('$name', ({ current, next, shown }) => {
		expect(suggestSection(current, next, attrs)).toEqual(shown);
		// Rejecting it gives the section back as it was.
		const owned = (id: string) => roundOfSuggestion(id) === 'abc123';
		expect(withoutSuggestions(shown, owned)).toEqual(current);
	});

	it('leaves other people’s suggestions alone when the round’s is taken out', () => {
		const theirs = { type: 'suggestionInsert', attrs: { ...attrs, id: 'person-1' } };
		const blocks = [h('9. Budget'), p(t('x', [theirs]), t('y', [ins])), p(t('z', [ins]))];
		const owned = (id: string) => roundOfSuggestion(id) === 'abc123';
		expect(withoutSuggestions(blocks, owned)).toEqual([h('9. Budget'), p(t('x', [theirs]))]);
		expect(suggestionIds(blocks)).toEqual(new Set(['person-1', attrs.id]));
	});

	it('refuses what it cannot mark (an inline node other than text changing)', () => {
		const current = [h('9. Budget'), p(t('a'), { type: 'hardBreak' }, t('b'))];
		const next = [h('9. Budget'), p(t('a c'))];
		expect(suggestSection(current, next, attrs)).toEqual([
			h('9. Budget'),
			p(t('a', [del]), { type: 'hardBreak' }, t('b', [del])),
			p(t('a c', [ins]))
		]);
		expect(suggestSection([h('x'), { type: 'image' }], [h('x')], attrs)).toBeNull();
	});

	it('tells a round’s change from a person’s', () => {
		expect(roundOfSuggestion(roundSuggestionId('r0und1d', 3))).toBe('r0und1d');
		expect(roundOfSuggestion('8f3a-1')).toBeNull();
	});
});
