/**
 * Follow-up actions (actions de suivi), pure: "en retard" is derived from the due date and the
 * day (Paris calendar day passed in as YYYY-MM-DD), never stored.
 */

export const FOLLOW_UP_STATUSES = ['todo', 'doing', 'done', 'dropped'] as const;
export type FollowUpStatus = (typeof FOLLOW_UP_STATUSES)[number];

export interface FollowUpLike {
	status: string;
	/** PocketBase date ("2027-03-12 00:00:00.000Z") or ''. */
	dueDate: string;
}

/** Still to do: neither done nor dropped. */
export function isOpen(action: FollowUpLike): boolean {
	return action.status === 'todo' || action.status === 'doing';
}

/** Open and due before today (an action due today is not late yet). */
export function isOverdue(action: FollowUpLike, today: string): boolean {
	const due = action.dueDate.slice(0, 10);
	return isOpen(action) && /^\d{4}-\d{2}-\d{2}$/.test(due) && due < today;
}

/** Open ones first (overdue, then by due date, undated last), then the closed ones. */
export function followUpOrder<T extends FollowUpLike>(actions: readonly T[], today: string): T[] {
	const rank = (a: T) => (isOverdue(a, today) ? 0 : isOpen(a) ? 1 : 2);
	const due = (a: T) => a.dueDate.slice(0, 10) || '9999-99-99';
	return [...actions].sort((a, b) => rank(a) - rank(b) || due(a).localeCompare(due(b)));
}
