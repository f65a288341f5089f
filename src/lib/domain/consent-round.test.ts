import { describe, expect, it } from 'vitest';
import {
	applyRoundEvent,
	createConsentRound,
	currentSpeaker,
	missingPositions,
	onEarlierVersion,
	positionToConfirm,
	standingObjections,
	visiblePositions,
	type ConsentRound,
	type RoundError,
	type RoundEvent,
	type RoundPhase
} from './consent-round';

const FAC = 'fac';
const PROP = 'prop';
const ANA = 'ana';
const BOB = 'bob';
const OUTSIDER = 'zoe';
const T0 = '2027-03-12T09:00:00.000Z';
const at = (minute: number) => new Date(Date.parse(T0) + minute * 60_000).toISOString();

function newRound(overrides: Partial<Parameters<typeof createConsentRound>[0]> = {}): ConsentRound {
	const result = createConsentRound({
		facilitatorId: FAC,
		proposerId: PROP,
		participants: [PROP, ANA, BOB],
		text: 'Le COPIL se réunit chaque trimestre.',
		hash: 'h1',
		at: T0,
		...overrides
	});
	if (!result.ok) throw new Error(result.error);
	return result.state;
}

function run(round: ConsentRound, events: RoundEvent[]): ConsentRound {
	return events.reduce((state, event, i) => {
		const result = applyRoundEvent(state, event);
		if (!result.ok) throw new Error(`event ${i} (${event.type}) refused: ${result.error}`);
		return result.state;
	}, round);
}

const advance = (by = FAC, minute = 1): RoundEvent => ({ type: 'advance', by, at: at(minute) });
const consent = (by: string, minute = 10): RoundEvent => ({
	type: 'record_position',
	by,
	at: at(minute),
	kind: 'consent',
	text: ''
});
const objection = (by: string, id: string, minute = 10): RoundEvent => ({
	type: 'record_position',
	by,
	at: at(minute),
	kind: 'objection',
	text: 'Trop rare pour suivre le terrain.',
	objectionId: id
});

/** A round brought to the given phase by valid events. */
function inPhase(phase: RoundPhase): ConsentRound {
	const round = newRound();
	const steps: Record<string, number> = {
		presentation: 0,
		clarification: 1,
		reactions: 2,
		amendment: 3,
		objections: 4
	};
	if (phase in steps)
		return run(
			round,
			Array.from({ length: steps[phase] ?? 0 }, () => advance())
		);
	if (phase === 'integration') return run(inPhase('objections'), [objection(ANA, 'o1'), advance()]);
	if (phase === 'adopted')
		return run(inPhase('objections'), [
			consent(PROP),
			consent(ANA),
			consent(BOB),
			{ type: 'adopt', by: FAC, at: at(20), reviewDate: '2027-09-12' }
		]);
	if (phase === 'withdrawn')
		return run(round, [{ type: 'withdraw', by: PROP, at: at(1), reason: '' }]);
	return run(round, [{ type: 'postpone', by: FAC, at: at(1), reason: 'quorum' }]);
}

describe('phase transitions', () => {
	it.each<[RoundPhase, RoundPhase]>([
		['presentation', 'clarification'],
		['clarification', 'reactions'],
		['reactions', 'amendment'],
		['amendment', 'objections']
	])('the facilitator advances %s → %s', (from, to) => {
		const result = applyRoundEvent(inPhase(from), advance());
		expect(result.ok && result.state.phase).toBe(to);
	});

	it('objections → integration only with a standing objection', () => {
		expect(applyRoundEvent(inPhase('objections'), advance())).toEqual({
			ok: false,
			error: 'wrong_phase'
		});
		expect(inPhase('integration').phase).toBe('integration');
	});

	it.each<[string, RoundPhase, RoundEvent, RoundError]>([
		['a participant cannot advance', 'presentation', advance(ANA), 'not_facilitator'],
		['the proposer cannot advance', 'reactions', advance(PROP), 'not_facilitator'],
		['no position outside the objection round', 'reactions', consent(ANA), 'wrong_phase'],
		[
			'no amendment during clarification',
			'clarification',
			{ type: 'amend', by: PROP, at: at(2), text: 'v2', hash: 'h2' },
			'wrong_phase'
		],
		[
			'no adoption before the objection round',
			'amendment',
			{ type: 'adopt', by: FAC, at: at(2), reviewDate: '2027-09-12' },
			'wrong_phase'
		],
		['closed rounds are immutable (adopted)', 'adopted', advance(), 'round_closed'],
		['closed rounds are immutable (withdrawn)', 'withdrawn', consent(ANA), 'round_closed'],
		[
			'closed rounds are immutable (postponed)',
			'postponed',
			{ type: 'withdraw', by: FAC, at: at(3), reason: '' },
			'round_closed'
		],
		[
			'leaving integration needs every objection integrated or withdrawn',
			'integration',
			advance(),
			'objections_not_integrated'
		]
	])('%s', (_name, phase, event, error) => {
		expect(applyRoundEvent(inPhase(phase), event)).toEqual({ ok: false, error });
	});
});

describe('positions', () => {
	it('only a participant records a position, and only their own', () => {
		const round = inPhase('objections');
		expect(applyRoundEvent(round, consent(OUTSIDER))).toEqual({
			ok: false,
			error: 'not_participant'
		});
		expect(applyRoundEvent(round, consent(FAC))).toEqual({ ok: false, error: 'not_participant' });
		const after = run(round, [consent(ANA)]);
		expect(after.positions.map((p) => p.participantId)).toEqual([ANA]);
	});

	it.each<['concern' | 'objection']>([['concern'], ['objection']])('a %s needs a text', (kind) => {
		const event: RoundEvent = {
			type: 'record_position',
			by: ANA,
			at: at(5),
			kind,
			text: '   ',
			objectionId: 'o9'
		};
		expect(applyRoundEvent(inPhase('objections'), event)).toEqual({
			ok: false,
			error: 'text_required'
		});
	});

	it('a new position replaces the earlier one and withdraws its objection', () => {
		const round = run(inPhase('objections'), [objection(ANA, 'o1'), consent(ANA, 11)]);
		expect(round.positions).toHaveLength(1);
		expect(round.positions[0]?.kind).toBe('consent');
		expect(round.objections[0]?.status).toBe('withdrawn');
		expect(standingObjections(round)).toEqual([]);
	});

	it('refuses positions after the remote deadline', () => {
		const round = run(newRound({ remoteDeadline: at(30) }), [
			advance(),
			advance(),
			advance(),
			advance()
		]);
		expect(applyRoundEvent(round, consent(ANA, 31))).toEqual({
			ok: false,
			error: 'deadline_passed'
		});
		expect(applyRoundEvent(round, consent(ANA, 29)).ok).toBe(true);
	});

	it('hidden positions are visible to their author and the facilitator until revealed', () => {
		const hidden = run(newRound({ hidePositionsUntilReveal: true }), [
			advance(),
			advance(),
			advance(),
			advance(),
			consent(ANA),
			consent(BOB)
		]);
		expect(visiblePositions(hidden, ANA).map((p) => p.participantId)).toEqual([ANA]);
		expect(visiblePositions(hidden, FAC)).toHaveLength(2);
		const revealed = run(hidden, [{ type: 'reveal', by: FAC, at: at(12) }]);
		expect(visiblePositions(revealed, ANA)).toHaveLength(2);
		expect(applyRoundEvent(hidden, { type: 'reveal', by: ANA, at: at(12) })).toEqual({
			ok: false,
			error: 'not_facilitator'
		});
	});
});

describe('objections', () => {
	it('the facilitator tests an objection; an unreasoned one no longer blocks', () => {
		const round = run(inPhase('objections'), [
			objection(ANA, 'o1'),
			{
				type: 'test_objection',
				by: FAC,
				at: at(12),
				objectionId: 'o1',
				reasoned: false,
				reason: 'Préférence personnelle'
			}
		]);
		expect(round.objections[0]?.status).toBe('set_aside');
		expect(standingObjections(round)).toEqual([]);
	});

	it.each<[string, RoundEvent, RoundError]>([
		[
			'only the facilitator tests',
			{
				type: 'test_objection',
				by: BOB,
				at: at(12),
				objectionId: 'o1',
				reasoned: true,
				reason: 'x'
			},
			'not_facilitator'
		],
		[
			'a test needs a reason',
			{
				type: 'test_objection',
				by: FAC,
				at: at(12),
				objectionId: 'o1',
				reasoned: true,
				reason: ' '
			},
			'reason_required'
		],
		[
			'unknown objection',
			{
				type: 'test_objection',
				by: FAC,
				at: at(12),
				objectionId: 'nope',
				reasoned: true,
				reason: 'x'
			},
			'unknown_objection'
		],
		[
			'only its author withdraws an objection',
			{ type: 'withdraw_objection', by: FAC, at: at(12), objectionId: 'o1' },
			'not_author'
		],
		['objection ids are unique', objection(BOB, 'o1'), 'objection_id_invalid'],
		[
			'no adoption over a standing objection',
			{ type: 'adopt', by: FAC, at: at(20), reviewDate: '2027-09-12' },
			'standing_objections'
		]
	])('%s', (_name, event, error) => {
		const round = run(inPhase('objections'), [objection(ANA, 'o1')]);
		expect(applyRoundEvent(round, event)).toEqual({ ok: false, error });
	});

	it('integration links an objection to a later amendment, then a new objection round starts', () => {
		const round = run(inPhase('integration'), [
			{ type: 'amend', by: PROP, at: at(15), text: 'Le COPIL se réunit chaque mois.', hash: 'h2' },
			{ type: 'integrate_objection', by: FAC, at: at(16), objectionId: 'o1', version: 2 },
			advance(FAC, 17)
		]);
		expect(round.phase).toBe('objections');
		expect(round.objectionRound).toBe(2);
		expect(round.positions).toEqual([]);
		expect(round.pastPositions).toHaveLength(1);
		expect(round.objections[0]).toMatchObject({ status: 'integrated', integratedIn: 2 });
	});

	it.each<[string, number, RoundError]>([
		['the version the objection was raised on', 1, 'version_invalid'],
		['a version that does not exist', 7, 'version_invalid']
	])('integration refuses %s', (_name, version, error) => {
		const round = run(inPhase('integration'), [
			{ type: 'amend', by: PROP, at: at(15), text: 'v2', hash: 'h2' }
		]);
		expect(
			applyRoundEvent(round, {
				type: 'integrate_objection',
				by: FAC,
				at: at(16),
				objectionId: 'o1',
				version
			})
		).toEqual({ ok: false, error });
	});

	it('an amendment must change the text and come from the proposer or facilitator', () => {
		const round = inPhase('amendment');
		expect(
			applyRoundEvent(round, { type: 'amend', by: ANA, at: at(5), text: 'x', hash: 'h2' })
		).toEqual({ ok: false, error: 'not_proposer' });
		expect(
			applyRoundEvent(round, { type: 'amend', by: PROP, at: at(5), text: 'same', hash: 'h1' })
		).toEqual({ ok: false, error: 'same_text' });
	});
});

describe('positions given on the previous version during integration', () => {
	const amend = (minute = 20): RoundEvent => ({
		type: 'amend',
		by: PROP,
		at: at(minute),
		text: 'Le COPIL se réunit chaque mois.',
		hash: 'h2'
	});
	// Objection round 1 on version 1: Ana objects, Bob consents, the proposer has not answered.
	const objected = () =>
		run(inPhase('objections'), [objection(ANA, 'o1'), consent(BOB), advance()]);
	const amended = () => run(objected(), [amend()]);
	const nextRound = () =>
		run(amended(), [
			{ type: 'integrate_objection', by: FAC, at: at(21), objectionId: 'o1', version: 2 },
			advance(FAC, 22)
		]);

	it.each([
		{ name: 'integration before the amendment', round: objected, earlier: [] as string[] },
		{ name: 'integration after the amendment', round: amended, earlier: [ANA, BOB] },
		{ name: 'the next objection round (positions start afresh)', round: nextRound, earlier: [] }
	])('$name', ({ round, earlier }) => {
		const state = round();
		expect(
			state.positions.filter((p) => onEarlierVersion(state, p)).map((p) => p.participantId)
		).toEqual(earlier);
	});

	it.each([
		{ name: 'in integration nobody is asked yet', round: amended, who: ANA, asked: null },
		{
			name: 'the objector is asked to confirm on the new version',
			round: nextRound,
			who: ANA,
			asked: 'objection'
		},
		{ name: 'a consent too', round: nextRound, who: BOB, asked: 'consent' },
		{ name: 'not who gave no position', round: nextRound, who: PROP, asked: null },
		{
			name: 'not once they answered the new version',
			round: () => run(nextRound(), [consent(BOB, 30)]),
			who: BOB,
			asked: null
		},
		{
			name: 'not without an amendment (positions answer the same version)',
			round: () =>
				run(objected(), [
					{
						type: 'test_objection',
						by: FAC,
						at: at(21),
						objectionId: 'o1',
						reasoned: false,
						reason: 'Pas un risque.'
					},
					advance(FAC, 22)
				]),
			who: BOB,
			asked: null
		}
	])('$name', ({ round, who, asked }) => {
		const state = round();
		const position = positionToConfirm(state, who);
		expect(position?.kind ?? null).toBe(asked);
		if (position) expect(position.version).toBeLessThan(state.versions.at(-1)!.number);
	});
});

describe('decision', () => {
	it('records the exact text, hash, who was present, concerns and review date', () => {
		const round = run(inPhase('objections'), [
			consent(PROP),
			consent(ANA),
			{
				type: 'record_position',
				by: BOB,
				at: at(11),
				kind: 'concern',
				text: 'Le budget est serré.'
			},
			{ type: 'adopt', by: FAC, at: at(20), reviewDate: '2027-09-12' }
		]);
		expect(round.phase).toBe('adopted');
		expect(round.decision).toEqual({
			version: 1,
			hash: 'h1',
			text: 'Le COPIL se réunit chaque trimestre.',
			decidedAt: at(20),
			reviewDate: '2027-09-12',
			present: [PROP, ANA, BOB],
			absent: [],
			concerns: [{ participantId: BOB, text: 'Le budget est serré.' }],
			mode: 'live',
			silent: []
		});
	});

	it.each<[string, RoundEvent[], RoundEvent, RoundError]>([
		[
			'every participant must have answered',
			[consent(PROP), consent(ANA)],
			{ type: 'adopt', by: FAC, at: at(20), reviewDate: '2027-09-12' },
			'missing_positions'
		],
		[
			'the review date must come after the decision',
			[consent(PROP), consent(ANA), consent(BOB)],
			{ type: 'adopt', by: FAC, at: at(20), reviewDate: '2027-03-12' },
			'review_date_invalid'
		],
		[
			'only the facilitator adopts',
			[consent(PROP), consent(ANA), consent(BOB)],
			{ type: 'adopt', by: PROP, at: at(20), reviewDate: '2027-09-12' },
			'not_facilitator'
		]
	])('%s', (_name, before, event, error) => {
		const round = run(inPhase('objections'), before);
		expect(applyRoundEvent(round, event)).toEqual({ ok: false, error });
	});

	it('lists who has not answered yet', () => {
		expect(missingPositions(run(inPhase('objections'), [consent(ANA)]))).toEqual([PROP, BOB]);
	});

	it('the proposer may withdraw; only the facilitator postpones', () => {
		expect(inPhase('withdrawn').phase).toBe('withdrawn');
		expect(
			applyRoundEvent(newRound(), { type: 'postpone', by: PROP, at: at(1), reason: '' })
		).toEqual({ ok: false, error: 'not_facilitator' });
	});
});

describe('go-arounds', () => {
	const start = (order: string[], turnSeconds = 120): RoundEvent => ({
		type: 'start_go_around',
		by: FAC,
		at: at(2),
		order,
		turnSeconds
	});

	it('gives each participant one turn in order, with passes recorded', () => {
		let round = run(inPhase('clarification'), [start([BOB, ANA, PROP])]);
		expect(currentSpeaker(round)).toBe(BOB);
		round = run(round, [{ type: 'pass', by: BOB, at: at(3) }]);
		expect(currentSpeaker(round)).toBe(ANA);
		round = run(round, [
			{ type: 'next_speaker', by: FAC, at: at(4) },
			{ type: 'next_speaker', by: FAC, at: at(5) }
		]);
		expect(currentSpeaker(round)).toBeNull();
		expect(round.goAround?.passed).toEqual([BOB]);
		expect(applyRoundEvent(round, { type: 'next_speaker', by: FAC, at: at(6) })).toEqual({
			ok: false,
			error: 'go_around_finished'
		});
	});

	it.each<[string, RoundPhase, RoundEvent, RoundError]>([
		['not during the presentation', 'presentation', start([PROP, ANA, BOB]), 'wrong_phase'],
		['the order holds every participant once', 'reactions', start([PROP, ANA]), 'order_invalid'],
		['no strangers in the order', 'reactions', start([PROP, ANA, OUTSIDER]), 'order_invalid'],
		['no duplicates', 'reactions', start([PROP, ANA, ANA]), 'order_invalid'],
		['a sensible turn length', 'reactions', start([PROP, ANA, BOB], 3), 'turn_invalid'],
		[
			'no turn without a go-around',
			'reactions',
			{ type: 'pass', by: ANA, at: at(3) },
			'no_go_around'
		]
	])('%s', (_name, phase, event, error) => {
		expect(applyRoundEvent(inPhase(phase), event)).toEqual({ ok: false, error });
	});

	it('only the current speaker may pass their turn', () => {
		const round = run(inPhase('reactions'), [start([ANA, BOB, PROP])]);
		expect(applyRoundEvent(round, { type: 'pass', by: BOB, at: at(3) })).toEqual({
			ok: false,
			error: 'not_current_speaker'
		});
	});

	it('a phase change ends the go-around', () => {
		const round = run(inPhase('clarification'), [start([ANA, BOB, PROP]), advance(FAC, 3)]);
		expect(round.goAround).toBeNull();
		expect(currentSpeaker(round)).toBeNull();
	});
});

it('refuses an empty proposal', () => {
	expect(
		createConsentRound({
			facilitatorId: FAC,
			proposerId: PROP,
			participants: [ANA],
			text: ' ',
			hash: 'h',
			at: T0
		})
	).toEqual({ ok: false, error: 'text_required' });
});

describe('mark_absent', () => {
	const absent = (participantId: string, by = FAC, minute = 11): RoundEvent => ({
		type: 'mark_absent',
		by,
		at: at(minute),
		participantId
	});

	it.each<{ name: string; round: () => ConsentRound; event: RoundEvent; error: RoundError }>([
		{
			name: 'anyone but the facilitator',
			round: () => inPhase('objections'),
			event: absent(BOB, PROP),
			error: 'not_facilitator'
		},
		{
			name: 'in a closed round',
			round: () => inPhase('adopted'),
			event: absent(BOB),
			error: 'round_closed'
		},
		{
			name: 'a non-participant',
			round: () => inPhase('objections'),
			event: absent(OUTSIDER),
			error: 'not_participant'
		},
		{
			name: 'someone already absent',
			round: () => run(inPhase('objections'), [absent(BOB)]),
			event: absent(BOB),
			error: 'not_participant'
		},
		{
			name: 'the last participant',
			round: () => run(newRound({ participants: [ANA] }), []),
			event: absent(ANA),
			error: 'last_participant'
		},
		{
			name: 'the author of an open objection',
			round: () => run(inPhase('objections'), [objection(BOB, 'o1')]),
			event: absent(BOB),
			error: 'absent_has_objection'
		}
	])('refuses $name', ({ round, event, error }) => {
		expect(applyRoundEvent(round(), event)).toEqual({ ok: false, error });
	});

	it('no longer requires their position, keeps them as absent, and leaves them out of present', () => {
		const round = run(inPhase('objections'), [consent(PROP), consent(ANA)]);
		expect(
			applyRoundEvent(round, { type: 'adopt', by: FAC, at: at(20), reviewDate: '2027-09-12' })
		).toEqual({ ok: false, error: 'missing_positions' });
		const adopted = run(round, [
			absent(BOB),
			{ type: 'adopt', by: FAC, at: at(20), reviewDate: '2027-09-12' }
		]);
		expect(adopted.phase).toBe('adopted');
		expect(adopted.participants).toEqual([PROP, ANA]);
		expect(adopted.absent).toEqual([BOB]);
		expect(adopted.decision?.present).toEqual([PROP, ANA]);
		expect(adopted.decision?.absent).toEqual([BOB]);
	});

	it('is allowed once their objection was tested as not reasoned', () => {
		const round = run(inPhase('objections'), [
			objection(BOB, 'o1'),
			{
				type: 'test_objection',
				by: FAC,
				at: at(11),
				objectionId: 'o1',
				reasoned: false,
				reason: 'Parti'
			}
		]);
		expect(applyRoundEvent(round, absent(BOB)).ok).toBe(true);
	});

	it('works before the objection round too (any open phase)', () => {
		expect(run(inPhase('clarification'), [absent(ANA)]).participants).toEqual([PROP, BOB]);
	});

	it.each([
		{
			name: 'waiting in the go-around: dropped from the order',
			spoken: 0,
			id: BOB,
			order: [PROP, ANA],
			current: 0,
			restarted: false
		},
		{
			name: 'current speaker: the next one starts now',
			spoken: 1,
			id: ANA,
			order: [PROP, BOB],
			current: 1,
			restarted: true
		},
		{
			name: 'already spoke: the order is kept',
			spoken: 2,
			id: PROP,
			order: [PROP, ANA, BOB],
			current: 2,
			restarted: false
		}
	])('go-around, $name', ({ spoken, id, order, current, restarted }) => {
		const started = run(inPhase('clarification'), [
			{ type: 'start_go_around', by: FAC, at: at(2), order: [PROP, ANA, BOB], turnSeconds: 60 },
			...Array.from({ length: spoken }, (): RoundEvent => ({
				type: 'next_speaker',
				by: FAC,
				at: at(3)
			}))
		]);
		const after = run(started, [absent(id, FAC, 7)]);
		expect(after.goAround?.order).toEqual(order);
		expect(after.goAround?.current).toBe(current);
		expect(after.goAround?.turnStartedAt).toBe(restarted ? at(7) : started.goAround?.turnStartedAt);
	});
});
