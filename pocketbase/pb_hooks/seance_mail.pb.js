/// <reference path="../../.data/pb_data/types.d.ts" />
/* global MailerMessage */
// Séance invitations by email (src/lib/server/seances/invitations.ts composes them, in each
// recipient's language, with their .ics): PocketBase owns the SMTP settings, so the Trame server
// asks it to send. Superuser only. Answers { sent: false } when SMTP is not configured.
// PocketBase would type the .ics "text/calendar" only, from its bytes; Trame's PocketBase
// (pocketbase/calendar_mail.go) sends a message with an .ics itself, the part typed
// "text/calendar; charset=utf-8; method=<its METHOD>", which Outlook needs to see an invitation.
//
// POST /api/trame/seances/mail  { to, subject, text, html, ics: { name, content } }
routerAdd(
	'POST',
	'/api/trame/seances/mail',
	(e) => {
		const body = e.requestInfo().body || {};
		const to = String(body.to || '');
		const subject = String(body.subject || '');
		const ics = body.ics || {};
		const name = String(ics.name || '');
		if (!/^[^@\s]+@[^@\s]+$/.test(to) || !subject || !/^[a-z0-9-]+\.ics$/.test(name)) {
			throw new BadRequestError('Message incomplet : destinataire, objet et fichier .ics requis.');
		}
		const settings = e.app.settings();
		if (!settings.smtp.enabled) return e.json(200, { sent: false });
		const file = $filesystem.fileFromBytes(toBytes(String(ics.content || '')), name);
		const message = new MailerMessage({
			from: { address: settings.meta.senderAddress, name: settings.meta.senderName },
			to: [{ address: to }],
			subject,
			text: String(body.text || ''),
			html: String(body.html || ''),
			attachments: { [name]: file.reader.open() }
		});
		e.app.newMailClient().send(message);
		return e.json(200, { sent: true });
	},
	$apis.requireSuperuserAuth()
);
