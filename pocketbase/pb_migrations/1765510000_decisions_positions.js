/// <reference path="../../.data/pb_data/types.d.ts" />
/* global JSONField */
// decisions (immutable): `positions`, every position given in the round's objection rounds with
// the proposal version it was given on (an amendment during integration makes earlier answers
// positions on the previous version; the register keeps which text each one answered).
// Hand-written; regenerate src/lib/pocketbase/types.ts (`npm run pb:typegen`) with any change.

migrate(
	(app) => {
		const decisions = app.findCollectionByNameOrId('decisions');
		decisions.fields.add(new JSONField({ name: 'positions', maxSize: 1024 * 1024 }));
		app.save(decisions);
	},
	(app) => {
		const decisions = app.findCollectionByNameOrId('decisions');
		decisions.fields.removeByName('positions');
		app.save(decisions);
	}
);
