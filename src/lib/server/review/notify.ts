/**
 * In-app notifications (review events, invitations, rounds), written as superuser (users only read
 * theirs) and announced live on `inbox:<userId>`. A failure here never undoes the comment, the
 * invitation or the round that caused it: it is logged.
 */
import { appLog, errorFields } from '../log';
import type PocketBase from 'pocketbase';
import { reviewRecipients, type NotificationKind, type ReviewEvent } from '../../domain/comments';
import { liveHub, type LiveHub } from '../live/hub';
import type { ReviewContext } from './context';

export const INBOX_CHANGED = 'inbox.changed';

export function inboxTopic(userId: string): string {
	return `inbox:${userId}`;
}

export interface ReviewNotice {
	event: ReviewEvent;
	threadId: string;
	mentions: readonly string[];
	excerpt: string;
	threadAuthor?: string;
}

async function participants(admin: PocketBase, threadId: string): Promise<string[]> {
	const rows = await admin.collection('review_messages').getFullList({
		filter: admin.filter('thread = {:thread}', { thread: threadId }),
		fields: 'author'
	});
	return [...new Set(rows.map((row) => String(row.author)))];
}

/** Every kind the inbox holds: review events, invitations and rounds one is invited to. */
export type InboxKind =
	| NotificationKind
	| 'invitation'
	| 'round'
	// The asynchronous-consent schedule's notices (the excerpt is the proposal's title).
	| 'round_reminder'
	| 'round_adopted'
	| 'round_escalated'
	// Reminders of one's follow-up actions (the excerpt is the action and its due date).
	| 'action_due'
	| 'action_overdue'
	// Séance invitations, updates (date, place) and cancellations (the excerpt is its title).
	| 'seance_invitation'
	| 'seance_updated'
	| 'seance_cancelled';

const MUTE_FIELD: Record<InboxKind, string> = {
	mention: 'mute_mentions',
	reply: 'mute_replies',
	suggestion: 'mute_suggestions',
	resolved: 'mute_resolutions',
	accepted: 'mute_resolutions',
	rejected: 'mute_resolutions',
	invitation: 'mute_invitations',
	round: 'mute_rounds',
	round_reminder: 'mute_rounds',
	round_adopted: 'mute_rounds',
	round_escalated: 'mute_rounds',
	action_due: 'mute_actions',
	action_overdue: 'mute_actions',
	seance_invitation: 'mute_invitations',
	seance_updated: 'mute_invitations',
	seance_cancelled: 'mute_invitations'
};

/** Removes the recipients who muted that kind of notification in their preferences. */
async function dropMuted(admin: PocketBase, recipients: Map<string, InboxKind>) {
	if (recipients.size === 0) return;
	const ids = [...recipients.keys()];
	const filter = ids.map((_, i) => `user = {:u${i}}`).join(' || ');
	const params = Object.fromEntries(ids.map((id, i) => [`u${i}`, id]));
	const prefs = await admin.collection('notification_prefs').getFullList({
		filter: admin.filter(filter, params)
	});
	for (const pref of prefs) {
		const user = String(pref.user);
		const kind = recipients.get(user);
		if (kind && pref[MUTE_FIELD[kind]] === true) recipients.delete(user);
	}
}

export interface InboxNotice {
	/** Who gets what; the actor is never among them. */
	recipients: Map<string, InboxKind>;
	actorId: string;
	excerpt: string;
	/** A same-site path. */
	link: string;
	documentId?: string;
	threadId?: string;
}

/**
 * Writes one notification per recipient who did not mute its kind, in one batch, then announces
 * it on each inbox topic. Returns who was notified. Throws: callers decide whether that matters.
 */
export async function writeNotifications(
	admin: PocketBase,
	notice: InboxNotice,
	hub: LiveHub = liveHub()
): Promise<string[]> {
	const recipients = new Map(notice.recipients);
	recipients.delete(notice.actorId);
	await dropMuted(admin, recipients);
	if (recipients.size === 0) return [];
	const excerpt = notice.excerpt.replace(/\s+/g, ' ').trim().slice(0, 280);
	const batch = admin.createBatch();
	for (const [userId, kind] of recipients) {
		batch.collection('notifications').create({
			user: userId,
			kind,
			actor: notice.actorId,
			document: notice.documentId ?? '',
			thread: notice.threadId ?? '',
			excerpt,
			link: notice.link,
			read: false
		});
	}
	await batch.send();
	for (const userId of recipients.keys()) hub.publish(inboxTopic(userId), { type: INBOX_CHANGED });
	return [...recipients.keys()];
}

export async function notifyReview(
	admin: PocketBase,
	ctx: ReviewContext,
	notice: ReviewNotice
): Promise<void> {
	try {
		const experiment =
			notice.event === 'suggestion'
				? await admin.collection('experiments').getOne(ctx.experimentId, { fields: 'editors' })
				: null;
		const recipients = reviewRecipients({
			event: notice.event,
			actorId: ctx.userId,
			mentions: notice.mentions,
			threadAuthorId: notice.threadAuthor,
			participantIds: notice.event === 'reply' ? await participants(admin, notice.threadId) : [],
			editorIds: (experiment?.editors as string[] | undefined) ?? []
		});
		await writeNotifications(admin, {
			recipients,
			actorId: ctx.userId,
			excerpt: notice.excerpt,
			link: `/documents/${ctx.documentId}?fil=${notice.threadId}`,
			documentId: ctx.documentId,
			threadId: notice.threadId
		});
	} catch (error) {
		appLog.error('review.notification_failed', errorFields(error));
	}
}
