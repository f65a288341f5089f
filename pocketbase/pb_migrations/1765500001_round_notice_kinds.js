/// <reference path="../pb_data/types.d.ts" />
/**
 * Notices of the asynchronous-consent schedule are kinds of their own (the reminder, the adoption
 * without objection, the escalation to a live round): the inbox and the digest write them in the
 * reader's language, the excerpt keeps only the proposal's title.
 */
const ROUND_NOTICES = ['round_reminder', 'round_adopted', 'round_escalated'];

migrate(
	(app) => {
		const notifications = app.findCollectionByNameOrId('notifications');
		const kind = notifications.fields.getByName('kind');
		kind.values = [...kind.values.filter((v) => !ROUND_NOTICES.includes(v)), ...ROUND_NOTICES];
		app.save(notifications);
	},
	(app) => {
		app
			.db()
			.newQuery(
				"DELETE FROM notifications WHERE kind IN ('round_reminder', 'round_adopted', 'round_escalated')"
			)
			.execute();
		const notifications = app.findCollectionByNameOrId('notifications');
		const kind = notifications.fields.getByName('kind');
		kind.values = kind.values.filter((v) => !ROUND_NOTICES.includes(v));
		app.save(notifications);
	}
);
