/// <reference path="../../.data/pb_data/types.d.ts" />
/* global NumberField, RelationField */
// Invitations to a séance (src/lib/server/seances/invitations.ts): the invited members, the iCal
// SEQUENCE of the invitation (raised with each change of date, place or link, so calendar
// clients replace the event), a cancelled status (METHOD:CANCEL to the invitees), and the inbox
// kinds. Regenerate src/lib/pocketbase/types.ts with any change.

const SEANCE_NOTICES = ['seance_invitation', 'seance_updated', 'seance_cancelled'];

migrate(
	(app) => {
		const users = app.findCollectionByNameOrId('users');
		const seances = app.findCollectionByNameOrId('seances');
		seances.fields.add(
			new RelationField({
				name: 'invitees',
				collectionId: users.id,
				maxSelect: 500,
				cascadeDelete: false
			})
		);
		seances.fields.add(new NumberField({ name: 'ical_sequence', onlyInt: true, min: 0 }));
		const status = seances.fields.getByName('status');
		status.values = [...status.values.filter((v) => v !== 'cancelled'), 'cancelled'];
		app.save(seances);

		const notifications = app.findCollectionByNameOrId('notifications');
		const kind = notifications.fields.getByName('kind');
		kind.values = [...kind.values.filter((v) => !SEANCE_NOTICES.includes(v)), ...SEANCE_NOTICES];
		app.save(notifications);
	},
	(app) => {
		app
			.db()
			.newQuery(
				"DELETE FROM notifications WHERE kind IN ('seance_invitation', 'seance_updated', 'seance_cancelled')"
			)
			.execute();
		const notifications = app.findCollectionByNameOrId('notifications');
		const kind = notifications.fields.getByName('kind');
		kind.values = kind.values.filter((v) => !SEANCE_NOTICES.includes(v));
		app.save(notifications);
		app.db().newQuery("UPDATE seances SET status = 'planned' WHERE status = 'cancelled'").execute();
		const seances = app.findCollectionByNameOrId('seances');
		seances.fields.removeByName('invitees');
		seances.fields.removeByName('ical_sequence');
		const status = seances.fields.getByName('status');
		status.values = status.values.filter((v) => v !== 'cancelled');
		app.save(seances);
	}
);
