/**
 * The app's entry to the reminders of follow-up actions (reminders.ts), started once per process
 * by the `init` hook (src/hooks.server.ts). Every instance runs it: the ledger's unique index
 * makes each reminder go out once whatever the number of instances.
 */
import { adminPocketBase } from '../pocketbase';
import { startReminderSchedule, type ReminderSchedule } from './reminders';

/** A new calendar day is noticed within this long. */
const INTERVAL_MS = 5 * 60 * 1000;

const KEY = Symbol.for('trame.actionReminders');
const holder = globalThis as typeof globalThis & { [KEY]?: ReminderSchedule };

export function startActionReminders(): ReminderSchedule {
	// One schedule per process, even when Vite reloads this module.
	holder[KEY]?.stop();
	const schedule = startReminderSchedule({ admin: adminPocketBase, intervalMs: INTERVAL_MS });
	holder[KEY] = schedule;
	return schedule;
}
