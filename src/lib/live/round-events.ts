/**
 * A round's live contract, shared by the governance service (publisher), the round's screens
 * (RoundClient) and the S8 bench follower: the topic, the `round.changed` event, and what a screen
 * does with it.
 *
 * The event carries the round's view cut for its recipient (as `GET /rounds/<id>/view` would
 * return it) when the server could vouch for the recipient's current access; otherwise it is a
 * bare notice and the screen refetches its view.
 */
import type { RoundView } from '../server/governance/view';

export const ROUND_CHANGED = 'round.changed';

/** The named view of the room's screen (`/api/live?…&view=projection`): cut for nobody. */
export const PROJECTION_VIEW = 'projection';

export function roundTopic(roundId: string): string {
	return `round:${roundId}`;
}

export type RoundChanged = {
	revision: number;
	phase: string;
	/** The recipient's view at `revision`, when sent. */
	view?: RoundView;
};

export interface RoundChangeStep {
	/** A pushed view to show now (newer than the one shown), or null. */
	show: RoundView | null;
	/** Refetch the view: no usable view came, or notices were missed (a gap in revisions). */
	refetch: boolean;
}

function isViewOf(value: unknown, shown: RoundView, revision: number): value is RoundView {
	if (typeof value !== 'object' || value === null) return false;
	const view = value as Partial<Record<keyof RoundView, unknown>>;
	return (
		view.id === shown.id &&
		view.revision === revision &&
		// The same cut as the one shown (the user's own, or the projection's), never another one.
		view.viewerId === shown.viewerId &&
		typeof view.serverNow === 'string' &&
		typeof view.phase === 'string'
	);
}

/** What a screen showing `shown` does with a `round.changed` event's data. */
export function roundChangeStep(
	shown: RoundView,
	data: Readonly<Record<string, unknown>>
): RoundChangeStep {
	const revision = data.revision;
	if (typeof revision !== 'number') return { show: null, refetch: true };
	if (revision <= shown.revision) return { show: null, refetch: false };
	if (!isViewOf(data.view, shown, revision)) return { show: null, refetch: true };
	return { show: data.view, refetch: revision > shown.revision + 1 };
}
