/**
 * The app's entry to review reminders (page loads): the superuser client, French text, today in
 * Paris. A failure is logged and never breaks the page that triggered it.
 */
import { appLog, errorFields } from '../log';
import { m } from '$lib/paraglide/messages';
import { formatDate } from '$lib/i18n/format';
import { adminPocketBase } from '../pocketbase';
import { sendReviewReminders } from './reminders';

/** Today in Paris (the Labo's time zone), as YYYY-MM-DD. */
export function parisToday(now = new Date()): string {
	return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris' }).format(now);
}

export async function remindDueReviews(experimentIds: readonly string[]): Promise<void> {
	try {
		await sendReviewReminders({ admin: await adminPocketBase() }, experimentIds, parisToday(), {
			// Stored text, read later by its recipient: written in French, the Labo's language.
			excerpt: (title, reviewDate) =>
				m.gov_reminder_excerpt(
					{ title, date: formatDate(reviewDate, 'fr', 'Europe/Paris') },
					{ locale: 'fr' }
				)
		});
	} catch (error) {
		appLog.error('governance.review_reminders_failed', errorFields(error));
	}
}
