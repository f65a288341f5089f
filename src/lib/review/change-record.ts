/**
 * The record of a tracked change's decision as its thread shows it: "Acceptée par Nadia Morel le
 * 5 décembre 2026 à 14:02" (day and time in the organisation's time zone). Null while the change
 * is pending, or for a decision recorded before its moment was (then only the name is known).
 */
import { m } from '$lib/paraglide/messages';
import { formatDate, formatTime, type FormatLocale } from '$lib/i18n/format';
import type { ReviewThreadView } from './types';

export function changeRecord(
	thread: Pick<ReviewThreadView, 'kind' | 'status' | 'decidedByName' | 'decidedAt'>,
	locale: FormatLocale,
	timeZone?: string
): string | null {
	if (thread.kind !== 'change' || !thread.decidedAt || !thread.decidedByName) return null;
	if (thread.status !== 'accepted' && thread.status !== 'rejected') return null;
	const parts = {
		name: thread.decidedByName,
		date: formatDate(thread.decidedAt, locale, timeZone),
		time: formatTime(thread.decidedAt, locale, timeZone)
	};
	return thread.status === 'accepted'
		? m.suggestthreads_accepted_record(parts, { locale })
		: m.suggestthreads_rejected_record(parts, { locale });
}
