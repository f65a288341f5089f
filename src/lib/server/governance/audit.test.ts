import { describe, expect, it } from 'vitest';
import {
	applyRoundEvent,
	createConsentRound,
	type ConsentRound,
	type RoundEvent
} from '../../domain/consent-round';
import {
	applyElectionEvent,
	createElection,
	type Election,
	type ElectionEvent
} from '../../domain/election';
import { auditTrail, type StoredEvent } from './audit';

const T = (m: number) => new Date(Date.parse('2027-03-12T09:00:00Z') + m * 60_000).toISOString();

/** Runs events through the machine and stores them as the server does (creation at revision 0). */
function consentLog(events: RoundEvent[], hide: boolean) {
	const created = createConsentRound({
		facilitatorId: 'fac',
		proposerId: 'ana',
		participants: ['ana', 'ben'],
		text: 'Texte',
		hash: 'h',
		at: T(0),
		hidePositionsUntilReveal: hide
	});
	if (!created.ok) throw new Error(created.error);
	let state: ConsentRound = created.state;
	const stored: StoredEvent[] = [
		{ revision: 0, actor: 'fac', type: 'create', payload: { at: T(0), state }, created: T(0) }
	];
	events.forEach((event, i) => {
		const r = applyRoundEvent(state, event);
		if (!r.ok) throw new Error(r.error);
		state = r.state;
		stored.push({
			revision: i + 1,
			actor: event.by,
			type: event.type,
			payload: event,
			created: T(i)
		});
	});
	return { stored, final: state };
}

function electionLog(events: ElectionEvent[]) {
	const created = createElection({
		facilitatorId: 'fac',
		participants: ['ana', 'ben'],
		role: { title: 'Secrétaire', mission: 'CR', skills: '', termMonths: 12 }
	});
	if (!created.ok) throw new Error(created.error);
	let state: Election = created.state;
	const stored: StoredEvent[] = [
		{ revision: 0, actor: 'fac', type: 'create', payload: { at: T(0), state }, created: T(0) }
	];
	events.forEach((event, i) => {
		const r = applyElectionEvent(state, event);
		if (!r.ok) throw new Error(r.error);
		state = r.state;
		stored.push({
			revision: i + 1,
			actor: event.by,
			type: event.type,
			payload: event,
			created: T(i)
		});
	});
	return { stored, final: state };
}

const advance = (m = 1) => ({ type: 'advance' as const, by: 'fac', at: T(m) });
const toObjections = [advance(1), advance(2), advance(3), advance(4)];
const objection: RoundEvent = {
	type: 'record_position',
	by: 'ben',
	at: T(5),
	kind: 'objection',
	text: 'Secret argument',
	objectionId: 'o1'
};

describe('auditTrail', () => {
	it.each([
		{
			name: 'hidden positions, withdrawn unrevealed: the other participant',
			hide: true,
			close: 'withdraw',
			viewer: 'ana',
			hidden: true
		},
		{
			name: 'hidden positions, withdrawn unrevealed: the author',
			hide: true,
			close: 'withdraw',
			viewer: 'ben',
			hidden: false
		},
		{
			name: 'hidden positions, withdrawn unrevealed: the facilitator',
			hide: true,
			close: 'withdraw',
			viewer: 'fac',
			hidden: false
		},
		{
			name: 'hidden positions, revealed then withdrawn',
			hide: true,
			close: 'reveal',
			viewer: 'ana',
			hidden: false
		},
		{ name: 'open positions', hide: false, close: 'withdraw', viewer: 'ana', hidden: false }
	])('$name', ({ hide, close, viewer, hidden }) => {
		const closing: RoundEvent[] =
			close === 'reveal'
				? [
						{ type: 'reveal', by: 'fac', at: T(6) },
						{ type: 'withdraw', by: 'fac', at: T(7), reason: '' }
					]
				: [{ type: 'withdraw', by: 'fac', at: T(7), reason: '' }];
		const { stored, final } = consentLog([...toObjections, objection, ...closing], hide);
		const trail = auditTrail('consent', stored, final, viewer);
		const entry = trail.find((e) => e.type === 'record_position')!;
		expect(entry.actorId).toBe('ben');
		expect(entry.at).toBe(T(5));
		expect(entry.hidden).toBe(hidden);
		expect(JSON.stringify(trail).includes('Secret argument')).toBe(!hidden);
	});

	it.each([
		{
			name: 'cancelled during the secret round, another viewer',
			cancelAfterReveal: false,
			viewer: 'ana',
			hidden: true
		},
		{
			name: 'cancelled during the secret round, the facilitator',
			cancelAfterReveal: false,
			viewer: 'fac',
			hidden: true
		},
		{
			name: 'cancelled during the secret round, the voter',
			cancelAfterReveal: false,
			viewer: 'ben',
			hidden: false
		},
		{ name: 'cancelled after the reveal', cancelAfterReveal: true, viewer: 'ana', hidden: false }
	])('nominations: $name', ({ cancelAfterReveal, viewer, hidden }) => {
		const { stored, final } = electionLog([
			advance(1),
			{ type: 'nominate', by: 'ben', at: T(2), nomineeId: 'ana' },
			...(cancelAfterReveal
				? [{ type: 'nominate' as const, by: 'ana', at: T(3), nomineeId: 'ana' }, advance(4)]
				: []),
			{ type: 'cancel', by: 'fac', at: T(5) }
		]);
		const entry = auditTrail('election', stored, final, viewer).find(
			(e) => e.type === 'nominate' && e.actorId === 'ben'
		)!;
		expect(entry.hidden).toBe(hidden);
		expect(entry.detail.person).toBe(hidden ? undefined : 'ana');
	});

	it('lists every event in order with its server time and details', () => {
		const { stored, final } = consentLog(
			[...toObjections, { type: 'mark_absent', by: 'fac', at: T(5), participantId: 'ben' }],
			false
		);
		const trail = auditTrail('consent', stored, final, 'fac');
		expect(trail.map((e) => e.type)).toEqual([
			'create',
			'advance',
			'advance',
			'advance',
			'advance',
			'mark_absent'
		]);
		expect(trail[5]).toMatchObject({ at: T(5), detail: { person: 'ben' }, hidden: false });
	});
});
