/**
 * The agenda a séance could have, from the state of the work (pure, the séance's day passed in):
 * approval of the previous séance's minutes, rounds escalated from an asynchronous window (an
 * objection stood at its end: the séance integrates it), open consent rounds and elections,
 * decisions whose review is due, overdue actions. The facilitator picks and orders; nothing is added by itself.
 */
import { isReviewDue } from '../review-due';
import { isOverdue } from './follow-up';
import type { ItemKind, SeanceStatus } from './seance';

export interface WorkState {
	/** The séance's day in Paris, YYYY-MM-DD. */
	day: string;
	/** The last séance held before this one, if any. */
	previousSeance: { id: string; title: string; startsAt: string } | null;
	rounds: ReadonlyArray<{
		id: string;
		title: string;
		kind: string;
		closed: boolean;
		/** When an objection at the end of its asynchronous window turned it into a live round. */
		escalatedAt?: string | null;
	}>;
	decisions: ReadonlyArray<{ id: string; title: string; reviewDate: string; outcome: string }>;
	actions: ReadonlyArray<{ id: string; what: string; dueDate: string; status: string }>;
	/** Already on the agenda (so not suggested twice); `actions`: an item on the follow-up actions. */
	taken?: {
		rounds: readonly string[];
		decisions: readonly string[];
		minutesOf: readonly string[];
		actions?: boolean;
	};
}

export type SuggestionReason =
	'minutes' | 'escalated' | 'round' | 'election' | 'review' | 'overdue';

export interface Suggestion {
	/** Stable key for the form: `<reason>:<id>`. */
	key: string;
	reason: SuggestionReason;
	kind: ItemKind;
	/** The subject (round title, decision title…); the UI words the item around it. */
	subject: string;
	durationMinutes: number;
	link: { round?: string; decision?: string; minutesOf?: string };
	/** Overdue actions are grouped into one item. */
	count?: number;
}

/** Suggestions prepare an agenda: while the séance is planned or running, not once it is over. */
export function suggestsAgenda(status: SeanceStatus): boolean {
	return status === 'planned' || status === 'running';
}

export function suggestAgenda(state: WorkState): Suggestion[] {
	const taken = state.taken ?? { rounds: [], decisions: [], minutesOf: [] };
	const out: Suggestion[] = [];
	const prev = state.previousSeance;
	if (prev && !taken.minutesOf.includes(prev.id)) {
		out.push({
			key: `minutes:${prev.id}`,
			reason: 'minutes',
			kind: 'approval',
			subject: prev.title,
			durationMinutes: 5,
			link: { minutesOf: prev.id }
		});
	}
	const open = state.rounds.filter((r) => !r.closed && !taken.rounds.includes(r.id));
	// Objections left standing by a remote round come first: the séance is where they are integrated.
	for (const round of open.filter((r) => r.escalatedAt)) {
		out.push({
			key: `escalated:${round.id}`,
			reason: 'escalated',
			kind: 'consent',
			subject: round.title,
			durationMinutes: 30,
			link: { round: round.id }
		});
	}
	for (const round of open) {
		if (round.escalatedAt) continue;
		const election = round.kind === 'election';
		out.push({
			key: `round:${round.id}`,
			reason: election ? 'election' : 'round',
			kind: 'consent',
			subject: round.title,
			durationMinutes: election ? 45 : 30,
			link: { round: round.id }
		});
	}
	const due = state.decisions
		.filter((d) => isReviewDue(d, state.day) && !taken.decisions.includes(d.id))
		.sort((a, b) => a.reviewDate.localeCompare(b.reviewDate));
	for (const decision of due) {
		out.push({
			key: `review:${decision.id}`,
			reason: 'review',
			kind: 'review',
			subject: decision.title,
			durationMinutes: 15,
			link: { decision: decision.id }
		});
	}
	const overdue = state.actions.filter((a) => isOverdue(a, state.day));
	if (overdue.length > 0 && !taken.actions) {
		out.push({
			key: 'overdue:actions',
			reason: 'overdue',
			kind: 'actions',
			subject: overdue.map((a) => a.what).join(' ; '),
			durationMinutes: Math.min(30, 5 + 2 * overdue.length),
			link: {},
			count: overdue.length
		});
	}
	return out;
}
