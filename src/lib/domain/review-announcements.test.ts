import { describe, expect, it } from 'vitest';
import { reviewArrivals, shortQuote, type AnnounceThread } from './review-announcements';

const msg = (id: string, authorId: string) => ({ id, authorId, authorName: `Nom ${authorId}` });
const thread = (
	id: string,
	messages: ReturnType<typeof msg>[],
	kind: AnnounceThread['kind'] = 'comment'
): AnnounceThread => ({ id, kind, quote: `Passage ${id}`, messages });

describe('reviewArrivals', () => {
	it.each([
		['nothing new', [thread('t1', [msg('m1', 'b')])], [thread('t1', [msg('m1', 'b')])], []],
		[
			'a new comment by someone else',
			[],
			[thread('t1', [msg('m1', 'b')])],
			[{ kind: 'comment', authorName: 'Nom b', quote: 'Passage t1' }]
		],
		[
			'an objection raised in a round, by someone else',
			[],
			[{ ...thread('t1', [], 'objection'), authorId: 'b', authorName: 'Nom b' }],
			[{ kind: 'objection', authorName: 'Nom b', quote: 'Passage t1' }]
		],
		[
			'one’s own objection',
			[],
			[{ ...thread('t1', [], 'objection'), authorId: 'a', authorName: 'Nom a' }],
			[]
		],
		[
			'a new suggestion',
			[],
			[thread('t1', [msg('m1', 'b')], 'suggestion')],
			[{ kind: 'suggestion', authorName: 'Nom b', quote: 'Passage t1' }]
		],
		[
			'a reply in a known thread',
			[thread('t1', [msg('m1', 'a')])],
			[thread('t1', [msg('m1', 'a'), msg('m2', 'b')])],
			[{ kind: 'reply', authorName: 'Nom b', quote: 'Passage t1' }]
		],
		['my own comment is not announced', [], [thread('t1', [msg('m1', 'a')])], []],
		[
			'my new thread answered at once: only the reply',
			[],
			[thread('t1', [msg('m1', 'a'), msg('m2', 'c')])],
			[{ kind: 'reply', authorName: 'Nom c', quote: 'Passage t1' }]
		],
		[
			'the first message about a tracked change (inserted text only): a reply about it',
			[],
			[{ ...thread('t1', [msg('m1', 'b')], 'change'), quote: '', replacement: 'deux fois par an' }],
			[{ kind: 'reply', authorName: 'Nom b', quote: 'deux fois par an' }]
		],
		['a thread that disappeared', [thread('t1', [msg('m1', 'b')])], [], []]
	])('%s', (_label, previous, next, expected) => {
		expect(reviewArrivals(previous, next, 'a')).toEqual(expected);
	});
});

describe('shortQuote', () => {
	it('keeps short passages and flattens spaces', () => {
		expect(shortQuote('  Le   COPIL\nse réunit ')).toBe('Le COPIL se réunit');
	});
	it('shortens long passages with an ellipsis', () => {
		const quote = shortQuote('mot '.repeat(40));
		expect(quote.length).toBeLessThanOrEqual(60);
		expect(quote.endsWith('…')).toBe(true);
	});
});
