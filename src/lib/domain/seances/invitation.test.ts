import { describe, expect, it } from 'vitest';
import { planInvitations, type InvitedSeance } from './invitation';

const base: InvitedSeance = {
	title: 'COPIL n° 3',
	startsAt: '2027-03-30 15:00:00.000Z',
	durationMinutes: 120,
	place: 'Mairie, salle du conseil',
	visioUrl: '',
	status: 'planned',
	invitees: ['ana', 'ben'],
	sequence: 0
};
const with_ = (patch: Partial<InvitedSeance>): InvitedSeance => ({ ...base, ...patch });

describe('planInvitations', () => {
	it.each([
		[
			'a new séance invites everyone but its organiser',
			null,
			with_({ invitees: ['ana', 'ben', 'org'] }),
			0,
			['ana:invitation', 'ben:invitation']
		],
		['nothing changed: nothing sent', base, base, 0, []],
		[
			'a new invitee only: one invitation',
			base,
			with_({ invitees: ['ana', 'ben', 'cid'] }),
			0,
			['cid:invitation']
		],
		[
			'a new date: an update to each',
			base,
			with_({ startsAt: '2027-03-31 15:00:00.000Z' }),
			1,
			['ana:update', 'ben:update']
		],
		['a new place: an update', base, with_({ place: 'En ligne' }), 1, ['ana:update', 'ben:update']],
		[
			'a video link added: an update',
			base,
			with_({ visioUrl: 'https://visio.test/copil' }),
			1,
			['ana:update', 'ben:update']
		],
		[
			'a longer séance: an update',
			base,
			with_({ durationMinutes: 150 }),
			1,
			['ana:update', 'ben:update']
		],
		[
			'a member no longer invited: a cancellation to them',
			base,
			with_({ invitees: ['ana'] }),
			1,
			['ben:cancel']
		],
		[
			'date changed and a member added: updates and an invitation',
			with_({ sequence: 2 }),
			with_({ sequence: 2, startsAt: '2027-04-01 15:00:00.000Z', invitees: ['ana', 'ben', 'cid'] }),
			3,
			['ana:update', 'ben:update', 'cid:invitation']
		],
		[
			'cancelled: a cancellation to everyone',
			base,
			with_({ status: 'cancelled' }),
			1,
			['ana:cancel', 'ben:cancel']
		],
		[
			'already cancelled: nothing more',
			with_({ status: 'cancelled', sequence: 1 }),
			with_({ status: 'cancelled', sequence: 1, place: 'x' }),
			1,
			[]
		],
		['a status change of the run (started): nothing', base, with_({ status: 'running' }), 0, []]
	])('%s', (_, before, after, sequence, sends) => {
		const plan = planInvitations(before, after, 'org');
		expect(plan.sequence).toBe(sequence);
		expect(plan.sends.map((s) => `${s.user}:${s.message}`).sort()).toEqual(sends);
	});

	it('never sends the organiser their own change', () => {
		const plan = planInvitations(
			base,
			with_({ place: 'Ailleurs', invitees: ['ana', 'org'] }),
			'org'
		);
		expect(plan.sends.map((s) => `${s.user}:${s.message}`).sort()).toEqual([
			'ana:update',
			'ben:cancel'
		]);
	});
});
