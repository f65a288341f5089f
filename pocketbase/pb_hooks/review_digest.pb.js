/// <reference path="../../.data/pb_data/types.d.ts" />
/* global cronAdd, MailerMessage, __hooks */
/* eslint-disable @typescript-eslint/no-require-imports -- goja loads shared code with require() */
// Daily email digest (07:00 server time), for users who asked for it in their preferences, only
// when SMTP is configured in PocketBase: unread review notifications and "Depuis votre dernière
// visite" (lib/digest_run.js). The text (lib/digest.js) is escaped: excerpts are user input.
// `POST /api/trame/digest/run` (superuser only) runs it now: the integration test sends one.

cronAdd('trame_review_digest', '0 7 * * *', () => {
	const { runDigest } = require(`${__hooks}/lib/digest_run.js`);
	runDigest($app, MailerMessage, __hooks, new Date());
});

routerAdd(
	'POST',
	'/api/trame/digest/run',
	(e) => {
		const { runDigest } = require(`${__hooks}/lib/digest_run.js`);
		return e.json(200, { sent: runDigest($app, MailerMessage, __hooks, new Date()) });
	},
	$apis.requireSuperuserAuth()
);
