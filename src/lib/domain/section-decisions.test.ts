import { describe, expect, it } from 'vitest';
import {
	compareGroups,
	sectionDecisionState,
	sectionGroup,
	type SectionDecision,
	type SectionRound
} from './section-decisions';

const ADOPTED: SectionDecision = {
	id: 'dec000000000001',
	kind: 'consent',
	outcome: 'adopted',
	decidedAt: '2027-03-12T10:00:00.000Z',
	reviewDate: '2027-09-12',
	hash: 'adopted',
	mode: 'live',
	writeback: { outcome: 'applied', hash: 'adopted', at: '2027-03-12T10:00:01.000Z' }
};
const ROUND: SectionRound = {
	id: 'rnd000000000001',
	kind: 'consent',
	title: 'Révision',
	phase: 'objections',
	mode: 'live',
	closesAt: null
};
const TODAY = '2027-04-01';

describe('sectionDecisionState', () => {
	it.each<{
		name: string;
		decisions: SectionDecision[];
		rounds?: SectionRound[];
		currentHash: string | null;
		today?: string;
		badges: string[];
		group: string;
	}>([
		{ name: 'no decision, no round', decisions: [], currentHash: 'x', badges: [], group: 'none' },
		{
			name: 'a round running on it',
			decisions: [],
			rounds: [ROUND],
			currentHash: 'x',
			badges: ['in_round'],
			group: 'in_round'
		},
		{
			name: 'adopted and unchanged',
			decisions: [ADOPTED],
			currentHash: 'adopted',
			badges: ['adopted'],
			group: 'decided'
		},
		{
			name: 'adopted, then edited',
			decisions: [ADOPTED],
			currentHash: 'edited',
			badges: ['modified', 'adopted'],
			group: 'modified'
		},
		{
			name: 'adopted, text not known yet (loading)',
			decisions: [ADOPTED],
			currentHash: null,
			badges: ['adopted'],
			group: 'decided'
		},
		{
			name: 'review date come',
			decisions: [ADOPTED],
			currentHash: 'adopted',
			today: '2027-09-12',
			badges: ['review_due', 'adopted'],
			group: 'review_due'
		},
		{
			name: 'adopted, waiting for the facilitator’s three-way choice',
			decisions: [{ ...ADOPTED, writeback: null }],
			currentHash: 'changed-meanwhile',
			badges: ['write_pending', 'modified', 'adopted'],
			group: 'write_pending'
		},
		{
			name: 'current text kept, divergence recorded (even if it matches by chance later)',
			decisions: [{ ...ADOPTED, writeback: { outcome: 'kept_current', hash: 'current', at: '' } }],
			currentHash: 'current',
			badges: ['modified', 'adopted'],
			group: 'modified'
		},
		{
			name: 'a merge written is the text to compare with',
			decisions: [{ ...ADOPTED, writeback: { outcome: 'merged', hash: 'merge', at: '' } }],
			currentHash: 'merge',
			badges: ['adopted'],
			group: 'decided'
		},
		{
			name: 'the latest decision wins (renewal)',
			decisions: [
				{ ...ADOPTED, hash: 'old', reviewDate: '2027-03-20' },
				{
					...ADOPTED,
					id: 'dec000000000002',
					decidedAt: '2027-03-21T10:00:00.000Z',
					reviewDate: '2028-03-21',
					writeback: { outcome: 'applied', hash: 'adopted', at: '' }
				}
			],
			currentHash: 'adopted',
			badges: ['adopted'],
			group: 'decided'
		},
		{
			name: 'a withdrawn proposal says nothing',
			decisions: [{ ...ADOPTED, outcome: 'withdrawn', writeback: null }],
			currentHash: 'x',
			badges: [],
			group: 'none'
		},
		{
			name: 'an election in the COPIL part, then a renewal round',
			decisions: [
				{
					...ADOPTED,
					kind: 'election',
					outcome: 'elected',
					writeback: { outcome: 'elected', hash: 'x', at: '' }
				}
			],
			rounds: [ROUND],
			currentHash: 'anything',
			badges: ['in_round', 'elected'],
			group: 'in_round'
		}
	])('$name', ({ decisions, rounds = [], currentHash, today = TODAY, badges, group }) => {
		const state = sectionDecisionState({ decisions, rounds, currentHash, today });
		expect(state.badges).toEqual(badges);
		expect(sectionGroup(state)).toBe(group);
	});

	it('orders the groups by what needs someone first', () => {
		const groups = [
			'none',
			'decided',
			'modified',
			'in_round',
			'review_due',
			'write_pending'
		] as const;
		expect([...groups].sort(compareGroups)).toEqual([
			'in_round',
			'write_pending',
			'review_due',
			'modified',
			'decided',
			'none'
		]);
	});
});
