// The texts of the mail Trame sends, in French and English (the recipient's language when known).
// Every message has an HTML part and a plain-text part, the same words, and no images, tracking
// pixels or rewritten links: the link is the one the person needs, nothing else.

const escape = (text) => String(text).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

const TEXTS = {
	fr: {
		hello: 'Bonjour,',
		footer: 'Trame — vous recevez ce message parce qu’une action a été faite avec cette adresse.',
		ignore: 'Si vous n’êtes pas à l’origine de cette demande, ignorez ce message : rien ne change.',
		reset: {
			subject: 'Trame : choisir un nouveau mot de passe',
			intro:
				'Pour choisir un nouveau mot de passe Trame, ouvrez ce lien. Il sert une seule fois et expire dans 30 minutes.',
			action: 'Choisir un nouveau mot de passe'
		},
		emailChange: {
			subject: 'Trame : confirmer votre nouvelle adresse',
			intro:
				'Pour utiliser cette adresse sur Trame, ouvrez ce lien et confirmez avec votre mot de passe. Il sert une seule fois et expire dans 30 minutes.',
			action: 'Confirmer cette adresse'
		},
		invitation: {
			subject: (title) => `Invitation à rejoindre « ${title} » sur Trame`,
			intro: (title) => `Vous êtes invité·e à rejoindre l’expérimentation « ${title} » sur Trame.`,
			action: 'Accepter l’invitation',
			note: 'Ce lien est personnel et expire dans 7 jours.'
		}
	},
	en: {
		hello: 'Hello,',
		footer: 'Trame — you receive this message because an action was taken with this address.',
		ignore: 'If you did not ask for this, ignore this message: nothing changes.',
		reset: {
			subject: 'Trame: choose a new password',
			intro:
				'To choose a new Trame password, open this link. It works once and expires in 30 minutes.',
			action: 'Choose a new password'
		},
		emailChange: {
			subject: 'Trame: confirm your new address',
			intro:
				'To use this address on Trame, open this link and confirm with your password. It works once and expires in 30 minutes.',
			action: 'Confirm this address'
		},
		invitation: {
			subject: (title) => `Invitation to join “${title}” on Trame`,
			intro: (title) => `You are invited to join the experiment “${title}” on Trame.`,
			action: 'Accept the invitation',
			note: 'This link is personal and expires in 7 days.'
		}
	}
};

function localeOf(value) {
	return value === 'en' ? 'en' : 'fr';
}

/** { subject, html, text } for one action link. */
function compose(locale, subject, paragraphs, action, link, closing) {
	const t = TEXTS[localeOf(locale)];
	const html =
		`<!doctype html><html lang="${localeOf(locale)}"><body style="font-family:sans-serif;line-height:1.5;color:#1f2937">` +
		`<p>${escape(t.hello)}</p>` +
		paragraphs.map((p) => `<p>${escape(p)}</p>`).join('') +
		`<p><a href="${escape(link)}" style="color:#1d4ed8;font-weight:bold">${escape(action)}</a></p>` +
		`<p style="font-size:0.9em">${escape(link)}</p>` +
		closing.map((p) => `<p>${escape(p)}</p>`).join('') +
		`<p style="font-size:0.85em;color:#4b5563">${escape(t.footer)}</p></body></html>`;
	const colon = localeOf(locale) === 'fr' ? '\u00a0:' : ':';
	const text = [
		t.hello,
		'',
		...paragraphs,
		'',
		`${action}${colon}`,
		link,
		'',
		...closing,
		'',
		t.footer
	].join('\n');
	return { subject, html, text };
}

function passwordReset(locale, link) {
	const t = TEXTS[localeOf(locale)];
	return compose(locale, t.reset.subject, [t.reset.intro], t.reset.action, link, [t.ignore]);
}

function emailChange(locale, link) {
	const t = TEXTS[localeOf(locale)];
	return compose(locale, t.emailChange.subject, [t.emailChange.intro], t.emailChange.action, link, [
		t.ignore
	]);
}

function invitation(locale, title, link) {
	const t = TEXTS[localeOf(locale)];
	return compose(
		locale,
		t.invitation.subject(title),
		[t.invitation.intro(title)],
		t.invitation.action,
		link,
		[t.invitation.note]
	);
}

module.exports = { passwordReset, emailChange, invitation, localeOf };
