// "Depuis votre dernière visite" in the daily digest (pb_hooks/review_digest.pb.js): the change
// log rows of one document (document_changes) and its new comments, summed the way
// src/lib/domain/since-visit.ts sums them for the page and the inbox (who changed how many
// sections, suggestions proposed and resolved, comments), with the reader's own changes left out;
// src/lib/server/review/digest-since-visit.test.ts checks both give the same counts. Pure: Node
// can load this file. PocketBase's JS engine (goja) has no Intl: plurals chosen here as
// Intl.PluralRules does (French: 0 and 1 are singular).

/**
 * @param {string} me the reader's user id
 * @param {{ kind: string, authors: { id: string, name: string }[], section: string }[]} rows
 * @param {{ author: string }[]} comments new comment threads
 */
function summarizeDocument(me, rows, comments) {
	const sectionsByEditor = {};
	const order = [];
	let suggestionsMade = 0;
	let suggestionsResolved = 0;
	for (const row of rows) {
		const people = row.authors.filter((p) => p.id !== me);
		if (people.length === 0) continue;
		if (row.kind === 'suggestion') suggestionsMade++;
		else if (row.kind === 'suggestion_resolved') suggestionsResolved++;
		else
			for (const p of people) {
				if (!sectionsByEditor[p.id]) {
					sectionsByEditor[p.id] = { name: p.name, sections: {} };
					order.push(p.id);
				}
				sectionsByEditor[p.id].sections[row.section] = true;
			}
	}
	return {
		editors: order.map((id) => ({
			name: sectionsByEditor[id].name,
			sections: Object.keys(sectionsByEditor[id].sections).length
		})),
		suggestionsMade,
		suggestionsResolved,
		comments: comments.filter((c) => c.author !== me).length
	};
}

const one = (locale, n) => (locale === 'en' ? n === 1 : n === 0 || n === 1);

const TEXT = {
	fr: {
		title: 'Depuis votre dernière visite',
		editor: (name, n) => `${name} a modifié ${n} ${one('fr', n) ? 'section' : 'sections'}`,
		suggestions: (n) => (one('fr', n) ? `${n} suggestion proposée` : `${n} suggestions proposées`),
		resolved: (n) =>
			one('fr', n)
				? `${n} suggestion acceptée ou refusée`
				: `${n} suggestions acceptées ou refusées`,
		comments: (n) => (one('fr', n) ? `${n} nouveau commentaire` : `${n} nouveaux commentaires`)
	},
	en: {
		title: 'Since your last visit',
		editor: (name, n) => `${name} changed ${n} ${one('en', n) ? 'section' : 'sections'}`,
		suggestions: (n) => (one('en', n) ? `${n} suggestion made` : `${n} suggestions made`),
		resolved: (n) =>
			one('en', n)
				? `${n} suggestion accepted or rejected`
				: `${n} suggestions accepted or rejected`,
		comments: (n) => (one('en', n) ? `${n} new comment` : `${n} new comments`)
	}
};

/** The summary's line, as on the document page: "Karim a modifié 3 sections · 2 nouveaux commentaires". */
function summaryLine(locale, summary) {
	const text = TEXT[locale] || TEXT.fr;
	const parts = summary.editors.map((e) => text.editor(e.name, e.sections));
	if (summary.suggestionsMade > 0) parts.push(text.suggestions(summary.suggestionsMade));
	if (summary.suggestionsResolved > 0) parts.push(text.resolved(summary.suggestionsResolved));
	if (summary.comments > 0) parts.push(text.comments(summary.comments));
	return parts.join(' · ');
}

function sinceVisitTitle(locale) {
	return (TEXT[locale] || TEXT.fr).title;
}

module.exports = { summarizeDocument, summaryLine, sinceVisitTitle };
