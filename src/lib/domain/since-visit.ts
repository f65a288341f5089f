/**
 * "Depuis votre dernière visite": what changed in a document since a reader last opened it,
 * derived from the change log (text by section and person, tracked changes proposed and
 * resolved) and the review activity (comments, replies, decisions), keeping what happened after
 * `seenAt` and was done by someone else. Pure; the document page, the inbox and the mail digest
 * show its result (the digest through pb_hooks/lib/since_visit.js, checked against this).
 */

export interface Person {
	id: string;
	name: string;
}

export interface LoggedChange {
	kind: 'text' | 'suggestion' | 'suggestion_resolved';
	/** ISO date (PocketBase's "YYYY-MM-DD HH:MM:SS.sssZ" too). */
	at: string;
	authors: Person[];
	section: string;
	added: number;
	removed: number;
	excerpt: string;
	changeId: string;
}

export interface Activity {
	kind: 'comment' | 'reply' | 'decision';
	at: string;
	/** Null for a decision (the group's). */
	author: Person | null;
	/** The thread to open (comments and replies). */
	threadId: string;
	/** A comment's passage or a decision's title. */
	label: string;
}

export interface SectionSummary {
	title: string;
	authors: string[];
	added: number;
	removed: number;
	excerpt: string;
}

export type VisitStep =
	| { kind: 'section'; title: string; authors: string[]; added: number; removed: number }
	| {
			kind: 'suggestion' | 'suggestion_resolved';
			title: string;
			changeId: string;
			authors: string[];
			excerpt: string;
	  }
	| { kind: 'comment' | 'reply'; threadId: string; authors: string[]; label: string }
	| { kind: 'decision'; label: string };

export interface VisitSummary {
	/** People who changed the text, with how many sections each. */
	editors: { name: string; sections: number }[];
	sections: SectionSummary[];
	suggestionsMade: number;
	suggestionsResolved: number;
	comments: number;
	replies: number;
	decisions: number;
	/** Each change to step through, text first (in the document's order of the log), then the rest by time. */
	steps: VisitStep[];
}

/** The summary with the visit it starts from (what the document page is given). */
export interface SinceVisit {
	seenAt: string;
	summary: VisitSummary;
}

export function instant(date: string): number {
	return Date.parse(date.includes('T') ? date : date.replace(' ', 'T'));
}

export function summarizeSinceVisit(input: {
	me: string;
	seenAt: string;
	changes: readonly LoggedChange[];
	activity: readonly Activity[];
}): VisitSummary {
	const since = instant(input.seenAt);
	const after = (at: string) => instant(at) > since;
	const others = (people: Person[]) => people.filter((p) => p.id !== input.me);

	const sections = new Map<string, SectionSummary & { people: Map<string, string> }>();
	const suggestionSteps: VisitStep[] = [];
	let suggestionsMade = 0;
	let suggestionsResolved = 0;
	const changes = input.changes
		.filter((c) => after(c.at))
		.sort((a, b) => instant(a.at) - instant(b.at));
	for (const change of changes) {
		const people = others(change.authors);
		if (people.length === 0) continue;
		const names = people.map((p) => p.name);
		if (change.kind === 'text') {
			let section = sections.get(change.section);
			if (!section) {
				section = {
					title: change.section,
					authors: [],
					added: 0,
					removed: 0,
					excerpt: '',
					people: new Map()
				};
				sections.set(change.section, section);
			}
			for (const p of people) section.people.set(p.id, p.name);
			section.added += change.added;
			section.removed += change.removed;
			if (change.excerpt) section.excerpt = change.excerpt;
			continue;
		}
		if (change.kind === 'suggestion') suggestionsMade++;
		else suggestionsResolved++;
		suggestionSteps.push({
			kind: change.kind,
			title: change.section,
			changeId: change.changeId,
			authors: names,
			excerpt: change.excerpt
		});
	}

	const editors = new Map<string, { name: string; sections: number }>();
	const sectionList: SectionSummary[] = [];
	for (const { people, ...section } of sections.values()) {
		section.authors = [...people.values()];
		sectionList.push(section);
		for (const [id, name] of people) {
			const editor = editors.get(id) ?? { name, sections: 0 };
			editor.sections++;
			editors.set(id, editor);
		}
	}

	let comments = 0;
	let replies = 0;
	let decisions = 0;
	const activitySteps: VisitStep[] = [];
	const activity = input.activity
		.filter((a) => after(a.at) && a.author?.id !== input.me)
		.sort((a, b) => instant(a.at) - instant(b.at));
	for (const item of activity) {
		if (item.kind === 'decision') {
			decisions++;
			activitySteps.push({ kind: 'decision', label: item.label });
			continue;
		}
		if (item.kind === 'comment') comments++;
		else replies++;
		activitySteps.push({
			kind: item.kind,
			threadId: item.threadId,
			authors: item.author ? [item.author.name] : [],
			label: item.label
		});
	}

	return {
		editors: [...editors.values()],
		sections: sectionList,
		suggestionsMade,
		suggestionsResolved,
		comments,
		replies,
		decisions,
		steps: [
			...sectionList.map((s): VisitStep => ({
				kind: 'section',
				title: s.title,
				authors: s.authors,
				added: s.added,
				removed: s.removed
			})),
			...suggestionSteps,
			...activitySteps
		]
	};
}

export function isEmptySummary(summary: VisitSummary): boolean {
	return summary.steps.length === 0;
}
