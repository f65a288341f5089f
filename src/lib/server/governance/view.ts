/**
 * What one viewer may see of a round (pure). The stored state holds secrets — positions hidden
 * until the facilitator reveals them, nominations before they are revealed together — so a view is
 * cut from it per viewer on the server, and only views leave the server. The projection (the
 * room's screen) is viewed as nobody in particular: `viewerId = null`.
 */
import { visiblePositions, type ConsentRound } from '../../domain/consent-round';
import { nominationsRevealed, visibleNominations, type Election } from '../../domain/election';

export type RoundKind = 'consent' | 'election';

export interface RoundView {
	id: string;
	experimentId: string;
	kind: RoundKind;
	title: string;
	section: string;
	revision: number;
	closed: boolean;
	phase: string;
	/** The viewer, or null for the projection. */
	viewerId: string | null;
	/** Names of the experiment's members (and anyone else the round mentions). */
	names: Record<string, string>;
	/** Server clock when the view was cut: clients correct their timers by it. */
	serverNow: string;
	consent: ConsentRound | null;
	election: Election | null;
	/** The document the round was started from (its section, or its COPIL part), if any. */
	documentId: string | null;
	/**
	 * Who has given a position in the current objection round — who, never what (also when the
	 * positions are hidden), for the room's screen and the facilitator.
	 */
	answeredBy: string[];
}

/** Are the current objection round's positions (and objections) hidden from this viewer? */
export function positionsHidden(round: ConsentRound, viewerId: string | null): boolean {
	return (
		round.hidePositionsUntilReveal && !round.revealed && (viewerId ?? '') !== round.facilitatorId
	);
}

/** Nominations stay secret until the justification round; a cancelled election never reveals. */
export function nominationsSecret(election: Election, everRevealed: boolean): boolean {
	return !everRevealed && !nominationsRevealed(election);
}

export function consentView(round: ConsentRound, viewerId: string | null): ConsentRound {
	const viewer = viewerId ?? '';
	const hidden = positionsHidden(round, viewerId);
	return {
		...round,
		positions: visiblePositions(round, viewer),
		// The current objection round's objections stay as hidden as the positions that raised them.
		objections: hidden
			? round.objections.filter(
					(o) => o.objectionRound !== round.objectionRound || o.authorId === viewer
				)
			: round.objections
	};
}

export function electionView(election: Election, viewerId: string | null): Election {
	return { ...election, nominations: visibleNominations(election, viewerId ?? '') };
}
