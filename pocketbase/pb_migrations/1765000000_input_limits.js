/// <reference path="../../.data/pb_data/types.d.ts" />
// The collections refuse what the app's forms refuse (src/lib/schemas; checked by
// tests/integration/schema-agreement.test.ts): a script can no longer store a document title or an
// experiment summary the form would not take, nor set a password the invitation form would refuse.
// Existing values are left as they are (PocketBase checks limits on write only).

migrate(
	(app) => {
		const experiments = app.findCollectionByNameOrId('experiments');
		experiments.fields.getByName('summary').max = 2000;
		app.save(experiments);

		const documents = app.findCollectionByNameOrId('documents');
		documents.fields.getByName('title').max = 200;
		app.save(documents);

		const users = app.findCollectionByNameOrId('users');
		const password = users.fields.getByName('password');
		password.min = 10;
		// bcrypt reads 72 bytes at most: 64 characters leave room for a few accented ones.
		password.max = 64;
		app.save(users);
	},
	(app) => {
		const experiments = app.findCollectionByNameOrId('experiments');
		experiments.fields.getByName('summary').max = 20000;
		app.save(experiments);

		const documents = app.findCollectionByNameOrId('documents');
		documents.fields.getByName('title').max = 300;
		app.save(documents);

		const users = app.findCollectionByNameOrId('users');
		const password = users.fields.getByName('password');
		password.min = 8;
		password.max = 0;
		app.save(users);
	}
);
