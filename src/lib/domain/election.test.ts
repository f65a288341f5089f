import { describe, expect, it } from 'vitest';
import {
	addMonths,
	applyElectionEvent,
	createElection,
	nominationsRevealed,
	tally,
	visibleNominations,
	type Election,
	type ElectionError,
	type ElectionEvent,
	type ElectionPhase
} from './election';

const FAC = 'fac';
const ANA = 'ana';
const BOB = 'bob';
const CHLOE = 'chloe';
const T = (m: number) => new Date(Date.parse('2027-03-12T09:00:00Z') + m * 60_000).toISOString();
const role = {
	title: 'Secrétaire du COPIL',
	mission: 'Rédiger les comptes rendus',
	skills: 'Synthèse',
	termMonths: 12
};

function start(): Election {
	const result = createElection({ facilitatorId: FAC, participants: [ANA, BOB, CHLOE], role });
	if (!result.ok) throw new Error(result.error);
	return result.state;
}

function run(election: Election, events: ElectionEvent[]): Election {
	return events.reduce((state, event, i) => {
		const result = applyElectionEvent(state, event);
		if (!result.ok) throw new Error(`event ${i} (${event.type}) refused: ${result.error}`);
		return result.state;
	}, election);
}

const advance = (by = FAC): ElectionEvent => ({ type: 'advance', by, at: T(1) });
const nominate = (by: string, nomineeId: string, m = 2): ElectionEvent => ({
	type: 'nominate',
	by,
	at: T(m),
	nomineeId
});
const consent = (by: string): ElectionEvent => ({
	type: 'record_position',
	by,
	at: T(10),
	kind: 'consent',
	text: ''
});

function inPhase(phase: ElectionPhase): Election {
	const nominated = () =>
		run(start(), [advance(), nominate(ANA, BOB), nominate(BOB, BOB), nominate(CHLOE, ANA)]);
	switch (phase) {
		case 'description':
			return start();
		case 'nomination':
			return run(start(), [advance()]);
		case 'justification':
			return run(nominated(), [advance()]);
		case 'change':
			return run(nominated(), [advance(), advance()]);
		case 'proposal':
			return run(nominated(), [advance(), advance(), advance()]);
		case 'objections':
			return run(inPhase('proposal'), [
				{ type: 'propose', by: FAC, at: T(5), nomineeId: BOB, rationale: 'Deux nominations' },
				advance()
			]);
		case 'integration':
			return run(inPhase('objections'), [
				{
					type: 'record_position',
					by: ANA,
					at: T(9),
					kind: 'objection',
					text: 'Bob part en mai.',
					objectionId: 'o1'
				},
				advance()
			]);
		case 'elected':
			return run(inPhase('objections'), [
				consent(ANA),
				consent(CHLOE),
				consent(BOB),
				{ type: 'elect', by: FAC, at: T(20), termStart: '2027-04-01' }
			]);
		case 'cancelled':
			return run(start(), [{ type: 'cancel', by: FAC, at: T(1) }]);
	}
}

describe('election without candidates', () => {
	it('runs to an elected person with a term and end date', () => {
		const election = inPhase('elected');
		expect(election.result).toEqual({
			electedId: BOB,
			at: T(20),
			termStart: '2027-04-01',
			termEnd: '2028-04-01'
		});
	});

	it('keeps nominations secret until they are all revealed together', () => {
		const during = run(inPhase('nomination'), [nominate(ANA, BOB), nominate(BOB, CHLOE)]);
		expect(visibleNominations(during, ANA)).toEqual([expect.objectContaining({ voterId: ANA })]);
		const revealed = run(during, [nominate(CHLOE, ANA), advance()]);
		expect(visibleNominations(revealed, ANA)).toHaveLength(3);
	});

	const cancel: ElectionEvent = { type: 'cancel', by: FAC, at: T(30) };
	const allNominated = () =>
		run(start(), [advance(), nominate(ANA, BOB), nominate(BOB, BOB), nominate(CHLOE, ANA)]);
	const legacy = (election: Election): Election => {
		const copy: Election = { ...election };
		delete copy.nominationsRevealed;
		return copy;
	};
	it.each<[string, () => Election, number]>([
		['during the nomination round', () => run(inPhase('nomination'), [nominate(ANA, BOB)]), 1],
		['cancelled during the nomination round', () => run(allNominated(), [cancel]), 1],
		['cancelled before anyone nominated', () => run(start(), [advance(), cancel]), 0],
		['in the justification round', () => inPhase('justification'), 3],
		['cancelled during the justification round', () => run(inPhase('justification'), [cancel]), 3],
		['cancelled during the proposal', () => run(inPhase('proposal'), [cancel]), 3],
		['elected', () => inPhase('elected'), 3],
		['older state cancelled in nomination', () => legacy(run(allNominated(), [cancel])), 1],
		[
			'older state cancelled after a justification go-around',
			() =>
				legacy(
					run(inPhase('justification'), [
						{
							type: 'start_go_around',
							by: FAC,
							at: T(3),
							order: [ANA, BOB, CHLOE],
							turnSeconds: 60
						},
						cancel
					])
				),
			3
		],
		[
			'older state cancelled after a proposal',
			() => legacy(run(inPhase('objections'), [cancel])),
			3
		]
	])('nominations visible to a participant: %s', (_, build, count) => {
		const election = build();
		expect(visibleNominations(election, ANA)).toHaveLength(count);
		expect(visibleNominations(election, '')).toHaveLength(count === 3 ? 3 : 0);
		expect(nominationsRevealed(election)).toBe(count === 3);
	});

	it('lets people change their nomination in the change round, keeping the first choice', () => {
		const changed = run(inPhase('change'), [nominate(CHLOE, BOB, 4)]);
		expect(changed.nominations.find((n) => n.voterId === CHLOE)).toMatchObject({
			nomineeId: BOB,
			changedFrom: ANA
		});
		expect(tally(changed)).toEqual([{ nomineeId: BOB, count: 3 }]);
	});

	it('integrates an objection with a new proposal, then consents', () => {
		const election = run(inPhase('integration'), [
			{
				type: 'propose',
				by: FAC,
				at: T(12),
				nomineeId: CHLOE,
				rationale: 'Disponible toute l’année'
			},
			{ type: 'integrate_objection', by: FAC, at: T(13), objectionId: 'o1' },
			advance(),
			consent(ANA),
			consent(BOB),
			consent(CHLOE),
			{ type: 'elect', by: FAC, at: T(20), termStart: '2027-04-01' }
		]);
		expect(election.result?.electedId).toBe(CHLOE);
		expect(election.objections[0]).toMatchObject({ status: 'integrated', integratedIn: 2 });
		expect(election.pastPositions).toHaveLength(1);
	});

	it.each<[string, ElectionPhase, ElectionEvent, ElectionError]>([
		['only the facilitator advances', 'description', advance(ANA), 'not_facilitator'],
		['everyone nominates before the reveal', 'nomination', advance(), 'missing_nominations'],
		['no nomination outside the rounds', 'justification', nominate(ANA, BOB), 'wrong_phase'],
		[
			'a nominee must be a participant',
			'nomination',
			nominate(ANA, 'zoe'),
			'nominee_not_participant'
		],
		['a voter must be a participant', 'nomination', nominate('zoe', ANA), 'not_participant'],
		[
			'a proposal needs a rationale',
			'proposal',
			{ type: 'propose', by: FAC, at: T(5), nomineeId: BOB, rationale: ' ' },
			'rationale_required'
		],
		['no objection round without a proposal', 'proposal', advance(), 'no_proposal'],
		['the nominee speaks last', 'objections', consent(BOB), 'nominee_speaks_last'],
		[
			'no election over a standing objection',
			'integration',
			{ type: 'elect', by: FAC, at: T(20), termStart: '2027-04-01' },
			'wrong_phase'
		],
		['an elected result is final', 'elected', advance(), 'closed'],
		['a cancelled election is final', 'cancelled', nominate(ANA, BOB), 'closed'],
		[
			'the role needs a mission and a term',
			'description',
			{ type: 'describe', by: FAC, at: T(1), role: { ...role, termMonths: 0 } },
			'role_invalid'
		]
	])('%s', (_name, phase, event, error) => {
		expect(applyElectionEvent(inPhase(phase), event)).toEqual({ ok: false, error });
	});

	it('refuses to elect before everyone answered', () => {
		const election = run(inPhase('objections'), [consent(ANA)]);
		expect(
			applyElectionEvent(election, { type: 'elect', by: FAC, at: T(20), termStart: '2027-04-01' })
		).toEqual({ ok: false, error: 'missing_positions' });
	});
});

it.each<[string, number, string | null]>([
	['2027-01-31', 1, '2027-02-28'],
	['2028-01-31', 1, '2028-02-29'],
	['2027-04-01', 12, '2028-04-01'],
	['2027-11-15', 3, '2028-02-15'],
	['2027-02-30', 1, null],
	['01/04/2027', 1, null]
])('addMonths(%s, %d) = %s', (date, months, expected) => {
	expect(addMonths(date, months)).toBe(expected);
});

describe('mark_absent', () => {
	const absent = (participantId: string, by = FAC): ElectionEvent => ({
		type: 'mark_absent',
		by,
		at: T(8),
		participantId
	});

	it.each<{ name: string; election: () => Election; event: ElectionEvent; error: ElectionError }>([
		{
			name: 'anyone but the facilitator',
			election: () => inPhase('nomination'),
			event: absent(BOB, ANA),
			error: 'not_facilitator'
		},
		{
			name: 'after the election closed',
			election: () => inPhase('elected'),
			event: absent(BOB),
			error: 'closed'
		},
		{
			name: 'a non-participant',
			election: () => inPhase('nomination'),
			event: absent('zoe'),
			error: 'not_participant'
		},
		{
			name: 'the person currently proposed',
			election: () => inPhase('objections'),
			event: absent(BOB),
			error: 'nominee_absent'
		},
		{
			name: 'the author of an open objection',
			election: () => inPhase('integration'),
			event: absent(ANA),
			error: 'absent_has_objection'
		}
	])('refuses $name', ({ election, event, error }) => {
		expect(applyElectionEvent(election(), event)).toEqual({ ok: false, error });
	});

	it('lets the nomination round close without them and keeps them as absent', () => {
		const election = run(inPhase('nomination'), [nominate(ANA, BOB), nominate(BOB, BOB)]);
		expect(applyElectionEvent(election, advance())).toEqual({
			ok: false,
			error: 'missing_nominations'
		});
		const after = run(election, [absent(CHLOE), advance()]);
		expect(after.phase).toBe('justification');
		expect(after.participants).toEqual([ANA, BOB]);
		expect(after.absent).toEqual([CHLOE]);
	});

	it('lets the election conclude without their position', () => {
		const elected = run(inPhase('objections'), [
			consent(ANA),
			absent(CHLOE),
			consent(BOB),
			{ type: 'elect', by: FAC, at: T(20), termStart: '2027-04-01' }
		]);
		expect(elected.phase).toBe('elected');
		expect(elected.absent).toEqual([CHLOE]);
	});
});

describe('go-arounds of the justification and change rounds', () => {
	const startGo = (order = [ANA, BOB, CHLOE], by = FAC): ElectionEvent => ({
		type: 'start_go_around',
		by,
		at: T(3),
		order,
		turnSeconds: 90
	});

	it.each<{ name: string; election: () => Election; event: ElectionEvent; error: ElectionError }>([
		{
			name: 'outside justification/change',
			election: () => inPhase('nomination'),
			event: startGo(),
			error: 'wrong_phase'
		},
		{
			name: 'by a participant',
			election: () => inPhase('justification'),
			event: startGo(undefined, ANA),
			error: 'not_facilitator'
		},
		{
			name: 'an order missing someone',
			election: () => inPhase('justification'),
			event: startGo([ANA, BOB]),
			error: 'order_invalid'
		},
		{
			name: 'an order with an outsider',
			election: () => inPhase('change'),
			event: startGo([ANA, BOB, 'zoe']),
			error: 'order_invalid'
		},
		{
			name: 'a turn too short',
			election: () => inPhase('change'),
			event: {
				type: 'start_go_around',
				by: FAC,
				at: T(3),
				order: [ANA, BOB, CHLOE],
				turnSeconds: 5
			},
			error: 'turn_invalid'
		},
		{
			name: 'next speaker without a go-around',
			election: () => inPhase('justification'),
			event: { type: 'next_speaker', by: FAC, at: T(4) },
			error: 'no_go_around'
		},
		{
			name: 'a pass by someone not speaking',
			election: () => run(inPhase('justification'), [startGo()]),
			event: { type: 'pass', by: BOB, at: T(4) },
			error: 'not_current_speaker'
		},
		{
			name: 'a turn after everyone spoke',
			election: () =>
				run(inPhase('justification'), [
					startGo(),
					...[0, 1, 2].map((): ElectionEvent => ({ type: 'next_speaker', by: FAC, at: T(4) }))
				]),
			event: { type: 'next_speaker', by: FAC, at: T(5) },
			error: 'go_around_finished'
		}
	])('refuses $name', ({ election, event, error }) => {
		expect(applyElectionEvent(election(), event)).toEqual({ ok: false, error });
	});

	it('gives each speaker a timed turn, lets the speaker pass, and ends with the phase', () => {
		const going = run(inPhase('justification'), [
			startGo(),
			{ type: 'next_speaker', by: FAC, at: T(5) },
			{ type: 'pass', by: BOB, at: T(6) }
		]);
		expect(going.goAround).toMatchObject({
			phase: 'justification',
			current: 2,
			turnSeconds: 90,
			turnStartedAt: T(6),
			passed: [BOB]
		});
		const changed = run(going, [advance()]);
		expect(changed.phase).toBe('change');
		expect(changed.goAround).toBeNull();
		expect(run(changed, [startGo([CHLOE, ANA, BOB])]).goAround?.order).toEqual([CHLOE, ANA, BOB]);
	});
});
