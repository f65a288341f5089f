/// <reference path="../../.data/pb_data/types.d.ts" />
/* global __hooks, onRecordUpdateRequest, onRecordDeleteRequest, MailerMessage */
/* eslint-disable @typescript-eslint/no-require-imports -- goja loads shared code with require() */
// Workspace invariants owned by PocketBase, whatever the client: valid experiment fields and
// status changes (users' requests), an experiment never left without a coordinator (every API
// request, superusers included), and the invitation email (sent only when SMTP is configured).

// Handlers run in isolated contexts: shared code comes from lib/workspace.js through require().

// --- experiments -------------------------------------------------------------------------------

onRecordCreateRequest((e) => {
	// The Trame server (superuser) seeds and repairs data; users' requests are checked.
	if (!e.hasSuperuserAuth()) require(`${__hooks}/lib/workspace.js`).checkExperimentRequest(e);
	e.next();
}, 'experiments');

onRecordUpdateRequest((e) => {
	if (!e.hasSuperuserAuth()) {
		const workspace = require(`${__hooks}/lib/workspace.js`);
		workspace.checkExperimentRequest(e);
		workspace.checkStatusChange(e);
	}
	e.next();
}, 'experiments');

// --- memberships: the last coordinator ----------------------------------------------------------

onRecordUpdateRequest((e) => {
	const before = e.record.original().getString('role');
	const after = e.record.getString('role');
	require(`${__hooks}/lib/workspace.js`).guardLastCoordinator(
		e,
		before === 'coordinator' && after !== 'coordinator'
	);
}, 'memberships');

// Request hooks only: deleting an experiment cascades to its memberships without this check.
onRecordDeleteRequest((e) => {
	require(`${__hooks}/lib/workspace.js`).guardLastCoordinator(
		e,
		e.record.getString('role') === 'coordinator'
	);
}, 'memberships');

// --- invitations: the email ---------------------------------------------------------------------

// POST /api/trame/invitations/{id}/send  { link, locale }  (superuser only: the Trame server)
// Sends the invitation email when SMTP is enabled; answers { sent: false } otherwise so the app
// shows the link instead. The link must carry the token whose hash is stored.
routerAdd(
	'POST',
	'/api/trame/invitations/{id}/send',
	(e) => {
		const body = e.requestInfo().body || {};
		const link = String(body.link || '');
		const invitation = e.app.findRecordById('invitations', e.request.pathValue('id'));
		const token = link.split('/').pop() || '';
		if ($security.sha256(token) !== invitation.getString('token_hash')) {
			throw new BadRequestError('Le lien ne correspond pas à cette invitation.');
		}
		const settings = e.app.settings();
		if (!settings.smtp.enabled) return e.json(200, { sent: false });

		const experiment = e.app.findRecordById('experiments', invitation.getString('experiment'));
		// In the inviting coordinator's language (the invitee has no account, hence no language, yet).
		const mail = require(`${__hooks}/lib/mail_texts.js`).invitation(
			String(body.locale || 'fr'),
			experiment.getString('title'),
			link
		);
		const message = new MailerMessage({
			from: { address: settings.meta.senderAddress, name: settings.meta.senderName },
			to: [{ address: invitation.getString('email') }],
			subject: mail.subject,
			html: mail.html,
			text: mail.text
		});
		e.app.newMailClient().send(message);
		return e.json(200, { sent: true });
	},
	$apis.requireSuperuserAuth()
);
