/**
 * Locale-aware formatting of dates and amounts: the one place where Intl is configured, so every
 * page writes "12 mars 2027" and "1 500,00 €" the same way. The locale is passed in (pure);
 * `formatDate`/`formatAmount` in `labels.ts`-style callers pass the UI's locale.
 */

export type FormatLocale = 'fr' | 'en';

const TAGS: Record<FormatLocale, string> = { fr: 'fr-FR', en: 'en-GB' };

/** Accepts PocketBase's "2027-03-12 00:00:00.000Z", ISO date-times and YYYY-MM-DD dates. */
export function parseDate(value: string): Date | null {
	const trimmed = value.trim();
	if (trimmed === '') return null;
	const iso = /^\d{4}-\d{2}-\d{2}$/.test(trimmed)
		? `${trimmed}T00:00:00Z`
		: trimmed.replace(' ', 'T');
	const date = new Date(iso);
	return Number.isNaN(date.getTime()) ? null : date;
}

/** "12 mars 2027" / "12 March 2027"; calendar dates are read in UTC so they never shift a day. */
export function formatDate(value: string, locale: FormatLocale, timeZone = 'UTC'): string {
	const date = parseDate(value);
	if (!date) return value;
	return new Intl.DateTimeFormat(TAGS[locale], { dateStyle: 'long', timeZone }).format(date);
}

/** "12 mars 2027 à 14:05" / "12 March 2027 at 14:05", in the given time zone. */
export function formatDateTime(value: string, locale: FormatLocale, timeZone?: string): string {
	const date = parseDate(value);
	if (!date) return value;
	return new Intl.DateTimeFormat(TAGS[locale], {
		dateStyle: 'long',
		timeStyle: 'short',
		...(timeZone ? { timeZone } : {})
	}).format(date);
}

/** "1 500,00 €" / "€1,500.00". Intl uses narrow no-break spaces in French; they are kept. */
export function formatAmount(amount: number, locale: FormatLocale, currency = 'EUR'): string {
	return new Intl.NumberFormat(TAGS[locale], { style: 'currency', currency }).format(amount);
}

/** A calendar date for an `<input type="date">` value (YYYY-MM-DD), or ''. */
export function toDateInput(value: string): string {
	const date = parseDate(value);
	return date ? date.toISOString().slice(0, 10) : '';
}
