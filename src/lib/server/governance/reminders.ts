/**
 * Review-date reminders: when an adopted decision (or an election's term) reaches its review date,
 * each member of the experiment gets one in-app notification, once per decision. Sent by the
 * server when the dashboard or a register loads (not a PocketBase cron): the "is it due" rule is
 * the pure, tested one of domain/review-due.ts, the inbox is pinged live, and the daily email
 * digest (pb_hooks/review_digest.pb.js) then includes the reminder like any notification.
 * Idempotent: a `decision_reminders` row (unique per decision and member) is written in the same
 * batch as the notification, so two loads racing create it once. No SvelteKit imports.
 */
import type PocketBase from 'pocketbase';
import { ClientResponseError } from 'pocketbase';
import { remindersToSend } from '../../domain/review-due';
import { liveHub, type LiveHub } from '../live/hub';
import { INBOX_CHANGED, inboxTopic } from '../review/notify';

export interface ReminderDeps {
	admin: PocketBase;
	hub?: LiveHub;
}

export interface ReminderText {
	/** The notification's excerpt for a decision (title and review date). */
	excerpt: (title: string, reviewDate: string) => string;
}

const ID = /^[a-z0-9]{15}$/;

function anyOf(admin: PocketBase, field: string, ids: readonly string[]): string {
	const params = Object.fromEntries(ids.map((id, i) => [`v${i}`, id]));
	return admin.filter(`(${ids.map((_, i) => `${field} = {:v${i}}`).join(' || ')})`, params);
}

/** Sends the reminders still owed for the experiments' due decisions; returns how many. */
export async function sendReviewReminders(
	deps: ReminderDeps,
	experimentIds: readonly string[],
	today: string,
	text: ReminderText
): Promise<number> {
	const ids = [...new Set(experimentIds)].filter((id) => ID.test(id));
	if (ids.length === 0) return 0;
	const { admin } = deps;
	const decisions = await admin.collection('decisions').getFullList({
		filter: `${anyOf(admin, 'experiment', ids)} && (outcome = 'adopted' || outcome = 'elected') && review_date != '' && ${admin.filter('review_date <= {:end}', { end: `${today} 23:59:59.999Z` })}`,
		fields: 'id,experiment,title,outcome,review_date'
	});
	if (decisions.length === 0) return 0;
	const [memberships, sent] = await Promise.all([
		admin.collection('memberships').getFullList({
			filter: anyOf(admin, 'experiment', [...new Set(decisions.map((d) => String(d.experiment)))]),
			fields: 'experiment,user'
		}),
		admin.collection('decision_reminders').getFullList({
			filter: anyOf(
				admin,
				'decision',
				decisions.map((d) => d.id)
			),
			fields: 'decision,user'
		})
	]);
	const members = new Map<string, string[]>();
	for (const m of memberships) {
		const list = members.get(String(m.experiment)) ?? [];
		list.push(String(m.user));
		members.set(String(m.experiment), list);
	}
	const byId = new Map(decisions.map((d) => [d.id, d]));
	const due = remindersToSend(
		decisions.map((d) => ({
			id: d.id,
			experiment: String(d.experiment),
			outcome: String(d.outcome),
			reviewDate: String(d.review_date ?? '').slice(0, 10)
		})),
		(experiment) => members.get(experiment) ?? [],
		sent.map((r) => ({ decisionId: String(r.decision), userId: String(r.user) })),
		today
	);
	let count = 0;
	for (const reminder of due) {
		const decision = byId.get(reminder.decisionId)!;
		const experiment = String(decision.experiment);
		const batch = admin.createBatch();
		batch.collection('decision_reminders').create({
			decision: decision.id,
			user: reminder.userId,
			experiment
		});
		batch.collection('notifications').create({
			user: reminder.userId,
			kind: 'round',
			excerpt: text
				.excerpt(String(decision.title), String(decision.review_date).slice(0, 10))
				.slice(0, 300),
			link: `/experiences/${experiment}/decisions?due=1`,
			read: false
		});
		try {
			await batch.send();
			count++;
			(deps.hub ?? liveHub()).publish(inboxTopic(reminder.userId), { type: INBOX_CHANGED });
		} catch (error) {
			// 400: another load sent it first (unique index), nothing to do. Anything else is real.
			if (!(error instanceof ClientResponseError) || error.status !== 400) throw error;
		}
	}
	return count;
}
