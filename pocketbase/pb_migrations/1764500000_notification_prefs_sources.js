/// <reference path="../../.data/pb_data/types.d.ts" />
// Mutes for the inbox's non-review kinds: invitations to an experiment and rounds (consent rounds,
// elections) a user is invited to. Regenerate src/lib/pocketbase/types.ts with any change.

migrate(
	(app) => {
		const prefs = app.findCollectionByNameOrId('notification_prefs');
		prefs.fields.add(new BoolField({ name: 'mute_invitations' }));
		prefs.fields.add(new BoolField({ name: 'mute_rounds' }));
		app.save(prefs);
	},
	(app) => {
		const prefs = app.findCollectionByNameOrId('notification_prefs');
		prefs.fields.removeByName('mute_invitations');
		prefs.fields.removeByName('mute_rounds');
		app.save(prefs);
	}
);
