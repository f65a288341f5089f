/** What the server sends about a document's decisions (shared by server and browser). */
import type { SectionDecision, SectionRound } from '../domain/section-decisions';
import type { SectionAnchor } from './section-anchor';

export interface DocumentDecision extends SectionDecision {
	roundId: string;
	title: string;
	/** The section's heading when decided (the fallback to find it again). */
	section: string;
	/** The adopted text (or an election's role), for the diff with the current section. */
	text: string;
	anchor: SectionAnchor | null;
	/** For an election: who was elected, and the term. */
	electedName: string;
	termEnd: string;
	/** The register entry this one renews ('' if none). */
	renews: string;
	/** What the section read as right after the write-back (a merge differs from `text`). */
	writtenText: string | null;
}

export interface DocumentRound extends SectionRound {
	section: string;
	anchor: SectionAnchor | null;
	/** The section's text when the round was opened (version 1). */
	frozenText: string;
	/** The latest amended wording, shown in place on the section, if any. */
	proposal: { number: number; text: string } | null;
	/** Objections raised and not yet integrated or withdrawn (as far as the viewer may see). */
	openObjections: number;
	/** A renewal: the register entry it reviews. */
	renews: string;
}

export interface DocumentDecisionsView {
	documentId: string;
	experimentId: string;
	decisions: DocumentDecision[];
	rounds: DocumentRound[];
	/** May the viewer open rounds (and renewals) in this experiment? */
	canFacilitate: boolean;
	/** Today in the organisation's time zone (YYYY-MM-DD), for review dates. */
	today: string;
}
