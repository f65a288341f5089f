/** Words of séances in the UI's language, and their dates (Paris time, long French dates). */
import { m } from '$lib/paraglide/messages';
import { getLocale } from '$lib/paraglide/runtime';
import { formatDate as formatDateIn, formatDateTime } from '$lib/i18n/format';
import { SEANCE_TIME_ZONE } from '$lib/domain/seances/seance';

const locale = () => (getLocale() === 'en' ? 'en' : 'fr');

/** "12 mars 2027 à 18:30" in Paris. */
export const seanceWhen = (iso: string) => formatDateTime(iso, locale(), SEANCE_TIME_ZONE);
/** "12 mars 2027" (a calendar date). */
export const dueDay = (iso: string) => formatDateIn(iso, locale());

const STATUS: Record<string, () => string> = {
	planned: m.seances_status_planned,
	running: m.seances_status_running,
	closed: m.seances_status_closed,
	cancelled: m.followup_status_cancelled
};
const ATTENDANCE: Record<string, () => string> = {
	present: m.seances_att_present,
	remote: m.seances_att_remote,
	excused: m.seances_att_excused,
	absent: m.seances_att_absent
};
const KIND: Record<string, () => string> = {
	information: m.seances_kind_information,
	discussion: m.seances_kind_discussion,
	consent: m.seances_kind_consent,
	review: m.seances_kind_review,
	actions: m.seances_kind_actions,
	approval: m.seances_kind_approval
};
const FOLLOW_UP: Record<string, () => string> = {
	todo: m.seances_action_todo,
	doing: m.seances_action_doing,
	done: m.seances_action_done,
	dropped: m.seances_action_dropped
};

const label = (table: Record<string, () => string>, value: string) => table[value]?.() ?? value;
export const seanceStatusLabel = (value: string) => label(STATUS, value);
export const attendanceLabel = (value: string) => label(ATTENDANCE, value);
export const itemKindLabel = (value: string) => label(KIND, value);
export const followUpLabel = (value: string) => label(FOLLOW_UP, value);

/** The title of a suggested item, worded around its subject. */
export function suggestionTitle(s: { reason: string; subject: string; count?: number }): string {
	switch (s.reason) {
		case 'minutes':
			return m.seances_suggest_minutes({ title: s.subject });
		case 'escalated':
			return m.decisions_agenda_escalated({ title: s.subject });
		case 'round':
			return m.seances_suggest_round({ title: s.subject });
		case 'election':
			return m.seances_suggest_election({ title: s.subject });
		case 'review':
			return m.seances_suggest_review({ title: s.subject });
		default:
			return m.seances_suggest_overdue({ count: s.count ?? 0 });
	}
}

/** An agenda item's title in the reader's language when it was generated from the work. */
export function itemTitle(item: {
	title: string;
	title_reason?: string;
	title_subject?: string;
	title_count?: number;
}): string {
	return item.title_reason
		? suggestionTitle({
				reason: item.title_reason,
				subject: item.title_subject ?? '',
				count: item.title_count ?? 0
			})
		: item.title;
}
