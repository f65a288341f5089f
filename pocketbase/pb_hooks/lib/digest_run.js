// One run of the daily email digest (pb_hooks/review_digest.pb.js): unread review notifications
// (each sent at most once, `emailed`) and "Depuis votre dernière visite" — documents the reader
// opened that others changed since, over the last day (so a document is not announced again
// every morning) — to each user who asked for the digest. Needs SMTP configured in PocketBase.
/* eslint-disable @typescript-eslint/no-require-imports -- goja loads shared code with require() */

const DAY_MS = 24 * 60 * 60 * 1000;
const VISITS_MAX = 50;
const ROWS_MAX = 500;

/** PocketBase's stored date format, comparable as text. */
const stored = (date) => date.toISOString().replace('T', ' ');

function safe(task, fallback) {
	try {
		return task();
	} catch (_) {
		return fallback;
	}
}

/** The documents changed since the user's visits, as digest lines (absolute links). */
function changedDocuments(app, hooks, userId, locale, appURL, now) {
	const { summarizeDocument, summaryLine } = require(`${hooks}/lib/since_visit.js`);
	const dayAgo = stored(new Date(now.getTime() - DAY_MS));
	const visits = safe(
		() =>
			app.findRecordsByFilter('document_visits', 'user = {:user}', '-seen_at', VISITS_MAX, 0, {
				user: userId
			}),
		[]
	);
	const names = {};
	const nameOf = (id) => {
		if (!(id in names))
			names[id] = safe(() => app.findRecordById('users', id).getString('name'), '');
		return names[id];
	};
	const out = [];
	for (const visit of visits) {
		const documentId = visit.getString('document');
		const doc = safe(() => app.findRecordById('documents', documentId), null);
		if (!doc || doc.getBool('archived')) continue;
		const experiment = safe(
			() => app.findRecordById('experiments', doc.getString('experiment')),
			null
		);
		// Only documents the reader may still read.
		if (!experiment || experiment.getStringSlice('readers').indexOf(userId) < 0) continue;
		const seenAt = visit.getString('seen_at');
		const since = seenAt > dayAgo ? seenAt : dayAgo;
		const params = { document: documentId, since };
		const rows = app
			.findRecordsByFilter(
				'document_changes',
				'document = {:document} && created > {:since}',
				'created',
				ROWS_MAX,
				0,
				params
			)
			.map((row) => ({
				kind: row.getString('kind'),
				section: row.getString('section'),
				authors: row.getStringSlice('authors').map((id) => ({ id, name: nameOf(id) }))
			}));
		const comments = app
			.findRecordsByFilter(
				'review_threads',
				"document = {:document} && created > {:since} && kind != 'objection'",
				'created',
				ROWS_MAX,
				0,
				params
			)
			.map((thread) => ({ author: thread.getString('author') }));
		const line = summaryLine(locale, summarizeDocument(userId, rows, comments));
		if (line)
			out.push({ title: doc.getString('title'), link: `${appURL}/documents/${documentId}`, line });
	}
	return out;
}

/**
 * @param {any} app $app
 * @param {any} Message MailerMessage
 * @param {string} hooks __hooks
 * @param {Date} now
 * @returns {number} mails sent
 */
function runDigest(app, Message, hooks, now) {
	if (!app.settings().smtp.enabled) return 0;
	const { digestMail } = require(`${hooks}/lib/digest.js`);
	const { sinceVisitTitle } = require(`${hooks}/lib/since_visit.js`);

	const pending = app.findRecordsByFilter(
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
	const subscribers = app.findRecordsByFilter(
		'notification_prefs',
		'email_digest = true',
		'',
		5000,
		0
	);

	const meta = app.settings().meta;
	let sent = 0;
	for (const prefs of subscribers) {
		const userId = prefs.getString('user');
		const user = safe(() => app.findRecordById('users', userId), null);
		if (!user) continue;
		const locale = user.getString('locale');
		const notices = byUser[userId] || [];
		const documents = changedDocuments(app, hooks, userId, locale, meta.appURL, now);
		if (notices.length === 0 && documents.length === 0) continue;
		const mail = digestMail(
			locale,
			user.getString('name'),
			notices.map((n) => ({
				kind: n.getString('kind'),
				link: meta.appURL + n.getString('link'),
				excerpt: n.getString('excerpt')
			})),
			documents,
			sinceVisitTitle(locale)
		);
		const message = new Message({
			from: { address: meta.senderAddress, name: meta.senderName },
			to: [{ address: user.email() }],
			subject: mail.subject,
			html: mail.html
		});
		try {
			app.newMailClient().send(message);
		} catch (error) {
			app.logger().warn('review digest not sent', 'user', userId, 'error', String(error));
			continue;
		}
		sent++;
		for (const record of notices) {
			record.set('emailed', true);
			app.save(record);
		}
	}
	return sent;
}

module.exports = { runDigest };
