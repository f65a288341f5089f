/**
 * Invitations to a séance, pure: from the séance before and after a change, who gets what —
 * an invitation (METHOD:REQUEST) for the newly invited, an update (REQUEST with SEQUENCE + 1) for
 * those already invited when the date, duration, place, link or title changed, a cancellation
 * (METHOD:CANCEL) for those no longer invited or for everyone when the séance is cancelled.
 * Calendar clients replace an event only when its SEQUENCE grows: the caller stores `sequence`.
 */

export interface InvitedSeance {
	title: string;
	/** An instant, as stored. */
	startsAt: string;
	durationMinutes: number;
	place: string;
	visioUrl: string;
	status: string;
	invitees: readonly string[];
	sequence: number;
}

export type InvitationMessage = 'invitation' | 'update' | 'cancel';

export interface InvitationPlan {
	/** The SEQUENCE to store and to write in every .ics of this change. */
	sequence: number;
	sends: { user: string; message: InvitationMessage }[];
}

/** The fields a calendar event shows: a change to one of them is an update. */
function eventChanged(before: InvitedSeance, after: InvitedSeance): boolean {
	return (
		before.title !== after.title ||
		before.startsAt !== after.startsAt ||
		before.durationMinutes !== after.durationMinutes ||
		before.place !== after.place ||
		before.visioUrl !== after.visioUrl
	);
}

/** `before` is null for a séance just created. The organiser (actor) is never sent anything. */
export function planInvitations(
	before: InvitedSeance | null,
	after: InvitedSeance,
	actor: string
): InvitationPlan {
	const was = new Set(before?.invitees ?? []);
	const now = new Set(after.status === 'cancelled' ? [] : after.invitees);
	const sends: InvitationPlan['sends'] = [];
	const changed = before !== null && eventChanged(before, after);
	// A cancelled séance or a changed event is a new revision of it for everyone who had it.
	const cancelledNow =
		before !== null && before.status !== 'cancelled' && after.status === 'cancelled';
	const removed = [...was].filter((u) => !now.has(u));
	const sequence =
		before === null
			? after.sequence
			: before.sequence + (changed || cancelledNow || removed.length > 0 ? 1 : 0);
	if (before?.status === 'cancelled') return { sequence: before.sequence, sends: [] };
	for (const user of removed) sends.push({ user, message: 'cancel' });
	for (const user of now) {
		if (!was.has(user)) sends.push({ user, message: 'invitation' });
		else if (changed) sends.push({ user, message: 'update' });
	}
	return { sequence, sends: sends.filter((s) => s.user !== actor) };
}
