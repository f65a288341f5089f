/// <reference path="../../.data/pb_data/types.d.ts" />
/* global cronAdd, MailerMessage */
// Daily email digest of unread review notifications (07:00 server time), for users who asked for
// it in their preferences, only when SMTP is configured in PocketBase. Each notification is sent
// at most once (`emailed`). Texts are escaped: comment excerpts are user input.

cronAdd('trame_review_digest', '0 7 * * *', () => {
	if (!$app.settings().smtp.enabled) return;

	const escape = (text) => String(text).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
	const LABELS = {
		mention: 'Vous avez été mentionné·e',
		reply: 'Nouvelle réponse',
		suggestion: 'Nouvelle suggestion',
		resolved: 'Fil résolu',
		accepted: 'Suggestion acceptée',
		rejected: 'Suggestion refusée',
		invitation: 'Invitation',
		round: 'Tour de consentement'
	};

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
		const items = byUser[userId]
			.map((n) => {
				const link = meta.appURL + n.getString('link');
				return `<li><a href="${escape(link)}">${escape(LABELS[n.getString('kind')] || n.getString('kind'))}</a> — ${escape(n.getString('excerpt'))}</li>`;
			})
			.join('');
		const message = new MailerMessage({
			from: { address: meta.senderAddress, name: meta.senderName },
			to: [{ address: user.email() }],
			subject: `Trame : ${byUser[userId].length} notification(s) non lue(s)`,
			html: `<p>Bonjour ${escape(user.getString('name'))},</p><ul>${items}</ul>`
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
