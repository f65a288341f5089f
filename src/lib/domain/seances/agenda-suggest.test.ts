import { describe, expect, it } from 'vitest';
import { suggestAgenda, suggestsAgenda, type WorkState } from './agenda-suggest';
import { SEANCE_STATUSES } from './seance';

const EMPTY: WorkState = {
	day: '2027-03-12',
	previousSeance: null,
	rounds: [],
	decisions: [],
	actions: []
};

describe('suggestAgenda', () => {
	it.each<[string, Partial<WorkState>, string[]]>([
		['nothing to treat', {}, []],
		[
			'the previous minutes',
			{ previousSeance: { id: 's1', title: 'COPIL de février', startsAt: '2027-02-10' } },
			['minutes:s1']
		],
		[
			'open rounds and elections, not closed ones',
			{
				rounds: [
					{ id: 'r1', title: 'Budget', kind: 'consent', closed: false },
					{ id: 'r2', title: 'Secrétaire', kind: 'election', closed: false },
					{ id: 'r3', title: 'Ancien', kind: 'consent', closed: true }
				]
			},
			['round:r1', 'round:r2']
		],
		[
			'a round escalated from its asynchronous window first, linked to the round',
			{
				previousSeance: { id: 's1', title: 'COPIL de février', startsAt: '2027-02-10' },
				rounds: [
					{ id: 'r1', title: 'Budget', kind: 'consent', closed: false, escalatedAt: null },
					{
						id: 'r2',
						title: 'Calendrier',
						kind: 'consent',
						closed: false,
						escalatedAt: '2027-03-01T10:00:00.000Z'
					},
					{ id: 'r3', title: 'Ancien', kind: 'consent', closed: true, escalatedAt: '2027-02-01' }
				]
			},
			['minutes:s1', 'escalated:r2', 'round:r1']
		],
		[
			'decisions due for review by the séance day, oldest first',
			{
				decisions: [
					{ id: 'd1', title: 'Après', reviewDate: '2027-03-13 00:00:00.000Z', outcome: 'adopted' },
					{
						id: 'd2',
						title: 'Le jour',
						reviewDate: '2027-03-12 00:00:00.000Z',
						outcome: 'adopted'
					},
					{ id: 'd3', title: 'Avant', reviewDate: '2027-01-02 00:00:00.000Z', outcome: 'elected' },
					{
						id: 'd4',
						title: 'Retirée',
						reviewDate: '2027-01-02 00:00:00.000Z',
						outcome: 'withdrawn'
					}
				]
			},
			['review:d3', 'review:d2']
		],
		[
			'overdue actions grouped in one item, only when some exist',
			{
				actions: [
					{ id: 'a1', what: 'Envoyer le budget', dueDate: '2027-03-01', status: 'todo' },
					{ id: 'a2', what: 'Fait', dueDate: '2027-03-01', status: 'done' },
					{ id: 'a3', what: 'Plus tard', dueDate: '2027-04-01', status: 'todo' }
				]
			},
			['overdue:actions']
		],
		[
			'items already on the agenda are not suggested again',
			{
				previousSeance: { id: 's1', title: 'COPIL', startsAt: '2027-02-10' },
				rounds: [{ id: 'r1', title: 'Budget', kind: 'consent', closed: false }],
				decisions: [{ id: 'd1', title: 'Due', reviewDate: '2027-03-01', outcome: 'adopted' }],
				taken: { rounds: ['r1'], decisions: ['d1'], minutesOf: ['s1'] }
			},
			[]
		],
		[
			'overdue actions not suggested when the agenda already has an item on the actions',
			{
				actions: [{ id: 'a1', what: 'Envoyer le budget', dueDate: '2027-03-01', status: 'todo' }],
				taken: { rounds: [], decisions: [], minutesOf: [], actions: true }
			},
			[]
		]
	])('%s', (_name, state, keys) => {
		expect(suggestAgenda({ ...EMPTY, ...state }).map((s) => s.key)).toEqual(keys);
	});

	it('links an escalated round’s item to the round, as a consent item', () => {
		const [item] = suggestAgenda({
			...EMPTY,
			rounds: [{ id: 'r2', title: 'Calendrier', kind: 'consent', closed: false, escalatedAt: 'x' }]
		});
		expect(item).toEqual({
			key: 'escalated:r2',
			reason: 'escalated',
			kind: 'consent',
			subject: 'Calendrier',
			durationMinutes: 30,
			link: { round: 'r2' }
		});
	});

	it('orders minutes, rounds, reviews, then actions, with links and durations', () => {
		const suggestions = suggestAgenda({
			...EMPTY,
			previousSeance: { id: 's1', title: 'COPIL de février', startsAt: '2027-02-10' },
			rounds: [{ id: 'r1', title: 'Budget', kind: 'consent', closed: false }],
			decisions: [{ id: 'd1', title: 'Charte', reviewDate: '2027-03-01', outcome: 'adopted' }],
			actions: [{ id: 'a1', what: 'Relancer la mairie', dueDate: '2027-03-10', status: 'doing' }]
		});
		expect(suggestions).toEqual([
			{
				key: 'minutes:s1',
				reason: 'minutes',
				kind: 'approval',
				subject: 'COPIL de février',
				durationMinutes: 5,
				link: { minutesOf: 's1' }
			},
			{
				key: 'round:r1',
				reason: 'round',
				kind: 'consent',
				subject: 'Budget',
				durationMinutes: 30,
				link: { round: 'r1' }
			},
			{
				key: 'review:d1',
				reason: 'review',
				kind: 'review',
				subject: 'Charte',
				durationMinutes: 15,
				link: { decision: 'd1' }
			},
			{
				key: 'overdue:actions',
				reason: 'overdue',
				kind: 'actions',
				subject: 'Relancer la mairie',
				durationMinutes: 7,
				link: {},
				count: 1
			}
		]);
	});
});

describe('suggestsAgenda', () => {
	it('suggests while the séance is planned or running, not once it is closed or cancelled', () => {
		expect(SEANCE_STATUSES.filter(suggestsAgenda)).toEqual(['planned', 'running']);
	});
});
