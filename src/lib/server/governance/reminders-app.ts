/**
 * The app's entry to review reminders (page loads): the superuser client, French text, today in
 * the organisation's time zone. A failure is logged and never breaks the page that triggered it.
 */
import { appLog, errorFields } from '../log';
import { m } from '$lib/paraglide/messages';
import { dayIn, formatDay } from '$lib/i18n/format';
import { adminPocketBase } from '../pocketbase';
import { sendReviewReminders } from './reminders';

/** Today in the organisation's time zone, as YYYY-MM-DD. */
export function organisationToday(now = new Date()): string {
	return dayIn(now);
}

export async function remindDueReviews(experimentIds: readonly string[]): Promise<void> {
	try {
		await sendReviewReminders(
			{ admin: await adminPocketBase() },
			experimentIds,
			organisationToday(),
			{
				// Stored text, read later by its recipient: written in French, the Labo's language.
				excerpt: (title, reviewDate) =>
					m.gov_reminder_excerpt({ title, date: formatDay(reviewDate, 'fr') }, { locale: 'fr' })
			}
		);
	} catch (error) {
		appLog.error('governance.review_reminders_failed', errorFields(error));
	}
}
