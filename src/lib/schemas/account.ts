/** Input schemas of a person's own settings: language, notifications. */
import * as f from './fields';

/** `POST /langue` (the FR/EN switch). */
export const language = f.form({
	locale: f.choice(['fr', 'en'], { pb: 'users.locale', requiredBeyondCollection: true }),
	redirectTo: f.text({ max: 2000 })
});

/** `/notifications?/read`: one notification marked read. */
export const notificationRead = f.form({ id: f.id() });

/** `/notifications?/prefs`: the checkboxes of the preferences (unticked = not sent). */
export const notificationPrefs = f.form({
	mute_mentions: f.flag({ pb: 'notification_prefs.mute_mentions' }),
	mute_replies: f.flag({ pb: 'notification_prefs.mute_replies' }),
	mute_suggestions: f.flag({ pb: 'notification_prefs.mute_suggestions' }),
	mute_resolutions: f.flag({ pb: 'notification_prefs.mute_resolutions' }),
	mute_invitations: f.flag({ pb: 'notification_prefs.mute_invitations' }),
	mute_rounds: f.flag({ pb: 'notification_prefs.mute_rounds' }),
	mute_actions: f.flag({ pb: 'notification_prefs.mute_actions' }),
	email_digest: f.flag({ pb: 'notification_prefs.email_digest' })
});
