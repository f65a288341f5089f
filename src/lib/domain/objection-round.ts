/**
 * What consent rounds and elections share: go-arounds (each participant speaks once, in turn) and
 * the objection round (each participant's position, objections tested, withdrawn), with their
 * types. Each step takes the slice of state it needs and returns it updated, or a typed error; the
 * two state machines (consent-round.ts, election.ts) keep their own phase rules and call these.
 * This module imports neither of them.
 */

export type PositionKind = 'consent' | 'concern' | 'objection';

export interface Position {
	participantId: string;
	kind: PositionKind;
	/** The concern or the objection's argument; empty for a plain consent. */
	text: string;
	/** Optional anchor of an objection in the proposal text (opaque to the domain). */
	anchor: string | null;
	/** The objection round it belongs to (1 for the first, +1 after each integration). */
	objectionRound: number;
	/** The proposal version it answers. */
	version: number;
	at: string;
}

export type ObjectionStatus = 'open' | 'set_aside' | 'integrated' | 'withdrawn';

export interface Objection {
	id: string;
	authorId: string;
	text: string;
	anchor: string | null;
	objectionRound: number;
	version: number;
	status: ObjectionStatus;
	test: { reasoned: boolean; reason: string; at: string } | null;
	/** The amendment (proposal version) that integrates it. */
	integratedIn: number | null;
}

/** A go-around of the phase `phase` (a consent round's or an election's phases). */
export interface GoAround<P extends string = string> {
	phase: P;
	order: string[];
	/** Index of the current speaker in `order`; equals order.length when everyone has spoken. */
	current: number;
	turnSeconds: number;
	turnStartedAt: string;
	passed: string[];
}

/** Events both the consent round and the election accept, with the same meaning. */
export type SharedRoundEvent =
	| { type: 'start_go_around'; by: string; at: string; order: string[]; turnSeconds: number }
	| { type: 'next_speaker'; by: string; at: string }
	| { type: 'pass'; by: string; at: string }
	| {
			type: 'test_objection';
			by: string;
			at: string;
			objectionId: string;
			reasoned: boolean;
			reason: string;
	  }
	| { type: 'withdraw_objection'; by: string; at: string; objectionId: string }
	| { type: 'mark_absent'; by: string; at: string; participantId: string };

export type Step<S, E extends string> = { ok: true; state: S } | { ok: false; error: E };

export const POSITION_TEXT_MAX = 5_000;

interface GoAroundSlice<P extends string> {
	facilitatorId: string;
	participants: string[];
	phase: P;
	goAround?: GoAround<P> | null;
}

export type GoAroundError =
	| 'not_facilitator'
	| 'wrong_phase'
	| 'order_invalid'
	| 'turn_invalid'
	| 'no_go_around'
	| 'go_around_finished'
	| 'not_current_speaker';

export function startGoAround<P extends string, S extends GoAroundSlice<P>>(
	state: S,
	allowedPhases: ReadonlySet<P>,
	event: { by: string; at: string; order: string[]; turnSeconds: number }
): Step<S, GoAroundError> {
	if (event.by !== state.facilitatorId) return { ok: false, error: 'not_facilitator' };
	if (!allowedPhases.has(state.phase)) return { ok: false, error: 'wrong_phase' };
	const order = event.order;
	const sameMembers =
		order.length === state.participants.length &&
		new Set(order).size === order.length &&
		order.every((id) => state.participants.includes(id));
	if (!sameMembers) return { ok: false, error: 'order_invalid' };
	if (!Number.isInteger(event.turnSeconds) || event.turnSeconds < 10 || event.turnSeconds > 1800)
		return { ok: false, error: 'turn_invalid' };
	const goAround: GoAround<P> = {
		phase: state.phase,
		order: [...order],
		current: 0,
		turnSeconds: event.turnSeconds,
		turnStartedAt: event.at,
		passed: []
	};
	return { ok: true, state: { ...state, goAround } };
}

/** The facilitator moves the turn on; a speaker may pass their own turn. */
export function nextSpeaker<P extends string, S extends GoAroundSlice<P>>(
	state: S,
	by: string,
	at: string,
	passing: boolean
): Step<S, GoAroundError> {
	const g = state.goAround;
	if (!g || g.phase !== state.phase) return { ok: false, error: 'no_go_around' };
	const speaker = g.order[g.current];
	if (speaker === undefined) return { ok: false, error: 'go_around_finished' };
	if (by !== state.facilitatorId && !(passing && by === speaker))
		return { ok: false, error: 'not_current_speaker' };
	const goAround: GoAround<P> = {
		...g,
		current: g.current + 1,
		turnStartedAt: at,
		passed: passing ? [...g.passed, speaker] : g.passed
	};
	return { ok: true, state: { ...state, goAround } };
}

/** The current speaker of the phase's go-around, if one runs. */
export function speakerOf<P extends string>(state: GoAroundSlice<P>): string | null {
	const g = state.goAround;
	if (!g || g.phase !== state.phase) return null;
	return g.order[g.current] ?? null;
}

interface ObjectionSlice {
	facilitatorId: string;
	objectionRound: number;
	positions: Position[];
	objections: Objection[];
}

export type PositionError = 'text_required' | 'text_too_long' | 'objection_id_invalid';

/**
 * Records a participant's position on `version` in the current objection round. It replaces their
 * earlier one in this round and withdraws the objection that earlier position raised. Who may
 * answer, and when, is checked by the caller.
 */
export function givePosition<S extends ObjectionSlice>(
	state: S,
	event: {
		by: string;
		at: string;
		kind: PositionKind;
		text: string;
		anchor?: string | null;
		objectionId?: string;
	},
	version: number
): Step<S, PositionError> {
	const text = event.text.trim();
	if (event.kind !== 'consent' && text === '') return { ok: false, error: 'text_required' };
	if (text.length > POSITION_TEXT_MAX) return { ok: false, error: 'text_too_long' };
	const position: Position = {
		participantId: event.by,
		kind: event.kind,
		text: event.kind === 'consent' ? '' : text,
		anchor: event.kind === 'objection' ? (event.anchor ?? null) : null,
		objectionRound: state.objectionRound,
		version,
		at: event.at
	};
	const objections = state.objections.map((o) =>
		o.authorId === event.by && o.objectionRound === state.objectionRound && o.status === 'open'
			? { ...o, status: 'withdrawn' as const }
			: o
	);
	if (event.kind === 'objection') {
		const id = event.objectionId;
		if (!id || state.objections.some((o) => o.id === id))
			return { ok: false, error: 'objection_id_invalid' };
		objections.push({
			id,
			authorId: event.by,
			text,
			anchor: position.anchor,
			objectionRound: state.objectionRound,
			version,
			status: 'open',
			test: null,
			integratedIn: null
		});
	}
	return {
		ok: true,
		state: {
			...state,
			positions: [...state.positions.filter((p) => p.participantId !== event.by), position],
			objections
		}
	};
}

export type ObjectionError =
	'not_facilitator' | 'not_author' | 'unknown_objection' | 'objection_not_open' | 'reason_required';

function replaceObjection<S extends ObjectionSlice>(state: S, updated: Objection): S {
	return {
		...state,
		objections: state.objections.map((o) => (o.id === updated.id ? updated : o))
	};
}

/** The facilitator tests an objection: an unreasoned one is set aside and no longer blocks. */
export function testObjection<S extends ObjectionSlice>(
	state: S,
	event: { by: string; at: string; objectionId: string; reasoned: boolean; reason: string }
): Step<S, ObjectionError> {
	if (event.by !== state.facilitatorId) return { ok: false, error: 'not_facilitator' };
	const objection = state.objections.find((o) => o.id === event.objectionId);
	if (!objection) return { ok: false, error: 'unknown_objection' };
	if (objection.status !== 'open' && objection.status !== 'set_aside')
		return { ok: false, error: 'objection_not_open' };
	const reason = event.reason.trim();
	if (reason === '') return { ok: false, error: 'reason_required' };
	return {
		ok: true,
		state: replaceObjection(state, {
			...objection,
			status: event.reasoned ? 'open' : 'set_aside',
			test: { reasoned: event.reasoned, reason, at: event.at }
		})
	};
}

/** Only its author withdraws an objection. */
export function withdrawObjection<S extends ObjectionSlice>(
	state: S,
	event: { by: string; objectionId: string }
): Step<S, ObjectionError> {
	const objection = state.objections.find((o) => o.id === event.objectionId);
	if (!objection) return { ok: false, error: 'unknown_objection' };
	if (objection.authorId !== event.by) return { ok: false, error: 'not_author' };
	if (objection.status !== 'open' && objection.status !== 'set_aside')
		return { ok: false, error: 'objection_not_open' };
	return { ok: true, state: replaceObjection(state, { ...objection, status: 'withdrawn' }) };
}

/** Marks an open objection integrated by the given amendment or proposal number. */
export function markIntegrated<S extends ObjectionSlice>(
	state: S,
	objectionId: string,
	integratedIn: number | null
): Step<S, 'unknown_objection' | 'objection_not_open'> {
	const objection = state.objections.find((o) => o.id === objectionId);
	if (!objection) return { ok: false, error: 'unknown_objection' };
	if (objection.status !== 'open') return { ok: false, error: 'objection_not_open' };
	return {
		ok: true,
		state: replaceObjection(state, { ...objection, status: 'integrated', integratedIn })
	};
}

/** A go-around without one speaker: spoken turns stay, a waiting turn is dropped. */
export function withoutSpeaker<P extends string>(
	g: GoAround<P> | null,
	id: string,
	at: string
): GoAround<P> | null {
	if (!g) return g;
	const index = g.order.indexOf(id);
	if (index < 0 || index < g.current) return g;
	return {
		...g,
		order: g.order.filter((other) => other !== id),
		// The absent person was speaking: the next one starts now.
		turnStartedAt: index === g.current ? at : g.turnStartedAt
	};
}
