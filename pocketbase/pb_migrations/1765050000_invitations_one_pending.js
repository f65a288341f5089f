/// <reference path="../../.data/pb_data/types.d.ts" />
// One pending invitation per address and experiment: inviting the same address again renews the
// pending invitation (new role, new link, the old link stops working) instead of adding a second
// one (src/lib/server/member-adding.ts). Older duplicates are removed before the index is made.

const INDEX = 'idx_invitations_pending_email';

migrate(
	(app) => {
		// Newest first: the first pending invitation seen for an address is the one kept.
		const pending = app.findRecordsByFilter('invitations', "accepted_at = ''", '-created', 0, 0);
		const seen = {};
		for (const invitation of pending) {
			const key = `${invitation.getString('experiment')} ${invitation.getString('email').toLowerCase()}`;
			if (seen[key]) app.delete(invitation);
			else seen[key] = true;
		}
		const invitations = app.findCollectionByNameOrId('invitations');
		invitations.addIndex(INDEX, true, '`experiment`, `email`', "`accepted_at` = ''");
		app.save(invitations);
	},
	(app) => {
		const invitations = app.findCollectionByNameOrId('invitations');
		invitations.removeIndex(INDEX);
		app.save(invitations);
	}
);
