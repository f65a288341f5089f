/**
 * Asynchronous consent with a no-objection window (pure, time passed in). A facilitator opens a
 * proposal for N days; members give their position remotely; those who have not answered are
 * reminded once, shortly before the end ("se termine bientôt"); at the deadline, no standing
 * objection means the proposal is adopted (silence counts as consent, and the register names who
 * stayed silent), while a standing objection escalates the round to a live one, in integration.
 *
 * The server stores the next due time (`nextDueAt`) with the round and a scheduler applies
 * `remind` / `close_window` when it comes, even after a restart (see governance/scheduler.ts).
 */

/**
 * The actor of the schedule's events (reminder, end of the window) in the audit trail: shaped like
 * a record id (the field's pattern), and no user's — a random PocketBase id would take it by a
 * 1 in 36^15 chance.
 */
export const SCHEDULE_ACTOR = 'trame0000000000';

/** Default length of the window, in days. */
export const DEFAULT_WINDOW_DAYS = 7;
export const MAX_WINDOW_DAYS = 60;
export const DAY_MS = 24 * 60 * 60 * 1000;

export interface ConsentWindow {
	/** When positions stop being accepted and the round is decided (ISO). */
	closesAt: string;
	/** When those who have not answered are reminded (ISO, before closesAt). */
	reminderAt: string;
	/** When the reminder was sent, once. */
	remindedAt: string | null;
	/** The review date the adoption will carry (YYYY-MM-DD), chosen when opening. */
	reviewDate: string;
	/** Set when the window closed (adopted or escalated). */
	closedAt: string | null;
}

export type WindowError = 'window_invalid' | 'review_date_invalid';

/**
 * The window opened at `openedAt` for `days` days. `dayMs` is the length of a day (shortened by
 * configuration in tests); the reminder comes one day before the end, or halfway through a
 * shorter window.
 */
export function openWindow(input: {
	openedAt: string;
	days: number;
	reviewDate: string;
	dayMs?: number;
}): { ok: true; window: ConsentWindow } | { ok: false; error: WindowError } {
	const dayMs = input.dayMs ?? DAY_MS;
	if (!Number.isInteger(input.days) || input.days < 1 || input.days > MAX_WINDOW_DAYS)
		return { ok: false, error: 'window_invalid' };
	const opened = Date.parse(input.openedAt);
	if (Number.isNaN(opened) || !(dayMs > 0)) return { ok: false, error: 'window_invalid' };
	const length = input.days * dayMs;
	const closesAt = new Date(opened + length).toISOString();
	const reminderAt = new Date(opened + length - Math.min(dayMs, length / 2)).toISOString();
	if (!/^\d{4}-\d{2}-\d{2}$/.test(input.reviewDate) || input.reviewDate <= closesAt.slice(0, 10))
		return { ok: false, error: 'review_date_invalid' };
	return {
		ok: true,
		window: { closesAt, reminderAt, remindedAt: null, reviewDate: input.reviewDate, closedAt: null }
	};
}

/** What the schedule must do now for an open window, if anything. */
export function windowStep(window: ConsentWindow, now: string): 'remind' | 'close' | null {
	if (window.closedAt !== null) return null;
	if (now >= window.closesAt) return 'close';
	if (window.remindedAt === null && now >= window.reminderAt) return 'remind';
	return null;
}

/** The next time the schedule has something to do for this window, or null (closed). */
export function windowDueAt(window: ConsentWindow): string | null {
	if (window.closedAt !== null) return null;
	return window.remindedAt === null ? window.reminderAt : window.closesAt;
}

/** Is the window ending soon (the reminder time has come) but still open? */
export function windowEndingSoon(window: ConsentWindow, now: string): boolean {
	return window.closedAt === null && now >= window.reminderAt && now < window.closesAt;
}
