/**
 * The decision state of one section of a document (pure): derived from the register entries and
 * write-back records about it, the open rounds on it and the hash of its current text — never
 * stored. It drives the margin badge, the outline marker and the document's "Décisions" view.
 */
import { isReviewDue } from './review-due';

/** How a decision's text reached the document (`decision_writebacks`). */
export type WritebackOutcome =
	/** The adopted text was written (or the section already held it). */
	| 'applied'
	/** The section had changed: the facilitator kept its current text and recorded the divergence. */
	| 'kept_current'
	/** The facilitator wrote a merge of the current text and the adopted one. */
	| 'merged'
	/** An election's result written into the COPIL composition. */
	| 'elected';

export interface SectionDecision {
	/** Register entry id. */
	id: string;
	kind: 'consent' | 'election';
	outcome: string;
	decidedAt: string;
	/** YYYY-MM-DD or ''. */
	reviewDate: string;
	/** SHA-256 of the adopted text. */
	hash: string;
	mode: 'live' | 'async';
	writeback: { outcome: WritebackOutcome; hash: string; at: string } | null;
}

export interface SectionRound {
	id: string;
	kind: 'consent' | 'election';
	title: string;
	phase: string;
	mode: 'live' | 'async';
	/** End of an asynchronous window (ISO), or null. */
	closesAt: string | null;
}

export type SectionBadge =
	'in_round' | 'adopted' | 'elected' | 'modified' | 'review_due' | 'write_pending';

export interface SectionDecisionState {
	/** The open round on the section (the latest one), if any. */
	round: SectionRound | null;
	/** The decision that applies to the section now (the latest adopted or elected one). */
	decision: SectionDecision | null;
	/** The hash the section's text should have after that decision (null: no text to compare). */
	expectedHash: string | null;
	/** The section's text is no longer the decided one (or the divergence was recorded). */
	modified: boolean;
	/** Adopted, but the text is not yet written back (it waits for the facilitator's choice). */
	writePending: boolean;
	reviewDue: boolean;
	/** What to show, most urgent first; empty for a section no decision is about. */
	badges: SectionBadge[];
}

const APPLYING: ReadonlySet<string> = new Set(['adopted', 'elected']);

/** The latest decision that still applies (adopted or elected), by decision time then id. */
function latest(decisions: readonly SectionDecision[]): SectionDecision | null {
	let best: SectionDecision | null = null;
	for (const d of decisions) {
		if (!APPLYING.has(d.outcome)) continue;
		if (!best || d.decidedAt > best.decidedAt || (d.decidedAt === best.decidedAt && d.id > best.id))
			best = d;
	}
	return best;
}

/** The hash the section should read as: the merge written, else the adopted text's. */
function expected(decision: SectionDecision): string | null {
	if (decision.kind === 'election') return null;
	if (decision.writeback?.outcome === 'merged') return decision.writeback.hash;
	return decision.hash;
}

export function sectionDecisionState(input: {
	decisions: readonly SectionDecision[];
	rounds: readonly SectionRound[];
	/** SHA-256 of the section's current text; null when it is not known (yet). */
	currentHash: string | null;
	/** YYYY-MM-DD in the organisation's time zone. */
	today: string;
}): SectionDecisionState {
	const round = input.rounds[input.rounds.length - 1] ?? null;
	const decision = latest(input.decisions);
	const expectedHash = decision ? expected(decision) : null;
	const writePending =
		decision !== null && decision.kind === 'consent' && decision.writeback === null;
	const modified =
		decision !== null &&
		expectedHash !== null &&
		((input.currentHash !== null && input.currentHash !== expectedHash) ||
			decision.writeback?.outcome === 'kept_current');
	const reviewDue =
		decision !== null &&
		isReviewDue(
			{ id: decision.id, reviewDate: decision.reviewDate, outcome: decision.outcome },
			input.today
		);
	const badges: SectionBadge[] = [];
	if (round) badges.push('in_round');
	if (writePending) badges.push('write_pending');
	if (modified) badges.push('modified');
	if (reviewDue) badges.push('review_due');
	if (decision) badges.push(decision.kind === 'election' ? 'elected' : 'adopted');
	return { round, decision, expectedHash, modified, writePending, reviewDue, badges };
}

/** Order of the "Décisions" view: what needs someone first. */
const GROUP_ORDER = [
	'in_round',
	'write_pending',
	'review_due',
	'modified',
	'decided',
	'none'
] as const;
export type SectionGroup = (typeof GROUP_ORDER)[number];

export function sectionGroup(state: SectionDecisionState): SectionGroup {
	if (state.round) return 'in_round';
	if (state.writePending) return 'write_pending';
	if (state.reviewDue) return 'review_due';
	if (state.modified) return 'modified';
	if (state.decision) return 'decided';
	return 'none';
}

export function compareGroups(a: SectionGroup, b: SectionGroup): number {
	return GROUP_ORDER.indexOf(a) - GROUP_ORDER.indexOf(b);
}
