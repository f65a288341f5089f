/**
 * A séance's live contract: the topic its pages follow and the bare notice sent when it moves
 * (started, next item, round started, attendance, closed). Screens refetch on the notice.
 */
export const SEANCE_CHANGED = 'seance.changed';

export function seanceTopic(seanceId: string): string {
	return `seance:${seanceId}`;
}
