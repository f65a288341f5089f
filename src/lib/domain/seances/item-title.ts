/**
 * Agenda items generated from the work (« Approbation du compte rendu : … », « Révision de la
 * décision : … ») are stored as a reason and a subject, and worded in each reader's language when
 * shown. Items written before that kept only their text: `parseGeneratedTitle` recognises the
 * French and English wordings so the migration can store their reason and subject.
 */

export const TITLE_REASONS = [
	'minutes',
	'escalated',
	'round',
	'election',
	'review',
	'overdue'
] as const;
export type TitleReason = (typeof TITLE_REASONS)[number];

export interface GeneratedTitle {
	reason: TitleReason;
	subject: string;
	count: number;
}

/** The wordings of each reason, French then English ("{title}" / "{count}" at the end). */
export const GENERATED_PREFIXES: Record<Exclude<TitleReason, 'overdue'>, string[]> = {
	minutes: ['Approbation du compte rendu : ', 'Approval of the minutes: '],
	escalated: [
		'Objections à intégrer (consentement à distance non conclu) : ',
		'Objections to integrate (remote consent not concluded): '
	],
	round: ['Proposition à décider par consentement : ', 'Proposal to decide by consent: '],
	election: ['Élection sans candidat : ', 'Election without candidates: '],
	review: ['Révision de la décision : ', 'Review of the decision: ']
};
const OVERDUE = [/^Actions en retard \((\d+)\)$/, /^Overdue actions \((\d+)\)$/];

export function parseGeneratedTitle(title: string): GeneratedTitle | null {
	for (const [reason, prefixes] of Object.entries(GENERATED_PREFIXES)) {
		const prefix = prefixes.find((p) => title.startsWith(p));
		if (prefix && title.length > prefix.length)
			return { reason: reason as TitleReason, subject: title.slice(prefix.length), count: 0 };
	}
	for (const pattern of OVERDUE) {
		const match = pattern.exec(title);
		if (match) return { reason: 'overdue', subject: '', count: Number(match[1]) };
	}
	return null;
}
