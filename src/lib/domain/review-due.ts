/**
 * Review dates of the decision register (pure, today passed in as YYYY-MM-DD): which decisions
 * are due for review, the register's order (due ones first), and which members still have to be
 * reminded of which decision.
 */

export interface Reviewable {
	id: string;
	/** YYYY-MM-DD, or '' when the entry has no review date. */
	reviewDate: string;
	outcome: string;
}

/** Outcomes whose text applies, hence may come up for review (an election's term end). */
const REVIEWED_OUTCOMES: ReadonlySet<string> = new Set(['adopted', 'elected']);

export function isReviewDue(entry: Reviewable, today: string): boolean {
	const day = entry.reviewDate.slice(0, 10);
	return REVIEWED_OUTCOMES.has(entry.outcome) && /^\d{4}-\d{2}-\d{2}$/.test(day) && day <= today;
}

/** Due entries first (oldest review date first), then the others in their given order. */
export function dueFirst<T extends Reviewable>(entries: readonly T[], today: string): T[] {
	const due = entries
		.filter((e) => isReviewDue(e, today))
		.sort((a, b) => a.reviewDate.localeCompare(b.reviewDate));
	return [...due, ...entries.filter((e) => !isReviewDue(e, today))];
}

export interface Reminder {
	decisionId: string;
	userId: string;
}

/** Reminders still to send: each member of a due decision's experiment, once per decision. */
export function remindersToSend(
	decisions: ReadonlyArray<Reviewable & { experiment: string }>,
	membersOf: (experimentId: string) => readonly string[],
	alreadySent: ReadonlyArray<Reminder>,
	today: string
): Reminder[] {
	const sent = new Set(alreadySent.map((r) => `${r.decisionId}/${r.userId}`));
	const out: Reminder[] = [];
	for (const decision of decisions) {
		if (!isReviewDue(decision, today)) continue;
		for (const userId of new Set(membersOf(decision.experiment))) {
			const key = `${decision.id}/${userId}`;
			if (sent.has(key)) continue;
			sent.add(key);
			out.push({ decisionId: decision.id, userId });
		}
	}
	return out;
}
