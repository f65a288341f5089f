/**
 * The register entry of a closed round (pure): what was decided, on which exact text, who was
 * present, the concerns noted and how each objection was handled — with names snapshotted so the
 * record reads the same after accounts change.
 */
import type { ConsentRound, Objection, Position } from '../../domain/consent-round';
import { currentProposal, type Election } from '../../domain/election';

export interface PersonRef {
	id: string;
	name: string;
}

export interface ObjectionSummary {
	author: PersonRef;
	text: string;
	status: Objection['status'];
	reasoned: boolean | null;
	testReason: string;
	integratedIn: number | null;
	objectionRound: number;
	/** The proposal version it was raised on (entries recorded before it was kept: none). */
	version?: number;
}

/** A position as the register keeps it: with the proposal version it answered. */
export interface PositionSummary {
	author: PersonRef;
	kind: Position['kind'];
	text: string;
	version: number;
	objectionRound: number;
	at: string;
}

export interface DecisionFields {
	kind: 'consent' | 'election';
	outcome: 'adopted' | 'withdrawn' | 'postponed' | 'elected' | 'cancelled';
	title: string;
	section: string;
	text: string;
	hash: string;
	version: number;
	decided_at: string;
	review_date: string;
	present: PersonRef[];
	/** Participants marked absent during the round. */
	absent: PersonRef[];
	concerns: Array<{ author: PersonRef; text: string }>;
	objections: ObjectionSummary[];
	/** Every position of the objection rounds, each with the version it was given on. */
	positions: PositionSummary[];
	reason: string;
	elected: string;
	elected_name: string;
	term_start: string;
	term_end: string;
	facilitator: string;
	/** The document the proposal was frozen from, and its Yjs state vector then (base64). */
	source_document: string;
	source_state: string;
	/** The section heading's (or COPIL part's) Yjs identity: the decision's place in the document. */
	source_anchor: unknown;
	/** Which mode decided: in the room, or at the end of an asynchronous window. */
	mode: 'live' | 'async';
	/** Asynchronous adoption: who gave no position (silence counted as consent). */
	silent: PersonRef[];
	/** The register entry this one renews ('' if none). */
	renews: string;
}

export interface DecisionMeta {
	title: string;
	section: string;
	document?: string;
	source_state?: string;
	source_anchor?: unknown;
	renews?: string;
}

type Names = Record<string, string>;

const person = (names: Names, id: string): PersonRef => ({ id, name: names[id] ?? id });

function summarize(objections: Objection[], names: Names): ObjectionSummary[] {
	return objections.map((o) => ({
		author: person(names, o.authorId),
		text: o.text,
		status: o.status,
		reasoned: o.test ? o.test.reasoned : null,
		testReason: o.test?.reason ?? '',
		integratedIn: o.integratedIn,
		objectionRound: o.objectionRound,
		version: o.version
	}));
}

function summarizePositions(positions: readonly Position[], names: Names): PositionSummary[] {
	return positions.map((p) => ({
		author: person(names, p.participantId),
		kind: p.kind,
		text: p.text,
		version: p.version,
		objectionRound: p.objectionRound,
		at: p.at
	}));
}

/** The positions the register may name: a current round still hidden stays so (a withdrawal). */
function recordedPositions(round: ConsentRound): Position[] {
	const hidden = round.hidePositionsUntilReveal && !round.revealed;
	return hidden ? round.pastPositions : [...round.pastPositions, ...round.positions];
}

export function consentDecision(
	round: ConsentRound,
	meta: DecisionMeta,
	names: Names
): DecisionFields | null {
	if (round.closedAt === null) return null;
	const last = round.versions[round.versions.length - 1]!;
	const decided = round.decision;
	const outcome =
		round.phase === 'adopted' ? 'adopted' : round.phase === 'withdrawn' ? 'withdrawn' : 'postponed';
	return {
		kind: 'consent',
		outcome,
		title: meta.title,
		section: meta.section,
		text: decided?.text ?? last.text,
		hash: decided?.hash ?? last.hash,
		version: decided?.version ?? last.number,
		decided_at: round.closedAt,
		review_date: decided?.reviewDate ?? '',
		present: (decided?.present ?? round.participants).map((id) => person(names, id)),
		absent: (decided?.absent ?? round.absent ?? []).map((id) => person(names, id)),
		concerns: (decided?.concerns ?? []).map((c) => ({
			author: person(names, c.participantId),
			text: c.text
		})),
		objections: summarize(round.objections, names),
		positions: summarizePositions(recordedPositions(round), names),
		reason: round.closeReason,
		elected: '',
		elected_name: '',
		term_start: '',
		term_end: '',
		facilitator: round.facilitatorId,
		source_document: meta.document ?? '',
		source_state: meta.source_state ?? '',
		source_anchor: meta.source_anchor ?? null,
		mode: decided?.mode ?? round.mode ?? 'live',
		silent: (decided?.silent ?? []).map((id) => person(names, id)),
		renews: meta.renews ?? ''
	};
}

/** The role as one text, so an election's register entry also names an exact, hashed text. */
export function roleText(election: Election): string {
	const { role } = election;
	return [
		role.title,
		`Mission : ${role.mission}`,
		`Compétences : ${role.skills}`,
		`Durée du mandat : ${role.termMonths} mois`
	].join('\n');
}

export function electionDecision(
	election: Election,
	meta: { title: string; document?: string; source_anchor?: unknown },
	names: Names,
	hash: (text: string) => string
): DecisionFields | null {
	if (election.closedAt === null) return null;
	const text = roleText(election);
	const result = election.result;
	const concerns = election.positions
		.filter((p) => p.kind === 'concern')
		.map((p) => ({ author: person(names, p.participantId), text: p.text }));
	return {
		kind: 'election',
		outcome: result ? 'elected' : 'cancelled',
		title: meta.title,
		section: '',
		text,
		hash: hash(text),
		version: currentProposal(election)?.number ?? 0,
		decided_at: election.closedAt,
		review_date: result?.termEnd ?? '',
		present: election.participants.map((id) => person(names, id)),
		absent: (election.absent ?? []).map((id) => person(names, id)),
		concerns,
		objections: summarize(election.objections, names),
		positions: summarizePositions([...election.pastPositions, ...election.positions], names),
		reason: currentProposal(election)?.rationale ?? '',
		elected: result?.electedId ?? '',
		elected_name: result ? (names[result.electedId] ?? result.electedId) : '',
		term_start: result?.termStart ?? '',
		term_end: result?.termEnd ?? '',
		facilitator: election.facilitatorId,
		source_document: meta.document ?? '',
		source_state: '',
		source_anchor: meta.source_anchor ?? null,
		mode: 'live',
		silent: [],
		renews: ''
	};
}
