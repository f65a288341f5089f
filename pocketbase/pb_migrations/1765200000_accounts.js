/// <reference path="../../.data/pb_data/types.d.ts" />
/* global TextField */
// Accounts (docs/architecture.md, "Accounts and identity"):
// - token lifetimes: a session token lives 7 days and is renewed on every page (sliding); reset and
//   email-change links 30 minutes, verification links 24 hours. All are single-use by
//   construction (PocketBase signs them with the record's tokenKey, password hash or email, which
//   the confirmation changes);
// - accounts are created by Trame's server (invitations, seed) or by an OpenID Connect sign-in:
//   `@request.context = "oauth2"` lets PocketBase's OAuth2 flow create one, nothing else;
// - `siret`: the organisation number an SSO provider (ProConnect) released, shown on the profile;
//   only the SSO sign-in writes it (pb_hooks/accounts.pb.js);
// - the new-device sign-in alert is off: Trame does not send mail the person did not ask for;
// - comments outlive a deleted account: their author becomes empty ("compte supprimé").
// The mail texts themselves are written per language by pb_hooks/accounts.pb.js; the templates
// below are the French fallback PocketBase needs.
// Regenerate src/lib/pocketbase/types.ts with any change.

const LINK_STYLE = 'color:#1d4ed8';

migrate(
	(app) => {
		const users = app.findCollectionByNameOrId('users');
		users.authToken.duration = 7 * 24 * 3600;
		users.passwordResetToken.duration = 30 * 60;
		users.emailChangeToken.duration = 30 * 60;
		users.verificationToken.duration = 24 * 3600;
		users.authAlert.enabled = false;
		users.createRule = '@request.context = "oauth2"';
		users.oauth2.mappedFields.name = 'name';
		users.fields.add(new TextField({ name: 'siret', max: 14, pattern: '^([0-9]{14})?$' }));
		users.resetPasswordTemplate.subject = 'Trame : choisir un nouveau mot de passe';
		users.resetPasswordTemplate.body =
			'<p>Bonjour,</p><p>Pour choisir un nouveau mot de passe Trame, ouvrez ce lien (valable 30 minutes, une seule fois) :</p>' +
			`<p><a style="${LINK_STYLE}" href="{APP_URL}/mot-de-passe/nouveau/{TOKEN}">{APP_URL}/mot-de-passe/nouveau/{TOKEN}</a></p>` +
			"<p>Si vous n'avez rien demandé, ignorez ce message : votre mot de passe ne change pas.</p>";
		users.confirmEmailChangeTemplate.subject = 'Trame : confirmer votre nouvelle adresse';
		users.confirmEmailChangeTemplate.body =
			'<p>Bonjour,</p><p>Pour utiliser cette adresse sur Trame, ouvrez ce lien (valable 30 minutes, une seule fois) :</p>' +
			`<p><a style="${LINK_STYLE}" href="{APP_URL}/compte/adresse/{TOKEN}">{APP_URL}/compte/adresse/{TOKEN}</a></p>` +
			"<p>Si vous n'avez rien demandé, ignorez ce message.</p>";
		app.save(users);

		for (const name of ['review_threads', 'review_messages']) {
			const collection = app.findCollectionByNameOrId(name);
			collection.fields.getByName('author').required = false;
			app.save(collection);
		}
	},
	(app) => {
		for (const name of ['review_threads', 'review_messages']) {
			const collection = app.findCollectionByNameOrId(name);
			collection.fields.getByName('author').required = true;
			app.save(collection);
		}
		const users = app.findCollectionByNameOrId('users');
		users.fields.removeByName('siret');
		users.createRule = null;
		users.authAlert.enabled = true;
		app.save(users);
	}
);
