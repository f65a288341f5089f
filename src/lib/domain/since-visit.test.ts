import { describe, expect, it } from 'vitest';
import {
	isEmptySummary,
	summarizeSinceVisit,
	type Activity,
	type LoggedChange
} from './since-visit';

const me = { id: 'me', name: 'Jean Lefèvre' };
const karim = { id: 'karim', name: 'Karim Benali' };
const sophie = { id: 'sophie', name: 'Sophie Marchand' };
const SEEN = '2026-12-01 10:00:00.000Z';
const BEFORE = '2026-12-01 09:00:00.000Z';
const AFTER = (minute: number) => `2026-12-01 11:${String(minute).padStart(2, '0')}:00.000Z`;

function text(
	at: string,
	authors: (typeof me)[],
	section: string,
	added = 1,
	removed = 0
): LoggedChange {
	return {
		kind: 'text',
		at,
		authors,
		section,
		added,
		removed,
		excerpt: added ? 'x' : '',
		changeId: ''
	};
}
function suggestion(
	kind: 'suggestion' | 'suggestion_resolved',
	at: string,
	authors: (typeof me)[],
	changeId: string
): LoggedChange {
	return {
		kind,
		at,
		authors,
		section: 'Calendrier',
		added: 0,
		removed: 0,
		excerpt: '2027',
		changeId
	};
}
function activity(
	kind: Activity['kind'],
	at: string,
	author: typeof me | null,
	id = 't1'
): Activity {
	return { kind, at, author, threadId: kind === 'decision' ? '' : id, label: 'Le passage' };
}

describe('summarizeSinceVisit', () => {
	it.each<{
		name: string;
		changes: LoggedChange[];
		activity: Activity[];
		expected: Partial<ReturnType<typeof summarizeSinceVisit>>;
	}>([
		{
			name: 'nothing since the visit',
			changes: [text(BEFORE, [karim], 'Contexte')],
			activity: [activity('comment', BEFORE, karim)],
			expected: { editors: [], sections: [], comments: 0, steps: [] }
		},
		{
			name: 'my own changes are not news to me',
			changes: [text(AFTER(1), [me], 'Contexte'), suggestion('suggestion', AFTER(2), [me], 's1')],
			activity: [activity('comment', AFTER(3), me), activity('reply', AFTER(4), me)],
			expected: { editors: [], suggestionsMade: 0, comments: 0, replies: 0, steps: [] }
		},
		{
			name: 'one person edits three sections, twice in one of them',
			changes: [
				text(AFTER(1), [karim], 'Contexte', 3, 1),
				text(AFTER(2), [karim], 'Calendrier', 2),
				text(AFTER(3), [karim], 'Contexte', 4, 0),
				text(AFTER(4), [karim], 'Budget', 0, 5)
			],
			activity: [],
			expected: {
				editors: [{ name: 'Karim Benali', sections: 3 }],
				sections: [
					{ title: 'Contexte', authors: ['Karim Benali'], added: 7, removed: 1, excerpt: 'x' },
					{ title: 'Calendrier', authors: ['Karim Benali'], added: 2, removed: 0, excerpt: 'x' },
					{ title: 'Budget', authors: ['Karim Benali'], added: 0, removed: 5, excerpt: '' }
				]
			}
		},
		{
			name: 'two people in one section; me left out of a shared change',
			changes: [text(AFTER(1), [karim, me], 'Contexte'), text(AFTER(2), [sophie], 'Contexte')],
			activity: [],
			expected: {
				editors: [
					{ name: 'Karim Benali', sections: 1 },
					{ name: 'Sophie Marchand', sections: 1 }
				],
				sections: [
					{
						title: 'Contexte',
						authors: ['Karim Benali', 'Sophie Marchand'],
						added: 2,
						removed: 0,
						excerpt: 'x'
					}
				]
			}
		},
		{
			name: 'suggestions proposed and resolved, comments, replies and decisions counted',
			changes: [
				suggestion('suggestion', AFTER(1), [sophie], 's1'),
				suggestion('suggestion', AFTER(2), [sophie], 's2'),
				suggestion('suggestion_resolved', AFTER(3), [karim], 's1')
			],
			activity: [
				activity('reply', AFTER(6), sophie, 't2'),
				activity('comment', AFTER(5), karim),
				activity('decision', AFTER(7), null)
			],
			expected: {
				suggestionsMade: 2,
				suggestionsResolved: 1,
				comments: 1,
				replies: 1,
				decisions: 1,
				steps: [
					{
						kind: 'suggestion',
						title: 'Calendrier',
						changeId: 's1',
						authors: ['Sophie Marchand'],
						excerpt: '2027'
					},
					{
						kind: 'suggestion',
						title: 'Calendrier',
						changeId: 's2',
						authors: ['Sophie Marchand'],
						excerpt: '2027'
					},
					{
						kind: 'suggestion_resolved',
						title: 'Calendrier',
						changeId: 's1',
						authors: ['Karim Benali'],
						excerpt: '2027'
					},
					{ kind: 'comment', threadId: 't1', authors: ['Karim Benali'], label: 'Le passage' },
					{ kind: 'reply', threadId: 't2', authors: ['Sophie Marchand'], label: 'Le passage' },
					{ kind: 'decision', label: 'Le passage' }
				]
			}
		},
		{
			name: 'ISO dates with a T read the same',
			changes: [text('2026-12-01T10:00:01.000Z', [karim], 'Contexte')],
			activity: [],
			expected: { editors: [{ name: 'Karim Benali', sections: 1 }] }
		},
		{
			name: 'a change at the very instant of the visit was seen',
			changes: [text(SEEN, [karim], 'Contexte')],
			activity: [],
			expected: { editors: [] }
		}
	])('$name', ({ changes, activity: items, expected }) => {
		const summary = summarizeSinceVisit({ me: me.id, seenAt: SEEN, changes, activity: items });
		expect(summary).toMatchObject(expected);
	});

	it('is empty when nobody else did anything', () => {
		const summary = summarizeSinceVisit({ me: me.id, seenAt: SEEN, changes: [], activity: [] });
		expect(isEmptySummary(summary)).toBe(true);
	});
});
