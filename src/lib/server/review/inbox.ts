/**
 * The signed-in user's inbox, read and updated with the user's own PocketBase client (the rules
 * keep it to their notifications), and their notification preferences.
 */
import { orNullIfMissing } from '../pb-errors';
import type { TypedPocketBase } from '../../pocketbase/types';
import type { NotificationPrefsRecord, NotificationsRecord } from '../../pocketbase/types';
import { liveHub } from '../live/hub';
import { INBOX_CHANGED, inboxTopic } from './notify';

export interface InboxItem {
	id: string;
	kind: NotificationsRecord['kind'];
	actorName: string;
	documentTitle: string;
	excerpt: string;
	link: string;
	read: boolean;
	created: string;
}

type Expanded = NotificationsRecord & {
	expand?: { actor?: { name?: string }; document?: { title?: string } };
};

export async function listInbox(userPb: TypedPocketBase, limit = 100): Promise<InboxItem[]> {
	const page = await userPb.collection('notifications').getList<Expanded>(1, limit, {
		sort: '-created,-id',
		expand: 'actor,document'
	});
	return page.items.map((n) => ({
		id: n.id,
		kind: n.kind,
		actorName: n.expand?.actor?.name ?? '',
		documentTitle: n.expand?.document?.title ?? '',
		excerpt: n.excerpt,
		// Stored by the server as a same-site path; checked again before use as a link.
		link: /^\/[^/\\]/.test(n.link) ? n.link : '/',
		read: n.read,
		created: n.created
	}));
}

export async function unreadCount(userPb: TypedPocketBase): Promise<number> {
	const page = await userPb
		.collection('notifications')
		.getList(1, 1, { filter: 'read = false', fields: 'id' });
	return page.totalItems;
}

export async function markRead(
	userPb: TypedPocketBase,
	userId: string,
	id: string | null
): Promise<void> {
	const targets = id
		? [id]
		: (
				await userPb
					.collection('notifications')
					.getFullList({ filter: 'read = false', fields: 'id' })
			).map((n) => n.id);
	for (const target of targets) {
		await userPb.collection('notifications').update(target, { read: true });
	}
	liveHub().publish(inboxTopic(userId), { type: INBOX_CHANGED });
}

export type Prefs = Pick<
	NotificationPrefsRecord,
	| 'mute_mentions'
	| 'mute_replies'
	| 'mute_suggestions'
	| 'mute_resolutions'
	| 'mute_invitations'
	| 'mute_rounds'
	| 'mute_actions'
	| 'email_digest'
>;

export const PREF_KEYS = [
	'mute_mentions',
	'mute_replies',
	'mute_suggestions',
	'mute_resolutions',
	'mute_invitations',
	'mute_rounds',
	'mute_actions',
	'email_digest'
] as const satisfies readonly (keyof Prefs)[];

export async function loadPrefs(userPb: TypedPocketBase): Promise<Prefs & { id: string | null }> {
	const row = await orNullIfMissing(userPb.collection('notification_prefs').getFirstListItem(''));
	return {
		id: row?.id ?? null,
		mute_mentions: row?.mute_mentions ?? false,
		mute_replies: row?.mute_replies ?? false,
		mute_suggestions: row?.mute_suggestions ?? false,
		mute_resolutions: row?.mute_resolutions ?? false,
		mute_invitations: row?.mute_invitations ?? false,
		mute_rounds: row?.mute_rounds ?? false,
		mute_actions: row?.mute_actions ?? false,
		email_digest: row?.email_digest ?? false
	};
}

export async function savePrefs(
	userPb: TypedPocketBase,
	userId: string,
	prefs: Prefs
): Promise<void> {
	const current = await loadPrefs(userPb);
	if (current.id) await userPb.collection('notification_prefs').update(current.id, prefs);
	else await userPb.collection('notification_prefs').create({ user: userId, ...prefs });
}
