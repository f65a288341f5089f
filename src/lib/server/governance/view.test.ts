import { describe, expect, it } from 'vitest';
import { applyRoundEvent, createConsentRound, type ConsentRound } from '../../domain/consent-round';
import { applyElectionEvent, createElection, type Election } from '../../domain/election';
import { consentView, electionView } from './view';

const at = '2026-03-01T10:00:00.000Z';

function must<T>(result: { ok: true; state: T } | { ok: false; error: string }): T {
	if (!result.ok) throw new Error(result.error);
	return result.state;
}

function objectionRound(hide: boolean): ConsentRound {
	let round = must(
		createConsentRound({
			facilitatorId: 'fac',
			proposerId: 'ana',
			participants: ['ana', 'ben'],
			text: 'Texte',
			hash: 'h1',
			at,
			hidePositionsUntilReveal: hide
		})
	);
	for (let i = 0; i < 4; i++)
		round = must(applyRoundEvent(round, { type: 'advance', by: 'fac', at }));
	round = must(
		applyRoundEvent(round, {
			type: 'record_position',
			by: 'ana',
			at,
			kind: 'objection',
			text: 'Non',
			objectionId: 'o1'
		})
	);
	return round;
}

describe('consentView', () => {
	it.each([
		// hide, viewer, positions seen, objections seen
		[false, 'ben', 1, 1],
		[true, 'ben', 0, 0],
		[true, 'ana', 1, 1],
		[true, 'fac', 1, 1],
		[true, null, 0, 0]
	] as const)('hide=%s viewer=%s sees %i positions, %i objections', (hide, viewer, p, o) => {
		const view = consentView(objectionRound(hide), viewer);
		expect(view.positions).toHaveLength(p);
		expect(view.objections).toHaveLength(o);
	});

	it('shows everything once revealed', () => {
		const revealed = must(applyRoundEvent(objectionRound(true), { type: 'reveal', by: 'fac', at }));
		expect(consentView(revealed, null).positions).toHaveLength(1);
		expect(consentView(revealed, 'ben').objections).toHaveLength(1);
	});
});

describe('electionView', () => {
	it('keeps nominations secret until they are revealed together', () => {
		let election: Election = must(
			createElection({
				facilitatorId: 'fac',
				participants: ['ana', 'ben'],
				role: { title: 'Secrétaire', mission: 'Registre', skills: '', termMonths: 12 }
			})
		);
		election = must(applyElectionEvent(election, { type: 'advance', by: 'fac', at }));
		election = must(
			applyElectionEvent(election, { type: 'nominate', by: 'ana', at, nomineeId: 'ben' })
		);
		expect(electionView(election, 'ben').nominations).toEqual([]);
		expect(electionView(election, null).nominations).toEqual([]);
		expect(electionView(election, 'ana').nominations).toHaveLength(1);
		election = must(
			applyElectionEvent(election, { type: 'nominate', by: 'ben', at, nomineeId: 'ben' })
		);
		election = must(applyElectionEvent(election, { type: 'advance', by: 'fac', at }));
		expect(electionView(election, null).nominations).toHaveLength(2);
	});
});
