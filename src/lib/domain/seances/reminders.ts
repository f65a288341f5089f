/**
 * Reminders of follow-up actions, pure: which reminder is due for an action on a given Paris
 * calendar day (passed in as YYYY-MM-DD). Three stages: a few days before the due date, the day
 * before (or the day itself), and « en retard » after it. Only the most urgent stage of the day is
 * due (an action created the day before its due date gets the last-day reminder only, never the
 * earlier one late), and each stage is sent once per action and due date: the caller records what
 * was sent (`reminderKey`) and passes it back.
 */
import { isOpen, type FollowUpLike } from './follow-up';

export const REMINDER_STAGES = ['soon', 'eve', 'overdue'] as const;
export type ReminderStage = (typeof REMINDER_STAGES)[number];

/** The first reminder goes this many calendar days before the due date. */
export const SOON_DAYS = 3;

const DAY_MS = 24 * 60 * 60 * 1000;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Whole calendar days from `today` to `due` (negative once past); null for a malformed date. */
export function daysUntil(due: string, today: string): number | null {
	if (!ISO_DATE.test(due) || !ISO_DATE.test(today)) return null;
	const diff = Date.parse(`${due}T00:00:00Z`) - Date.parse(`${today}T00:00:00Z`);
	return Number.isNaN(diff) ? null : Math.round(diff / DAY_MS);
}

/** The stage an open, dated action is in today; null when no reminder applies. */
export function reminderStage(action: FollowUpLike, today: string): ReminderStage | null {
	if (!isOpen(action)) return null;
	const days = daysUntil(action.dueDate.slice(0, 10), today);
	if (days === null || days > SOON_DAYS) return null;
	if (days < 0) return 'overdue';
	return days <= 1 ? 'eve' : 'soon';
}

/** What identifies one sent reminder: an action, a stage, the due date it was about. */
export function reminderKey(actionId: string, stage: ReminderStage, dueDate: string): string {
	return `${actionId}:${stage}:${dueDate.slice(0, 10)}`;
}

export interface RemindableAction extends FollowUpLike {
	id: string;
	owner: string;
}

export interface DueReminder {
	actionId: string;
	owner: string;
	stage: ReminderStage;
	/** YYYY-MM-DD */
	dueDate: string;
	key: string;
}

/** The reminders to send today, given the keys of those already sent. */
export function dueReminders(
	actions: readonly RemindableAction[],
	today: string,
	sent: ReadonlySet<string>
): DueReminder[] {
	const out: DueReminder[] = [];
	for (const action of actions) {
		const stage = reminderStage(action, today);
		if (!stage || !action.owner) continue;
		const dueDate = action.dueDate.slice(0, 10);
		const key = reminderKey(action.id, stage, dueDate);
		// A later stage already sent (the due date did not move) makes an earlier one pointless.
		const later = REMINDER_STAGES.slice(REMINDER_STAGES.indexOf(stage) + 1);
		if (sent.has(key) || later.some((s) => sent.has(reminderKey(action.id, s, dueDate)))) continue;
		out.push({ actionId: action.id, owner: action.owner, stage, dueDate, key });
	}
	return out;
}

/** The latest due date that can need a reminder today (for the query): today + SOON_DAYS. */
export function reminderHorizon(today: string): string {
	return new Date(Date.parse(`${today}T00:00:00Z`) + SOON_DAYS * DAY_MS).toISOString().slice(0, 10);
}
