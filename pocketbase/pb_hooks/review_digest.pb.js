/// <reference path="../../.data/pb_data/types.d.ts" />
/* global cronAdd, MailerMessage, __hooks */
/* eslint-disable @typescript-eslint/no-require-imports -- goja loads shared code with require() */
// Daily email digest of unread review notifications (07:00 server time), for users who asked for
// it in their preferences, only when SMTP is configured in PocketBase. Each notification is sent
// at most once (`emailed`). The text (lib/digest.js) is escaped: comment excerpts are user input.

cronAdd('trame_review_digest', '0 7 * * *', () => {
	if (!$app.settings().smtp.enabled) return;

	const { digestMail } = require(`${__hooks}/lib/digest.js`);

	const pending = $app.findRecordsByFilter(
		'notifications',
		'read = false && emailed = false',
		'created',
		2000,
		0
	);
	const byUser = {};
	for (const record of pending) {
		const user = record.getString('user');
		(byUser[user] = byUser[user] || []).push(record);
	}

	const meta = $app.settings().meta;
	for (const userId of Object.keys(byUser)) {
		let prefs = null;
		try {
			prefs = $app.findFirstRecordByFilter('notification_prefs', 'user = {:user}', {
				user: userId
			});
		} catch (_) {
			prefs = null;
		}
		if (!prefs || !prefs.getBool('email_digest')) continue;
		let user;
		try {
			user = $app.findRecordById('users', userId);
		} catch (_) {
			continue;
		}
		const mail = digestMail(
			user.getString('locale'),
			user.getString('name'),
			byUser[userId].map((n) => ({
				kind: n.getString('kind'),
				link: meta.appURL + n.getString('link'),
				excerpt: n.getString('excerpt')
			}))
		);
		const message = new MailerMessage({
			from: { address: meta.senderAddress, name: meta.senderName },
			to: [{ address: user.email() }],
			subject: mail.subject,
			html: mail.html
		});
		try {
			$app.newMailClient().send(message);
		} catch (error) {
			$app.logger().warn('review digest not sent', 'user', userId, 'error', String(error));
			continue;
		}
		for (const record of byUser[userId]) {
			record.set('emailed', true);
			$app.save(record);
		}
	}
});
