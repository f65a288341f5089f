/**
 * Election without candidates (élection sans candidat) as a pure state machine, like the consent
 * round: events in, new state or typed error out, time passed in.
 *
 * description → nomination (secret, simultaneous) → justification (revealed) → change →
 * proposal (by the facilitator) → objections (the nominee speaks last) → (integration →
 * objections)* → elected; or cancelled.
 */
import {
	givePosition,
	markIntegrated,
	nextSpeaker,
	speakerOf,
	startGoAround,
	testObjection,
	withdrawObjection,
	withoutSpeaker,
	type GoAround,
	type Objection,
	type Position,
	type PositionKind,
	type SharedRoundEvent
} from './objection-round';

export const ELECTION_PHASES = [
	'description',
	'nomination',
	'justification',
	'change',
	'proposal',
	'objections',
	'integration',
	'elected',
	'cancelled'
] as const;
export type ElectionPhase = (typeof ELECTION_PHASES)[number];

export interface RoleDescription {
	title: string;
	mission: string;
	skills: string;
	/** Length of the term in months. */
	termMonths: number;
}

export interface Nomination {
	voterId: string;
	nomineeId: string;
	/** Set when the voter changed their nomination during the change round. */
	changedFrom: string | null;
	at: string;
}

export interface Proposal {
	number: number;
	nomineeId: string;
	/** Why the facilitator proposes this person (the arguments heard). */
	rationale: string;
	at: string;
}

/** Phases run as a go-around (each explains, then each may change, in turn). */
export const ELECTION_GO_AROUND_PHASES: ReadonlySet<ElectionPhase> = new Set([
	'justification',
	'change'
]);

export interface Election {
	facilitatorId: string;
	participants: string[];
	/** Participants marked absent: no longer required, kept for the record (older states lack it). */
	absent?: string[];
	/** Speaking order of the justification or change round (older states lack it). */
	goAround?: GoAround<ElectionPhase> | null;
	role: RoleDescription;
	phase: ElectionPhase;
	nominations: Nomination[];
	proposals: Proposal[];
	objectionRound: number;
	positions: Position[];
	pastPositions: Position[];
	objections: Objection[];
	result: { electedId: string; at: string; termStart: string; termEnd: string } | null;
	closedAt: string | null;
	/**
	 * Set when the election leaves the secret nomination round: the nominations were shown to
	 * everyone and stay visible, even if the election is cancelled later (older states lack it).
	 */
	nominationsRevealed?: boolean;
}

export type ElectionEvent =
	| SharedRoundEvent
	| { type: 'advance'; by: string; at: string }
	| { type: 'describe'; by: string; at: string; role: RoleDescription }
	| { type: 'nominate'; by: string; at: string; nomineeId: string }
	| { type: 'propose'; by: string; at: string; nomineeId: string; rationale: string }
	| {
			type: 'record_position';
			by: string;
			at: string;
			kind: PositionKind;
			text: string;
			objectionId?: string;
	  }
	| { type: 'integrate_objection'; by: string; at: string; objectionId: string }
	| { type: 'elect'; by: string; at: string; termStart: string }
	| { type: 'cancel'; by: string; at: string };

export type ElectionError =
	| 'closed'
	| 'wrong_phase'
	| 'not_facilitator'
	| 'not_participant'
	| 'not_author'
	| 'nominee_not_participant'
	| 'role_invalid'
	| 'missing_nominations'
	| 'no_change_allowed'
	| 'rationale_required'
	| 'nominee_speaks_last'
	| 'text_required'
	| 'text_too_long'
	| 'unknown_objection'
	| 'objection_id_invalid'
	| 'objection_not_open'
	| 'reason_required'
	| 'standing_objections'
	| 'missing_positions'
	| 'objections_not_integrated'
	| 'term_start_invalid'
	| 'no_proposal'
	| 'no_go_around'
	| 'go_around_finished'
	| 'not_current_speaker'
	| 'order_invalid'
	| 'turn_invalid'
	| 'absent_has_objection'
	| 'last_participant'
	| 'nominee_absent';

export type ElectionResult = { ok: true; state: Election } | { ok: false; error: ElectionError };

export function validateRole(role: RoleDescription): boolean {
	return (
		role.title.trim() !== '' &&
		role.mission.trim() !== '' &&
		Number.isInteger(role.termMonths) &&
		role.termMonths >= 1 &&
		role.termMonths <= 72
	);
}

export function createElection(input: {
	facilitatorId: string;
	participants: string[];
	role: RoleDescription;
}): ElectionResult {
	const participants = [...new Set(input.participants)];
	if (participants.length === 0) return fail('not_participant');
	if (!validateRole(input.role)) return fail('role_invalid');
	return ok({
		facilitatorId: input.facilitatorId,
		participants,
		absent: [],
		goAround: null,
		role: input.role,
		phase: 'description',
		nominations: [],
		proposals: [],
		objectionRound: 0,
		positions: [],
		pastPositions: [],
		objections: [],
		result: null,
		closedAt: null,
		nominationsRevealed: false
	});
}

export function currentProposal(election: Election): Proposal | null {
	return election.proposals[election.proposals.length - 1] ?? null;
}

const PAST_NOMINATION: ReadonlySet<ElectionPhase> = new Set([
	'justification',
	'change',
	'proposal',
	'objections',
	'integration',
	'elected'
]);

/**
 * Were the nominations revealed to everyone? Only by leaving the nomination round: a cancelled
 * election keeps them secret unless it had got that far. Older states without the flag are judged
 * by their phase, or for a cancelled one by traces of a later phase (a go-around, a proposal).
 */
export function nominationsRevealed(election: Election): boolean {
	if (election.nominationsRevealed === true || PAST_NOMINATION.has(election.phase)) return true;
	if (election.phase !== 'cancelled' || election.nominationsRevealed === false) return false;
	return (
		election.proposals.length > 0 || PAST_NOMINATION.has(election.goAround?.phase ?? 'cancelled')
	);
}

/** Nominations a viewer may see: only their own until they are revealed together. */
export function visibleNominations(election: Election, viewerId: string): Nomination[] {
	if (!nominationsRevealed(election))
		return election.nominations.filter((n) => n.voterId === viewerId);
	return election.nominations;
}

/** Nomination counts per nominee, most nominated first (for the facilitator's proposal). */
export function tally(election: Election): Array<{ nomineeId: string; count: number }> {
	const counts = new Map<string, number>();
	for (const n of election.nominations) counts.set(n.nomineeId, (counts.get(n.nomineeId) ?? 0) + 1);
	return [...counts]
		.map(([nomineeId, count]) => ({ nomineeId, count }))
		.sort((a, b) => b.count - a.count);
}

export function standingElectionObjections(election: Election): Objection[] {
	return election.objections.filter((o) => o.status === 'open');
}

const NEXT: Partial<Record<ElectionPhase, ElectionPhase>> = {
	description: 'nomination',
	nomination: 'justification',
	justification: 'change',
	change: 'proposal'
};

export function applyElectionEvent(election: Election, event: ElectionEvent): ElectionResult {
	if (election.phase === 'elected' || election.phase === 'cancelled') return fail('closed');
	switch (event.type) {
		case 'advance':
			return advance(election, event.by);
		case 'describe':
			if (event.by !== election.facilitatorId) return fail('not_facilitator');
			if (election.phase !== 'description') return fail('wrong_phase');
			if (!validateRole(event.role)) return fail('role_invalid');
			return ok({ ...election, role: event.role });
		case 'nominate':
			return nominate(election, event);
		case 'propose':
			return propose(election, event);
		case 'record_position':
			return recordPosition(election, event);
		case 'test_objection':
			if (event.by !== election.facilitatorId) return fail('not_facilitator');
			if (election.phase !== 'objections' && election.phase !== 'integration')
				return fail('wrong_phase');
			return testObjection(election, event);
		case 'withdraw_objection':
			return withdrawObjection(election, event);
		case 'integrate_objection':
			if (event.by !== election.facilitatorId) return fail('not_facilitator');
			if (election.phase !== 'integration') return fail('wrong_phase');
			return markIntegrated(election, event.objectionId, currentProposal(election)?.number ?? null);
		case 'start_go_around':
			return startGoAround(election, ELECTION_GO_AROUND_PHASES, event);
		case 'next_speaker':
			return nextSpeaker(election, event.by, event.at, false);
		case 'pass':
			return nextSpeaker(election, event.by, event.at, true);
		case 'mark_absent':
			return markAbsent(election, event);
		case 'elect':
			return elect(election, event);
		case 'cancel':
			if (event.by !== election.facilitatorId) return fail('not_facilitator');
			return ok({ ...election, phase: 'cancelled', closedAt: event.at });
	}
}

function advance(election: Election, by: string): ElectionResult {
	if (by !== election.facilitatorId) return fail('not_facilitator');
	if (election.phase === 'nomination') {
		const voters = new Set(election.nominations.map((n) => n.voterId));
		if (election.participants.some((id) => !voters.has(id))) return fail('missing_nominations');
	}
	if (election.phase === 'proposal') {
		if (!currentProposal(election)) return fail('no_proposal');
		return ok(startObjectionRound(election));
	}
	if (election.phase === 'objections') {
		if (standingElectionObjections(election).length === 0) return fail('wrong_phase');
		return ok({ ...election, phase: 'integration' });
	}
	if (election.phase === 'integration') {
		if (standingElectionObjections(election).length > 0) return fail('objections_not_integrated');
		return ok(startObjectionRound(election));
	}
	const next = NEXT[election.phase];
	if (!next) return fail('wrong_phase');
	const revealed = election.nominationsRevealed === true || election.phase === 'nomination';
	return ok({ ...election, phase: next, goAround: null, nominationsRevealed: revealed });
}

export function currentElectionSpeaker(election: Election): string | null {
	return speakerOf(election);
}

/** Same rule as the consent round; the person currently proposed cannot be marked absent. */
function markAbsent(
	election: Election,
	event: { by: string; at: string; participantId: string }
): ElectionResult {
	if (event.by !== election.facilitatorId) return fail('not_facilitator');
	if (!election.participants.includes(event.participantId)) return fail('not_participant');
	if (election.participants.length === 1) return fail('last_participant');
	if (standingElectionObjections(election).some((o) => o.authorId === event.participantId))
		return fail('absent_has_objection');
	const proposed = ['proposal', 'objections', 'integration'].includes(election.phase)
		? currentProposal(election)?.nomineeId
		: undefined;
	if (proposed === event.participantId) return fail('nominee_absent');
	return ok({
		...election,
		participants: election.participants.filter((id) => id !== event.participantId),
		absent: [...(election.absent ?? []), event.participantId],
		goAround: withoutSpeaker(election.goAround ?? null, event.participantId, event.at)
	});
}

function startObjectionRound(election: Election): Election {
	return {
		...election,
		phase: 'objections',
		objectionRound: election.objectionRound + 1,
		pastPositions: [...election.pastPositions, ...election.positions],
		positions: []
	};
}

function nominate(
	election: Election,
	event: { by: string; at: string; nomineeId: string }
): ElectionResult {
	if (election.phase !== 'nomination' && election.phase !== 'change') return fail('wrong_phase');
	if (!election.participants.includes(event.by)) return fail('not_participant');
	if (!election.participants.includes(event.nomineeId)) return fail('nominee_not_participant');
	const earlier = election.nominations.find((n) => n.voterId === event.by);
	if (election.phase === 'change' && !earlier) return fail('no_change_allowed');
	const changedFrom =
		election.phase === 'change' && earlier && earlier.nomineeId !== event.nomineeId
			? (earlier.changedFrom ?? earlier.nomineeId)
			: (earlier?.changedFrom ?? null);
	const nomination: Nomination = {
		voterId: event.by,
		nomineeId: event.nomineeId,
		changedFrom,
		at: event.at
	};
	return ok({
		...election,
		nominations: [...election.nominations.filter((n) => n.voterId !== event.by), nomination]
	});
}

function propose(
	election: Election,
	event: { by: string; at: string; nomineeId: string; rationale: string }
): ElectionResult {
	if (event.by !== election.facilitatorId) return fail('not_facilitator');
	if (election.phase !== 'proposal' && election.phase !== 'integration') return fail('wrong_phase');
	if (!election.participants.includes(event.nomineeId)) return fail('nominee_not_participant');
	if (event.rationale.trim() === '') return fail('rationale_required');
	const number = (currentProposal(election)?.number ?? 0) + 1;
	return ok({
		...election,
		proposals: [
			...election.proposals,
			{ number, nomineeId: event.nomineeId, rationale: event.rationale.trim(), at: event.at }
		]
	});
}

function recordPosition(
	election: Election,
	event: Extract<ElectionEvent, { type: 'record_position' }>
): ElectionResult {
	if (election.phase !== 'objections') return fail('wrong_phase');
	if (!election.participants.includes(event.by)) return fail('not_participant');
	const proposal = currentProposal(election);
	if (!proposal) return fail('no_proposal');
	// The nominee speaks last: they answer once every other participant has.
	if (event.by === proposal.nomineeId) {
		const given = new Set(election.positions.map((p) => p.participantId));
		const othersMissing = election.participants.some(
			(id) => id !== proposal.nomineeId && !given.has(id)
		);
		if (othersMissing) return fail('nominee_speaks_last');
	}
	return givePosition(election, event, proposal.number);
}

function elect(
	election: Election,
	event: { by: string; at: string; termStart: string }
): ElectionResult {
	if (event.by !== election.facilitatorId) return fail('not_facilitator');
	if (election.phase !== 'objections') return fail('wrong_phase');
	if (standingElectionObjections(election).length > 0) return fail('standing_objections');
	const given = new Set(election.positions.map((p) => p.participantId));
	if (election.participants.some((id) => !given.has(id))) return fail('missing_positions');
	const proposal = currentProposal(election);
	if (!proposal) return fail('no_proposal');
	const termEnd = addMonths(event.termStart, election.role.termMonths);
	if (termEnd === null) return fail('term_start_invalid');
	return ok({
		...election,
		phase: 'elected',
		closedAt: event.at,
		result: { electedId: proposal.nomineeId, at: event.at, termStart: event.termStart, termEnd }
	});
}

/** Adds months to a YYYY-MM-DD date, clamping to the month's last day (31 jan + 1 → 28/29 feb). */
export function addMonths(isoDate: string, months: number): string | null {
	const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(isoDate);
	if (!match) return null;
	const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
	const start = new Date(Date.UTC(year, month - 1, day));
	if (start.getUTCMonth() !== month - 1 || start.getUTCDate() !== day) return null;
	const targetMonth = month - 1 + months;
	const lastDay = new Date(Date.UTC(year, targetMonth + 1, 0)).getUTCDate();
	const end = new Date(Date.UTC(year, targetMonth, Math.min(day, lastDay)));
	return end.toISOString().slice(0, 10);
}

function ok(state: Election): ElectionResult {
	return { ok: true, state };
}

function fail(error: ElectionError): ElectionResult {
	return { ok: false, error };
}
