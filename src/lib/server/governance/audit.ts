/**
 * The audit trail of a round as one viewer may see it (pure): who did what, when (server time).
 * Shown to the facilitator, and once the round is closed to every reader. The stored events hold
 * the secrets the views hide, so the trail is cut with the same rules (view.ts): a position or
 * objection hidden until reveal stays hidden (its author and time remain, not its content), and a
 * nomination stays secret unless the nominations were revealed (a justification round happened).
 * The state at each event is rebuilt by replaying the pure state machine from the creation event.
 */
import { applyRoundEvent, type ConsentRound, type RoundEvent } from '../../domain/consent-round';
import { applyElectionEvent, type Election, type ElectionEvent } from '../../domain/election';
import { nominationsSecret, positionsHidden, type RoundKind } from './view';

export interface StoredEvent {
	revision: number;
	actor: string;
	type: string;
	payload: unknown;
	/** Server time the row was written. */
	created: string;
}

export interface AuditEntry {
	revision: number;
	type: string;
	actorId: string;
	/** Server time of the event (the `at` the server set), else the row's time. */
	at: string;
	/** True when the content is cut for this viewer (only who and when remain). */
	hidden: boolean;
	/** What the event said, for the fields a reader may see. */
	detail: {
		kind?: string;
		text?: string;
		person?: string;
		reason?: string;
		reasoned?: boolean;
		version?: number;
		date?: string;
		turnSeconds?: number;
	};
}

type AnyEvent = RoundEvent | ElectionEvent;

function detailOf(event: AnyEvent, state: ConsentRound | Election): AuditEntry['detail'] {
	switch (event.type) {
		case 'record_position':
			return { kind: event.kind, text: event.text };
		case 'amend': {
			const versions = (state as ConsentRound).versions;
			return { version: (versions[versions.length - 1]?.number ?? 0) + 1 };
		}
		case 'start_go_around':
			return { turnSeconds: event.turnSeconds };
		case 'test_objection':
			return { reasoned: event.reasoned, reason: event.reason };
		case 'integrate_objection':
			return 'version' in event ? { version: event.version } : {};
		case 'mark_absent':
			return { person: event.participantId };
		case 'nominate':
			return { person: event.nomineeId };
		case 'propose':
			return { person: event.nomineeId, reason: event.rationale };
		case 'adopt':
			return { date: event.reviewDate };
		case 'elect':
			return { date: event.termStart };
		case 'withdraw':
		case 'postpone':
			return { reason: event.reason };
		case 'describe':
			return { text: event.role.title };
		case 'record_input':
		case 'answer_input':
			return { text: event.text };
		default:
			return {};
	}
}

/** The objection an event is about, if any: its author and objection round decide secrecy. */
function concerns(
	event: AnyEvent,
	before: ConsentRound | Election,
	final: ConsentRound | Election
): { author: string; round: number } | null {
	if (event.type === 'record_position') return { author: event.by, round: before.objectionRound };
	if (
		event.type === 'test_objection' ||
		event.type === 'withdraw_objection' ||
		event.type === 'integrate_objection'
	) {
		const o = final.objections.find((x) => x.id === event.objectionId);
		return o ? { author: o.authorId, round: o.objectionRound } : null;
	}
	return null;
}

export function auditTrail(
	kind: RoundKind,
	events: readonly StoredEvent[],
	final: ConsentRound | Election,
	viewerId: string | null
): AuditEntry[] {
	const sorted = [...events].sort((a, b) => a.revision - b.revision);
	const created = sorted[0];
	let state = (created?.payload as { state?: ConsentRound | Election } | undefined)?.state ?? null;
	// First the replay (the state before each event), so secrecy can look at the whole history.
	const steps: Array<{ row: StoredEvent; before: ConsentRound | Election | null; ok: boolean }> =
		[];
	let nominationsRevealed = false;
	for (const row of sorted) {
		if (row.type === 'create' || state === null) {
			steps.push({ row, before: null, ok: true });
			continue;
		}
		const before: ConsentRound | Election = state;
		const result =
			kind === 'consent'
				? applyRoundEvent(before as ConsentRound, row.payload as RoundEvent)
				: applyElectionEvent(before as Election, row.payload as ElectionEvent);
		if (result.ok) state = result.state;
		if (kind === 'election' && state.phase === 'justification') nominationsRevealed = true;
		steps.push({ row, before, ok: result.ok });
	}
	const viewer = viewerId ?? '';
	const out: AuditEntry[] = [];
	for (const { row, before, ok } of steps) {
		if (before === null) {
			out.push({
				revision: row.revision,
				type: row.type,
				actorId: row.actor,
				at: (row.payload as { at?: string } | null)?.at || row.created,
				hidden: false,
				detail: {}
			});
			continue;
		}
		const event = row.payload as AnyEvent;
		let hidden = !ok; // an event the replay cannot explain is never shown in full
		const about = concerns(event, before, final);
		if (kind === 'consent' && about && about.author !== viewer) {
			const round = final as ConsentRound;
			hidden ||= positionsHidden(round, viewerId) && about.round === round.objectionRound;
		}
		if (kind === 'election' && event.type === 'nominate' && event.by !== viewer) {
			hidden ||=
				before.phase === 'nomination' && nominationsSecret(final as Election, nominationsRevealed);
		}
		out.push({
			revision: row.revision,
			type: row.type,
			actorId: row.actor,
			at: event.at ?? row.created,
			hidden,
			detail: hidden ? {} : detailOf(event, before)
		});
	}
	return out;
}
