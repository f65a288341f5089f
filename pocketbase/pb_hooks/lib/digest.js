// Text of the daily digest email (pb_hooks/review_digest.pb.js), in the recipient's language
// (users.locale). PocketBase's JS engine (goja) has no Intl: the plural is chosen here as
// Intl.PluralRules does (French: 0 and 1 are singular) — src/lib/server/review/digest-text.test.ts
// checks it against Intl — and the digest carries no dates. Pure: Node can load this file.

const TEXT = {
	fr: {
		kinds: {
			mention: 'Vous avez été mentionné·e',
			reply: 'Nouvelle réponse',
			suggestion: 'Nouvelle suggestion',
			resolved: 'Fil résolu',
			accepted: 'Suggestion acceptée',
			rejected: 'Suggestion refusée',
			invitation: 'Invitation',
			round: 'Tour de consentement ou élection',
			round_reminder: 'Un tour à distance se termine bientôt : donnez votre position',
			round_adopted: 'Adoptée à distance : aucune objection à la fin du délai',
			round_escalated: 'Une objection demande un tour de consentement en direct',
			action_due: 'Une de vos actions arrive à échéance',
			action_overdue: 'Une de vos actions est en retard',
			seance_invitation: 'Vous êtes invité·e à une séance',
			seance_updated: 'Une séance a changé de date ou de lieu',
			seance_cancelled: 'Une séance est annulée'
		},
		subject: (n) =>
			n === 0 || n === 1
				? `Trame : ${n} notification non lue`
				: `Trame : ${n} notifications non lues`,
		documentsSubject: (n) =>
			n === 0 || n === 1
				? `Trame : du nouveau dans ${n} document`
				: `Trame : du nouveau dans ${n} documents`,
		hello: (name) => `Bonjour ${name},`,
		quote: (text) => `«\u00a0${text}\u00a0»`
	},
	en: {
		kinds: {
			mention: 'You were mentioned',
			reply: 'New reply',
			suggestion: 'New suggestion',
			resolved: 'Thread resolved',
			accepted: 'Suggestion accepted',
			rejected: 'Suggestion rejected',
			invitation: 'Invitation',
			round: 'Consent round or election',
			round_reminder: 'A remote round ends soon: give your position',
			round_adopted: 'Adopted remotely: no objection by the deadline',
			round_escalated: 'An objection calls for a live consent round',
			action_due: 'One of your actions is due soon',
			action_overdue: 'One of your actions is overdue',
			seance_invitation: 'You are invited to a meeting',
			seance_updated: 'A meeting changed date or place',
			seance_cancelled: 'A meeting is cancelled'
		},
		subject: (n) =>
			n === 1 ? `Trame: ${n} unread notification` : `Trame: ${n} unread notifications`,
		documentsSubject: (n) =>
			n === 1 ? `Trame: news in ${n} document` : `Trame: news in ${n} documents`,
		hello: (name) => `Hello ${name},`,
		quote: (text) => `“${text}”`
	}
};

const escape = (text) => String(text).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * @param {string} locale users.locale ('fr' when empty or unknown)
 * @param {string} name the recipient's name
 * @param {{ kind: string, link: string, excerpt: string }[]} items absolute links
 * @param {{ title: string, link: string, line: string }[]} [documents] "Depuis votre dernière
 *   visite": documents changed since the reader opened them (lib/since_visit.js), absolute links
 * @param {string} [documentsTitle] that section's heading, in the reader's language
 * @returns {{ subject: string, html: string }}
 */
function digestMail(locale, name, items, documents = [], documentsTitle = '') {
	const text = TEXT[locale] || TEXT.fr;
	const list = items
		.map((item) => {
			const label = text.kinds[item.kind] || item.kind;
			const excerpt = item.excerpt ? ` — ${escape(text.quote(item.excerpt))}` : '';
			return `<li><a href="${escape(item.link)}">${escape(label)}</a>${excerpt}</li>`;
		})
		.join('');
	const changed = documents
		.map(
			(doc) =>
				`<li><a href="${escape(doc.link)}">${escape(doc.title)}</a> — ${escape(doc.line)}</li>`
		)
		.join('');
	const notices = items.length > 0 ? `<ul>${list}</ul>` : '';
	const since = documents.length > 0 ? `<h2>${escape(documentsTitle)}</h2><ul>${changed}</ul>` : '';
	return {
		subject:
			items.length > 0 || documents.length === 0
				? text.subject(items.length)
				: text.documentsSubject(documents.length),
		html: `<p>${escape(text.hello(name))}</p>${notices}${since}`
	};
}

module.exports = { digestMail };
