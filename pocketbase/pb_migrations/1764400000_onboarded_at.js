/// <reference path="../../.data/pb_data/types.d.ts" />
// The first-sign-in guide is remembered per person, not per browser: `onboarded_at` is set (by the
// user's own update, which `users.updateRule = 'id = @request.auth.id'` allows) when the guide is
// finished or skipped. Regenerate src/lib/pocketbase/types.ts with any change.

migrate(
	(app) => {
		const users = app.findCollectionByNameOrId('users');
		users.fields.add(new DateField({ name: 'onboarded_at' }));
		app.save(users);
	},
	(app) => {
		const users = app.findCollectionByNameOrId('users');
		users.fields.removeByName('onboarded_at');
		app.save(users);
	}
);
