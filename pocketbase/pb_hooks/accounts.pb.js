/// <reference path="../../.data/pb_data/types.d.ts" />
/* global __hooks, onMailerRecordPasswordResetSend, onMailerRecordEmailChangeSend, onRecordRequestPasswordResetRequest, onRecordRequestEmailChangeRequest, onRecordAuthWithOAuth2Request, onRecordDelete, onRecordUpdateRequest, TooManyRequestsError */
/* eslint-disable @typescript-eslint/no-require-imports -- goja loads shared code with require() */
// Accounts and identity, owned by PocketBase whatever the client (docs/architecture.md,
// "Accounts and identity"):
// - the reset and email-change mail in the person's language (lib/mail_texts.js), with a link to
//   Trame's own pages;
// - per-account caps on those mails, on top of PocketBase's per-client-address rate limits;
// - "sign out everywhere": a new tokenKey invalidates every token of the account;
// - single sign-on (OpenID Connect): only a verified address signs in, a new person gets an
//   account, an existing account with that address is linked (PocketBase's own rule), and the
//   organisation number (siret) is kept up to date;
// - an account is never deleted while it is the last coordinator of an experiment.

// --- mail in the recipient's language -----------------------------------------------------------

onMailerRecordPasswordResetSend((e) => {
	const texts = require(`${__hooks}/lib/mail_texts.js`);
	const link = `${$app.settings().meta.appURL}/mot-de-passe/nouveau/${e.meta.token}`;
	const mail = texts.passwordReset(e.record.getString('locale'), link);
	e.message.subject = mail.subject;
	e.message.html = mail.html;
	e.message.text = mail.text;
	e.next();
}, 'users');

onMailerRecordEmailChangeSend((e) => {
	const texts = require(`${__hooks}/lib/mail_texts.js`);
	const link = `${$app.settings().meta.appURL}/compte/adresse/${e.meta.token}`;
	const mail = texts.emailChange(e.record.getString('locale'), link);
	e.message.subject = mail.subject;
	e.message.html = mail.html;
	e.message.text = mail.text;
	e.next();
}, 'users');

// --- per-account caps ---------------------------------------------------------------------------

// PocketBase limits requests per client address (settings.rateLimits) and ignores a second reset
// request for an account within 2 minutes once the first mail has gone. Here, counted as soon as a
// request is accepted (no race with the background send): one reset mail per account per 2
// minutes and 3 per hour (lib/caps.js). Silent (204 like any other answer), so the cap reveals nothing about
// whether the address has an account; this hook only runs for existing accounts.
onRecordRequestPasswordResetRequest((e) => {
	const caps = require(`${__hooks}/lib/caps.js`);
	const now = Date.now();
	const spaced = caps.take(
		$app.store(),
		`trame_reset_spacing_${e.record.id}`,
		now,
		1,
		caps.RESET_SPACING_MS
	);
	if (
		!spaced ||
		!caps.take($app.store(), `trame_reset_cap_${e.record.id}`, now, caps.RESET_CAP, caps.HOUR_MS)
	) {
		$app.logger().info('password reset capped for this account', 'record', e.record.id);
		return e.noContent(204);
	}
	e.next();
}, 'users');

// The person is signed in: a plain 429 reveals nothing about anyone else.
onRecordRequestEmailChangeRequest((e) => {
	const caps = require(`${__hooks}/lib/caps.js`);
	const key = `trame_email_change_cap_${e.record.id}`;
	if (!caps.take($app.store(), key, Date.now(), caps.EMAIL_CHANGE_CAP, caps.HOUR_MS)) {
		throw new TooManyRequestsError(
			'Trop de demandes de changement d’adresse pour ce compte, réessayez dans une heure.'
		);
	}
	e.next();
}, 'users');

// --- sign out everywhere ------------------------------------------------------------------------

// POST /api/trame/account/revoke-sessions (the signed-in person): every token signed with the old
// key (this browser's included) stops working at once.
routerAdd(
	'POST',
	'/api/trame/account/revoke-sessions',
	(e) => {
		const record = e.app.findRecordById('users', e.auth.id);
		record.refreshTokenKey();
		e.app.save(record);
		return e.noContent(204);
	},
	$apis.requireAuth('users')
);

// --- single sign-on -----------------------------------------------------------------------------

onRecordAuthWithOAuth2Request((e) => {
	const user = e.oAuth2User;
	// PocketBase fills `email` only when the provider says it is verified (email_verified, or the
	// provider is trusted for it: see server/accounts/oidc-adapter.ts). An unverified address
	// could be someone else's: refuse rather than create or link anything.
	if (!user.email) {
		throw new BadRequestError('sso_email_unverified', {
			email: new ValidationError('sso_email_unverified', 'Adresse e-mail non vérifiée.')
		});
	}
	const raw = user.rawUser || {};
	const siret = /^[0-9]{14}$/.test(String(raw.siret || '')) ? String(raw.siret) : '';
	if (e.isNewRecord) {
		const data = e.createData || {};
		const name = String(user.name || '').trim() || String(user.email).split('@')[0];
		e.createData = {
			locale: data.locale === 'en' ? 'en' : 'fr',
			name: name.slice(0, 200),
			siret
		};
	}
	e.next();
	if (siret && e.record && e.record.getString('siret') !== siret) {
		e.record.set('siret', siret);
		e.app.save(e.record);
	}
}, 'users');

// Only a sign-in writes the organisation number a provider released.
onRecordUpdateRequest((e) => {
	if (
		!e.hasSuperuserAuth() &&
		e.record.getString('siret') !== e.record.original().getString('siret')
	) {
		throw new BadRequestError('siret_read_only', {
			siret: new ValidationError(
				'siret_read_only',
				'Le SIRET vient de votre fournisseur d’identité.'
			)
		});
	}
	e.next();
}, 'users');

// --- account deletion ---------------------------------------------------------------------------

// Every delete (API, admin UI, hooks): an experiment must keep a coordinator, so the last one
// hands over first. The memberships would otherwise go with the account (cascade) unchecked.
onRecordDelete((e) => {
	const owned = e.app.findRecordsByFilter(
		'memberships',
		"user = {:user} && role = 'coordinator'",
		'',
		0,
		0,
		{ user: e.record.id }
	);
	const alone = [];
	for (const membership of owned) {
		const others = e.app.findRecordsByFilter(
			'memberships',
			"experiment = {:experiment} && role = 'coordinator' && user != {:user}",
			'',
			1,
			0,
			{ experiment: membership.getString('experiment'), user: e.record.id }
		);
		if (others.length === 0) alone.push(membership.getString('experiment'));
	}
	if (alone.length > 0) {
		throw new BadRequestError('last_coordinator_account', {
			experiments: new ValidationError('last_coordinator_account', alone.join(','))
		});
	}
	e.next();
}, 'users');
