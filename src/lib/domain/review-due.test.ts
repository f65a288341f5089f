import { describe, expect, it } from 'vitest';
import { dueFirst, isReviewDue, remindersToSend } from './review-due';

const TODAY = '2027-06-15';

describe('isReviewDue', () => {
	it.each([
		{ reviewDate: '2027-06-15', outcome: 'adopted', due: true },
		{ reviewDate: '2027-06-14', outcome: 'adopted', due: true },
		{ reviewDate: '2027-06-16', outcome: 'adopted', due: false },
		{ reviewDate: '2027-06-15 00:00:00.000Z', outcome: 'adopted', due: true },
		{ reviewDate: '2027-01-01', outcome: 'elected', due: true },
		{ reviewDate: '2027-01-01', outcome: 'withdrawn', due: false },
		{ reviewDate: '2027-01-01', outcome: 'postponed', due: false },
		{ reviewDate: '', outcome: 'adopted', due: false },
		{ reviewDate: 'bientôt', outcome: 'adopted', due: false }
	])('$reviewDate ($outcome) → $due', ({ reviewDate, outcome, due }) => {
		expect(isReviewDue({ id: 'd', reviewDate, outcome }, TODAY)).toBe(due);
	});
});

describe('dueFirst', () => {
	it('puts due entries first, oldest review date first, and keeps the others in order', () => {
		const entries = [
			{ id: 'a', reviewDate: '2028-01-01', outcome: 'adopted' },
			{ id: 'b', reviewDate: '2027-06-01', outcome: 'adopted' },
			{ id: 'c', reviewDate: '', outcome: 'withdrawn' },
			{ id: 'd', reviewDate: '2027-02-01', outcome: 'elected' }
		];
		expect(dueFirst(entries, TODAY).map((e) => e.id)).toEqual(['d', 'b', 'a', 'c']);
	});
});

describe('remindersToSend', () => {
	const members: Record<string, string[]> = { x1: ['u1', 'u2'], x2: ['u3'] };
	const decisions = [
		{ id: 'd1', experiment: 'x1', reviewDate: '2027-06-01', outcome: 'adopted' },
		{ id: 'd2', experiment: 'x1', reviewDate: '2027-07-01', outcome: 'adopted' },
		{ id: 'd3', experiment: 'x2', reviewDate: '2027-06-15', outcome: 'elected' }
	];
	it.each([
		{
			name: 'every member of each due decision',
			sent: [],
			expected: ['d1/u1', 'd1/u2', 'd3/u3']
		},
		{
			name: 'never twice for the same decision and member',
			sent: [
				{ decisionId: 'd1', userId: 'u1' },
				{ decisionId: 'd3', userId: 'u3' }
			],
			expected: ['d1/u2']
		}
	])('$name', ({ sent, expected }) => {
		const out = remindersToSend(decisions, (e) => members[e] ?? [], sent, TODAY);
		expect(out.map((r) => `${r.decisionId}/${r.userId}`)).toEqual(expected);
	});
});
