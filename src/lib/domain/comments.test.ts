import { describe, expect, it } from 'vitest';
import {
	COMMENT_BODY_MAX,
	changeStatus,
	checkCommentBody,
	checkReplacement,
	matchesFilter,
	quoteOf,
	reviewRecipients,
	safeHref,
	segmentBody
} from './comments';

describe('checkCommentBody', () => {
	it.each([
		['  hello \r\n world ', { ok: true, value: 'hello \n world' }],
		['   ', { ok: false, error: 'empty', max: COMMENT_BODY_MAX }],
		['\u0000\u0007', { ok: false, error: 'empty', max: COMMENT_BODY_MAX }],
		['x'.repeat(COMMENT_BODY_MAX + 1), { ok: false, error: 'too_long', max: COMMENT_BODY_MAX }],
		['<b>x</b>', { ok: true, value: '<b>x</b>' }]
	])('%j', (input, expected) => {
		expect(checkCommentBody(input)).toEqual(expected);
	});
});

describe('checkReplacement', () => {
	it('allows an empty replacement (delete) and joins lines', () => {
		expect(checkReplacement('')).toEqual({ ok: true, value: '' });
		expect(checkReplacement('a\nb')).toEqual({ ok: true, value: 'a b' });
		expect(checkReplacement('y'.repeat(6000)).ok).toBe(false);
	});
});

describe('quoteOf', () => {
	it('collapses whitespace and shortens long passages', () => {
		expect(quoteOf(' a \n  b ')).toBe('a b');
		const long = quoteOf('z'.repeat(3000));
		expect(long.length).toBe(2000);
		expect(long.endsWith('…')).toBe(true);
	});

	it('gives a quote the server accepts: no control or broken character, no split emoji', () => {
		expect(quoteOf('a\u0000b\u0085c\ufffdd\ud800e')).toBe('abcde');
		const emoji = quoteOf(`${'z'.repeat(1998)}😀😀`);
		expect(emoji).toBe(`${'z'.repeat(1998)}…`);
		expect(emoji.length).toBeLessThanOrEqual(2000);
	});
});

describe('safeHref', () => {
	it.each([
		['https://example.org/a?b=1', 'https://example.org/a?b=1'],
		['http://example.org', 'http://example.org/'],
		['mailto:a@b.fr', 'mailto:a@b.fr'],
		['javascript:alert(1)', null],
		['data:text/html,x', null],
		['not a url', null]
	])('%s', (input, expected) => {
		expect(safeHref(input)).toBe(expected);
	});
});

describe('segmentBody', () => {
	const members = [
		{ userId: 'u1', name: 'Camille Rousseau' },
		{ userId: 'u2', name: 'Camille' }
	];
	it.each([
		['plain', [{ kind: 'text', text: 'plain' }]],
		[
			'voir https://ex.org/p. ok',
			[
				{ kind: 'text', text: 'voir ' },
				{ kind: 'link', text: 'https://ex.org/p', href: 'https://ex.org/p' },
				{ kind: 'text', text: '. ok' }
			]
		],
		['javascript:alert(1)', [{ kind: 'text', text: 'javascript:alert(1)' }]],
		[
			'@Camille Rousseau et @Camille',
			[
				{ kind: 'mention', text: '@Camille Rousseau', userId: 'u1' },
				{ kind: 'text', text: ' et ' },
				{ kind: 'mention', text: '@Camille', userId: 'u2' }
			]
		],
		['mail@Camille', [{ kind: 'text', text: 'mail@Camille' }]],
		['<script>x</script>', [{ kind: 'text', text: '<script>x</script>' }]]
	])('%s', (input, expected) => {
		const segments = segmentBody(input, members);
		expect(segments).toEqual(expected);
		expect(segments.map((s) => s.text).join('')).toBe(input);
	});
});

describe('matchesFilter', () => {
	const thread = { authorId: 'a', status: 'open' as const, participantIds: ['b'] };
	it.each([
		['open', 'x', true],
		['resolved', 'x', false],
		['mine', 'a', true],
		['mine', 'b', true],
		['mine', 'c', false]
	] as const)('%s for %s', (filter, user, expected) => {
		expect(matchesFilter(thread, filter, user)).toBe(expected);
	});
	it('counts accepted and rejected suggestions as resolved', () => {
		expect(matchesFilter({ ...thread, status: 'accepted' }, 'resolved', 'x')).toBe(true);
	});
});

describe('changeStatus', () => {
	const commenter = { comment: true, edit: false };
	const editor = { comment: true, edit: true };
	it.each([
		[{ kind: 'comment', status: 'open' }, 'resolve', commenter, { ok: true, status: 'resolved' }],
		[
			{ kind: 'objection', status: 'open' },
			'resolve',
			editor,
			{ ok: false, error: 'invalid_transition' }
		],
		[
			{ kind: 'objection', status: 'resolved' },
			'reopen',
			editor,
			{ ok: false, error: 'invalid_transition' }
		],
		[{ kind: 'comment', status: 'resolved' }, 'reopen', commenter, { ok: true, status: 'open' }],
		[
			{ kind: 'comment', status: 'open' },
			'reopen',
			commenter,
			{ ok: false, error: 'invalid_transition' }
		],
		[
			{ kind: 'suggestion', status: 'open' },
			'accept',
			commenter,
			{ ok: false, error: 'forbidden' }
		],
		[{ kind: 'suggestion', status: 'open' }, 'accept', editor, { ok: true, status: 'accepted' }],
		[{ kind: 'suggestion', status: 'open' }, 'reject', editor, { ok: true, status: 'rejected' }],
		[
			{ kind: 'comment', status: 'open' },
			'accept',
			editor,
			{ ok: false, error: 'invalid_transition' }
		],
		[
			{ kind: 'suggestion', status: 'accepted' },
			'reject',
			editor,
			{ ok: false, error: 'invalid_transition' }
		],
		// A tracked change's thread closes with the change's decision, by an editor only.
		[{ kind: 'change', status: 'open' }, 'accept', editor, { ok: true, status: 'accepted' }],
		[{ kind: 'change', status: 'open' }, 'reject', editor, { ok: true, status: 'rejected' }],
		[{ kind: 'change', status: 'open' }, 'accept', commenter, { ok: false, error: 'forbidden' }],
		[
			{ kind: 'change', status: 'open' },
			'resolve',
			editor,
			{ ok: false, error: 'invalid_transition' }
		],
		[
			{ kind: 'change', status: 'rejected' },
			'accept',
			editor,
			{ ok: false, error: 'invalid_transition' }
		],
		[
			{ kind: 'comment', status: 'open' },
			'resolve',
			{ comment: false, edit: false },
			{ ok: false, error: 'forbidden' }
		]
	] as const)('%j %s', (thread, change, rights, expected) => {
		expect(changeStatus(thread, change, rights)).toEqual(expected);
	});
});

describe('reviewRecipients', () => {
	const kinds = (map: Map<string, string>) => Object.fromEntries(map);
	it.each([
		[{ event: 'comment', actorId: 'a', mentions: ['b', 'a'] }, { b: 'mention' }],
		[
			{
				event: 'reply',
				actorId: 'a',
				mentions: ['c'],
				threadAuthorId: 'c',
				participantIds: ['d', 'a']
			},
			{ c: 'mention', d: 'reply' }
		],
		[
			{ event: 'suggestion', actorId: 'p', mentions: [], editorIds: ['e1', 'e2', 'p'] },
			{ e1: 'suggestion', e2: 'suggestion' }
		],
		[{ event: 'resolved', actorId: 'e', mentions: [], threadAuthorId: 'p' }, { p: 'resolved' }],
		[{ event: 'accepted', actorId: 'e', mentions: [], threadAuthorId: 'e' }, {}]
	] as const)('%j', (input, expected) => {
		expect(kinds(reviewRecipients(input))).toEqual(expected);
	});
});
