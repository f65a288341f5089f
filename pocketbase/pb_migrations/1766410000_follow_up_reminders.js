/// <reference path="../../.data/pb_data/types.d.ts" />
// Reminders of follow-up actions (src/lib/domain/seances/reminders.ts): a ledger of the reminders
// sent, one row per action, stage and due date, under a UNIQUE index: the server claims a row
// before it notifies, so a restart or several app instances never send one twice. Written and read
// by the Trame server only. Two notification kinds (before the due date, overdue) and their mute.
// Regenerate src/lib/pocketbase/types.ts with any change.

const ACTION_NOTICES = ['action_due', 'action_overdue'];

migrate(
	(app) => {
		const followUps = app.findCollectionByNameOrId('follow_ups');
		const reminders = new Collection({
			type: 'base',
			name: 'follow_up_reminders',
			listRule: null,
			viewRule: null,
			createRule: null,
			updateRule: null,
			deleteRule: null,
			fields: [
				{
					type: 'relation',
					name: 'action',
					required: true,
					collectionId: followUps.id,
					maxSelect: 1,
					cascadeDelete: true
				},
				{
					type: 'select',
					name: 'stage',
					required: true,
					maxSelect: 1,
					values: ['soon', 'eve', 'overdue']
				},
				// The due date (YYYY-MM-DD) the reminder was about: a postponed action is reminded again.
				{ type: 'text', name: 'due_date', required: true, pattern: '^\\d{4}-\\d{2}-\\d{2}$' },
				{ type: 'autodate', name: 'created', onCreate: true, onUpdate: false }
			],
			indexes: [
				'CREATE UNIQUE INDEX `idx_follow_up_reminders_once` ON `follow_up_reminders` (`action`, `stage`, `due_date`)'
			]
		});
		app.save(reminders);

		const notifications = app.findCollectionByNameOrId('notifications');
		const kind = notifications.fields.getByName('kind');
		kind.values = [...kind.values.filter((v) => !ACTION_NOTICES.includes(v)), ...ACTION_NOTICES];
		app.save(notifications);

		const prefs = app.findCollectionByNameOrId('notification_prefs');
		prefs.fields.add(new BoolField({ name: 'mute_actions' }));
		app.save(prefs);
	},
	(app) => {
		app.delete(app.findCollectionByNameOrId('follow_up_reminders'));
		app
			.db()
			.newQuery("DELETE FROM notifications WHERE kind IN ('action_due', 'action_overdue')")
			.execute();
		const notifications = app.findCollectionByNameOrId('notifications');
		const kind = notifications.fields.getByName('kind');
		kind.values = kind.values.filter((v) => !ACTION_NOTICES.includes(v));
		app.save(notifications);
		const prefs = app.findCollectionByNameOrId('notification_prefs');
		prefs.fields.removeByName('mute_actions');
		app.save(prefs);
	}
);
