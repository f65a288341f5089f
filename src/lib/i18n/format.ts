/**
 * The one formatting module: every date, time, amount, count and quotation a person reads goes
 * through here, so that the UI, the projection, the exports (CSV, DOCX, PDF, Markdown, the
 * procès-verbal), the reminders and the emails write "15 juin 2027", "14:05" and "1 500,00 €"
 * the same way.
 *
 * Two kinds of dates:
 * - **calendar days** (a review date, a term, an experiment's dates, stored as YYYY-MM-DD or
 *   PocketBase's "2027-06-15 00:00:00.000Z"): written as that day, never shifted by a time zone
 *   (`formatDay`);
 * - **instants** (when a version was made, a decision recorded, a notification sent): written in
 *   the organisation's time zone (`TRAME_TIME_ZONE`, default Europe/Paris), set once on the
 *   server from the environment and in the browser from the layout's data
 *   (`setOrganisationTimeZone`), so the server's render and the browser's hydration agree.
 *
 * The locale is passed in (callers in the UI pass `uiLocale()` of `labels.ts`), so this module
 * has no SvelteKit-only import and serves the seed script and the server alike.
 */

export type FormatLocale = 'fr' | 'en';

export const DEFAULT_TIME_ZONE = 'Europe/Paris';

const TAGS: Record<FormatLocale, string> = { fr: 'fr-FR', en: 'en-GB' };

export function isTimeZone(zone: string): boolean {
	try {
		new Intl.DateTimeFormat('en', { timeZone: zone });
		return zone.trim() !== '';
	} catch {
		return false;
	}
}

let organisationZone = DEFAULT_TIME_ZONE;

/** The time zone instants are written in (an IANA name such as "Europe/Paris"). */
export function organisationTimeZone(): string {
	return organisationZone;
}

/** Sets the organisation's time zone; an unknown name is refused (the default stays). */
export function setOrganisationTimeZone(zone: string): boolean {
	// The zone already set needs no check: checking builds a formatter, and the browser's first
	// one with a time zone loads its zone data (~15 ms in every page's start, for the default).
	if (zone === organisationZone) return true;
	if (!isTimeZone(zone)) return false;
	organisationZone = zone;
	return true;
}

/** The zone's name for a hint: "heure d’Europe centrale" / "Central European Time". */
export function timeZoneLabel(locale: FormatLocale, timeZone = organisationZone): string {
	const part = dateFormat(locale, { timeZone, timeZoneName: 'longGeneric' })
		.formatToParts(new Date(Date.UTC(2027, 0, 15)))
		.find((p) => p.type === 'timeZoneName');
	return part?.value ?? timeZone;
}

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

/** The YYYY-MM-DD day of a calendar date value, or null. */
function calendarDay(value: string): Date | null {
	const match = /^(\d{4})-(\d{2})-(\d{2})/.exec(value.trim());
	if (!match) return null;
	const date = new Date(`${match[1]}-${match[2]}-${match[3]}T00:00:00Z`);
	return Number.isNaN(date.getTime()) ? null : date;
}

const formatters = new Map<string, Intl.DateTimeFormat>();
function dateFormat(
	locale: FormatLocale,
	options: Intl.DateTimeFormatOptions
): Intl.DateTimeFormat {
	const key = `${locale}|${JSON.stringify(options)}`;
	let format = formatters.get(key);
	if (!format) {
		format = new Intl.DateTimeFormat(TAGS[locale], options);
		formatters.set(key, format);
	}
	return format;
}

/** A date is one unit: its words are joined by no-break spaces, so it never breaks over two lines. */
const unbroken = (text: string) => text.replace(/ /g, '\u00a0');

/** A calendar day: "15 juin 2027" / "15 June 2027". Unreadable input is returned as is. */
export function formatDay(value: string, locale: FormatLocale): string {
	const day = calendarDay(value);
	return day
		? unbroken(dateFormat(locale, { dateStyle: 'long', timeZone: 'UTC' }).format(day))
		: value;
}

/** The day of an instant in the time zone: "15 juin 2027". */
export function formatDate(
	value: string,
	locale: FormatLocale,
	timeZone = organisationZone
): string {
	const date = parseDate(value);
	return date ? unbroken(dateFormat(locale, { dateStyle: 'long', timeZone }).format(date)) : value;
}

/** "15 juin 2027 à 14:05" / "15 June 2027 at 14:05", in the time zone. */
export function formatDateTime(
	value: string,
	locale: FormatLocale,
	timeZone = organisationZone
): string {
	const date = parseDate(value);
	return date
		? unbroken(dateFormat(locale, { dateStyle: 'long', timeStyle: 'short', timeZone }).format(date))
		: value;
}

/** "14:05" in the time zone (24-hour clock in both locales). */
export function formatTime(
	value: string,
	locale: FormatLocale,
	timeZone = organisationZone
): string {
	const date = parseDate(value);
	return date
		? dateFormat(locale, { hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone }).format(
				date
			)
		: value;
}

/**
 * For spreadsheets (CSV): "15/06/2027" for a calendar day, "15/06/2027 14:05" for an instant in
 * the time zone; French and British spreadsheets both read these as dates.
 */
export function formatSheetDay(value: string, locale: FormatLocale): string {
	const day = calendarDay(value);
	return day
		? dateFormat(locale, {
				day: '2-digit',
				month: '2-digit',
				year: 'numeric',
				timeZone: 'UTC'
			}).format(day)
		: value;
}

export function formatSheetDateTime(
	value: string,
	locale: FormatLocale,
	timeZone = organisationZone
): string {
	const date = parseDate(value);
	if (!date) return value;
	const day = dateFormat(locale, {
		day: '2-digit',
		month: '2-digit',
		year: 'numeric',
		timeZone
	}).format(date);
	return `${day} ${formatTime(value, locale, timeZone)}`;
}

/** "1 500,00 €" / "€1,500.00". Intl uses narrow no-break spaces in French; they are kept. */
export function formatAmount(amount: number, locale: FormatLocale, currency = 'EUR'): string {
	return new Intl.NumberFormat(TAGS[locale], { style: 'currency', currency }).format(amount);
}

/** "1,2 Mo" / "1.2 MB". */
export function formatFileSize(bytes: number, locale: FormatLocale): string {
	const units = locale === 'fr' ? ['o', 'Ko', 'Mo', 'Go'] : ['B', 'KB', 'MB', 'GB'];
	let value = bytes;
	let unit = 0;
	while (value >= 1024 && unit < units.length - 1) {
		value /= 1024;
		unit++;
	}
	const digits = unit === 0 || value >= 10 ? 0 : 1;
	return `${new Intl.NumberFormat(TAGS[locale], { maximumFractionDigits: digits }).format(value)} ${units[unit]}`;
}

/** A quotation in the locale's marks: « texte » (no-break spaces) / “text”. */
export function quote(text: string, locale: FormatLocale): string {
	return locale === 'fr' ? `«\u00a0${text}\u00a0»` : `“${text}”`;
}

/** The calendar day (YYYY-MM-DD) of an instant in the time zone: "today" for due dates. */
export function dayIn(now: Date, timeZone = organisationZone): string {
	// en-CA writes YYYY-MM-DD.
	return new Intl.DateTimeFormat('en-CA', { timeZone }).format(now);
}

/** The UTC instant of a wall-clock time (YYYY-MM-DD, HH:MM) in the time zone. */
export function zonedInstant(day: string, time: string, timeZone = organisationZone): Date | null {
	const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
	const clock = /^(\d{1,2}):(\d{2})$/.exec(time);
	if (!match || !clock) return null;
	const [hours, minutes] = [Number(clock[1]), Number(clock[2])];
	if (hours > 23 || minutes > 59) return null;
	const wall = Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]), hours, minutes);
	// The zone's offset at that moment, found by formatting a first guess; a second pass settles
	// the hours around a daylight-saving change.
	let instant = wall;
	for (let pass = 0; pass < 2; pass++) instant = wall - offsetMs(new Date(instant), timeZone);
	return new Date(instant);
}

function offsetMs(date: Date, timeZone: string): number {
	const parts = Object.fromEntries(
		dateFormat('en', {
			timeZone,
			hourCycle: 'h23',
			year: 'numeric',
			month: '2-digit',
			day: '2-digit',
			hour: '2-digit',
			minute: '2-digit',
			second: '2-digit'
		})
			.formatToParts(date)
			.map((part) => [part.type, part.value])
	);
	const asUtc = Date.UTC(
		Number(parts.year),
		Number(parts.month) - 1,
		Number(parts.day),
		Number(parts.hour),
		Number(parts.minute),
		Number(parts.second)
	);
	return asUtc - Math.floor(date.getTime() / 1000) * 1000;
}

/** A calendar day (YYYY-MM-DD) as typed in a date field: "15/06/2027", or '' for none. */
export function toDayInput(value: string): string {
	const match = /^(\d{4})-(\d{2})-(\d{2})/.exec(value.trim());
	return match ? `${match[3]}/${match[2]}/${match[1]}` : '';
}

/** A time of an instant as typed in a time field: "14:05" in the time zone, or ''. */
export function toTimeInput(value: string, timeZone = organisationZone): string {
	return parseDate(value) ? formatTime(value, 'fr', timeZone) : '';
}

export type DayInput =
	{ ok: true; day: string } | { ok: false; error: 'required' | 'date_invalid' };

const ISO_DAY = /^(\d{4})-(\d{2})-(\d{2})$/;
const TYPED_DAY = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/;

/**
 * YYYY-MM-DD of a day typed "15/06/2027" (also 15.06.2027, 15-06-2027, 1/6/2027) or written
 * YYYY-MM-DD (a script, a date input); null for no calendar day (31/02) or a year outside
 * 1900–2200. The one date parser of the forms (DateField) and the input schemas (fields.ts).
 */
export function isoDateOf(value: string): string | null {
	const iso = ISO_DAY.exec(value);
	const typed = iso ? null : TYPED_DAY.exec(value);
	if (!iso && !typed) return null;
	const [year, month, day] = iso
		? [Number(iso[1]), Number(iso[2]), Number(iso[3])]
		: [Number(typed![3]), Number(typed![2]), Number(typed![1])];
	if (year < 1900 || year > 2200) return null;
	const date = new Date(Date.UTC(year, month - 1, day));
	if (date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return null;
	return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** What a person typed in a date field (see isoDateOf). */
export function parseDayInput(input: string): DayInput {
	const trimmed = input.trim();
	if (trimmed === '') return { ok: false, error: 'required' };
	const day = isoDateOf(trimmed);
	return day ? { ok: true, day } : { ok: false, error: 'date_invalid' };
}

/** What a person typed in a time field: "14:05", "14h05", "9:30", "14h". */
export function parseTimeInput(input: string): string | null {
	const match = /^(\d{1,2})\s*[:hH]\s*(\d{2})?$/.exec(input.trim());
	if (!match) return null;
	const hours = Number(match[1]);
	const minutes = Number(match[2] ?? '0');
	if (hours > 23 || minutes > 59) return null;
	return `${String(hours).padStart(2, '0')}:${String(minutes).padStart(2, '0')}`;
}
