/**
 * Reminders of follow-up actions: a pass looks at the open actions due within a few days (or
 * overdue), decides what is due today (domain/seances/reminders.ts, the organisation's calendar
 * day) and notifies each owner in the inbox — the daily digest mail then carries the unread ones.
 * Each reminder is first claimed in `follow_up_reminders`, whose UNIQUE (action, stage, due date)
 * index lets only one pass win: a restart or several app instances never send one twice.
 * Mutes are honoured by writeNotifications. No SvelteKit imports.
 */
import type PocketBase from 'pocketbase';
import { dayIn, formatDay } from '../../i18n/format';
import {
	dueReminders,
	reminderHorizon,
	reminderKey,
	type DueReminder,
	type ReminderStage
} from '../../domain/seances/reminders';
import { liveHub, type LiveHub } from '../live/hub';
import { appLog, errorFields } from '../log';
import { writeNotifications } from '../review/notify';

const ACTIONS_MAX = 2000;

interface ActionRow {
	id: string;
	experiment: string;
	what: string;
	owner: string;
	due_date: string;
	status: string;
}

async function claim(admin: PocketBase, reminder: DueReminder): Promise<string | null> {
	try {
		const row = await admin.collection('follow_up_reminders').create({
			action: reminder.actionId,
			stage: reminder.stage,
			due_date: reminder.dueDate
		});
		return row.id;
	} catch {
		// The unique index refused it: another pass (or instance) sent this one.
		return null;
	}
}

const KIND: Record<ReminderStage, 'action_due' | 'action_overdue'> = {
	soon: 'action_due',
	eve: 'action_due',
	overdue: 'action_overdue'
};

/** One pass; returns the reminders this pass sent (claimed and written). */
export async function runActionReminders(
	admin: PocketBase,
	now: Date,
	hub: LiveHub = liveHub()
): Promise<DueReminder[]> {
	const today = dayIn(now);
	const horizon = reminderHorizon(today);
	const actions = await admin.collection('follow_ups').getList<ActionRow>(1, ACTIONS_MAX, {
		filter: admin.filter(
			"(status = 'todo' || status = 'doing') && due_date != '' && due_date <= {:horizon}",
			{ horizon: `${horizon} 23:59:59.999Z` }
		),
		sort: 'due_date',
		fields: 'id,experiment,what,owner,due_date,status'
	});
	if (actions.items.length === 0) return [];
	const rows = actions.items.map((a) => ({ ...a, dueDate: a.due_date }));
	const sentRows = await admin.collection('follow_up_reminders').getFullList({
		filter: admin.filter(
			"(action.status = 'todo' || action.status = 'doing') && action.due_date <= {:horizon}",
			{ horizon: `${horizon} 23:59:59.999Z` }
		),
		fields: 'action,stage,due_date'
	});
	const sent = new Set(
		sentRows.map((r) => reminderKey(String(r.action), r.stage as ReminderStage, String(r.due_date)))
	);
	const byId = new Map(rows.map((a) => [a.id, a]));
	const locales = new Map<string, string>();
	const done: DueReminder[] = [];
	for (const reminder of dueReminders(rows, today, sent)) {
		const action = byId.get(reminder.actionId)!;
		const claimed = await claim(admin, reminder);
		if (!claimed) continue;
		try {
			if (!locales.has(action.owner)) {
				const owner = await admin.collection('users').getOne(action.owner, { fields: 'locale' });
				locales.set(action.owner, owner.locale === 'en' ? 'en' : 'fr');
			}
			const locale = locales.get(action.owner) as 'fr' | 'en';
			await writeNotifications(
				admin,
				{
					recipients: new Map([[action.owner, KIND[reminder.stage]]]),
					actorId: '',
					// The owner's language: the digest mail repeats the excerpt as is.
					excerpt: `${action.what} — ${formatDay(reminder.dueDate, locale)}`,
					link: `/experiences/${action.experiment}/actions`
				},
				hub
			);
			done.push(reminder);
		} catch (error) {
			// Not sent: release the claim so that the next pass tries again.
			appLog.error('seances.reminder_failed', { action: action.id, ...errorFields(error) });
			await admin
				.collection('follow_up_reminders')
				.delete(claimed)
				.catch(() => undefined);
		}
	}
	return done;
}

export interface ReminderSchedule {
	runNow(): Promise<number>;
	stop(): void;
}

/** A pass at once, then every `intervalMs`; passes never overlap within a process. */
export function startReminderSchedule(options: {
	admin: () => Promise<PocketBase>;
	intervalMs: number;
	now?: () => Date;
}): ReminderSchedule {
	let running: Promise<number> | null = null;
	const runNow = () =>
		(running ??= (async () => {
			try {
				const sent = await runActionReminders(await options.admin(), options.now?.() ?? new Date());
				return sent.length;
			} catch (error) {
				appLog.error('seances.reminder_pass_failed', errorFields(error));
				return 0;
			} finally {
				running = null;
			}
		})());
	const timer = setInterval(() => void runNow(), options.intervalMs);
	timer.unref();
	void runNow();
	return { runNow, stop: () => clearInterval(timer) };
}
