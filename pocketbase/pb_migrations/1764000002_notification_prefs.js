/// <reference path="../../.data/pb_data/types.d.ts" />
// Per-user notification preferences (which review events reach the in-app inbox, and whether a
// daily email digest is sent when SMTP is configured: pb_hooks/review_digest.pb.js). One row per
// user, created on first save. Regenerate src/lib/pocketbase/types.ts with any change.

migrate(
	(app) => {
		const users = app.findCollectionByNameOrId('users');
		const prefs = new Collection({
			type: 'base',
			name: 'notification_prefs',
			listRule: 'user = @request.auth.id',
			viewRule: 'user = @request.auth.id',
			createRule: 'user = @request.auth.id && @request.body.user = @request.auth.id',
			updateRule: 'user = @request.auth.id && @request.body.user:changed = false',
			deleteRule: null,
			fields: [
				{
					type: 'relation',
					name: 'user',
					required: true,
					collectionId: users.id,
					maxSelect: 1,
					cascadeDelete: true
				},
				{ type: 'bool', name: 'mute_mentions' },
				{ type: 'bool', name: 'mute_replies' },
				{ type: 'bool', name: 'mute_suggestions' },
				{ type: 'bool', name: 'mute_resolutions' },
				{ type: 'bool', name: 'email_digest' },
				{ type: 'autodate', name: 'updated', onCreate: true, onUpdate: true }
			],
			indexes: [
				'CREATE UNIQUE INDEX `idx_notification_prefs_user` ON `notification_prefs` (`user`)'
			]
		});
		app.save(prefs);
	},
	(app) => {
		app.delete(app.findCollectionByNameOrId('notification_prefs'));
	}
);
