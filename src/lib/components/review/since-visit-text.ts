/** The one-line summary of "Depuis votre dernière visite", for the document page and the inbox. */
import { m } from '$lib/paraglide/messages';
import type { VisitSummary } from '$lib/domain/since-visit';

const EDITORS_SHOWN = 3;

export function summaryParts(summary: VisitSummary): string[] {
	const out: string[] = summary.editors
		.slice(0, EDITORS_SHOWN)
		.map((e) => m.suggestions_since_editor({ name: e.name, count: e.sections }));
	const more = summary.editors.length - EDITORS_SHOWN;
	if (more > 0) out.push(m.suggestions_since_more_editors({ count: more }));
	const counts: [number, (p: { count: number }) => string][] = [
		[summary.suggestionsMade, m.suggestions_since_suggestions],
		[summary.suggestionsResolved, m.suggestions_since_resolved],
		[summary.comments, m.suggestions_since_comments],
		[summary.replies, m.suggestions_since_replies],
		[summary.decisions, m.suggestions_since_decisions]
	];
	for (const [count, text] of counts) if (count > 0) out.push(text({ count }));
	return out;
}
