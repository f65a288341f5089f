import { afterEach, describe, expect, it, vi } from 'vitest';
import {
	DEFAULT_TIME_ZONE,
	dayIn,
	formatAmount,
	formatDate,
	formatDateTime,
	formatDay,
	formatSheetDateTime,
	formatSheetDay,
	formatTime,
	organisationTimeZone,
	parseDate,
	parseDayInput,
	parseTimeInput,
	quote,
	setOrganisationTimeZone,
	timeZoneLabel,
	toDayInput,
	zonedInstant
} from './format';

/** Intl's French output uses U+202F / U+00A0 as separators; dates are joined by U+00A0. */
const spaces = (value: string) => value.replace(/[\u00a0\u202f]/g, ' ');

afterEach(() => {
	setOrganisationTimeZone(DEFAULT_TIME_ZONE);
});

describe('formatDay (calendar days)', () => {
	it.each<[string, 'fr' | 'en', string]>([
		['2027-06-15', 'fr', '15 juin 2027'],
		['2027-06-15 00:00:00.000Z', 'fr', '15 juin 2027'],
		['2027-06-15', 'en', '15 June 2027'],
		['2027-01-01', 'fr', '1 janvier 2027']
	])('%s in %s → %s', (value, locale, expected) => {
		expect(spaces(formatDay(value, locale))).toBe(expected);
	});

	it('never shifts the day, whatever the time zone', () => {
		setOrganisationTimeZone('Pacific/Honolulu');
		expect(spaces(formatDay('2027-06-15 00:00:00.000Z', 'fr'))).toBe('15 juin 2027');
	});

	it('keeps a date on one line: its words are joined by no-break spaces', () => {
		expect(formatDay('2027-06-15', 'fr')).toBe('15\u00a0juin\u00a02027');
		expect(formatDateTime('2027-06-15 12:05:00.000Z', 'fr')).not.toContain(' ');
	});

	it('returns unreadable input as is', () => {
		expect(formatDay('demain', 'fr')).toBe('demain');
		expect(formatDate('demain', 'fr')).toBe('demain');
		expect(parseDate('')).toBeNull();
	});
});

describe('instants, in the organisation’s time zone', () => {
	it('writes the day and the time in Europe/Paris by default', () => {
		expect(organisationTimeZone()).toBe('Europe/Paris');
		// 23:30 UTC is already the next day in Paris (summer time, UTC+2).
		expect(spaces(formatDate('2027-06-14T23:30:00Z', 'fr'))).toBe('15 juin 2027');
		expect(spaces(formatDateTime('2027-03-12 13:05:00.000Z', 'fr'))).toBe('12 mars 2027 à 14:05');
		expect(spaces(formatDateTime('2027-03-12 13:05:00.000Z', 'en'))).toBe('12 March 2027 at 14:05');
		expect(formatTime('2026-12-05 00:28:00.000Z', 'fr')).toBe('01:28');
		expect(formatTime('2026-12-05 13:28:00.000Z', 'en')).toBe('14:28');
	});

	it('follows a configured zone; an unknown zone is refused', () => {
		expect(setOrganisationTimeZone('America/Cayenne')).toBe(true);
		expect(formatTime('2027-03-12 13:05:00.000Z', 'fr')).toBe('10:05');
		expect(setOrganisationTimeZone('Mars/Olympus')).toBe(false);
		expect(organisationTimeZone()).toBe('America/Cayenne');
	});

	it('sets the zone already set without building a formatter (page start-up)', () => {
		const built = vi.spyOn(Intl, 'DateTimeFormat');
		try {
			expect(setOrganisationTimeZone(DEFAULT_TIME_ZONE)).toBe(true);
			expect(built).not.toHaveBeenCalled();
			expect(setOrganisationTimeZone('America/Cayenne')).toBe(true);
			expect(built).toHaveBeenCalled();
		} finally {
			built.mockRestore();
		}
	});

	it('names the zone for hints', () => {
		expect(timeZoneLabel('fr')).toBe('heure d’Europe centrale');
		expect(timeZoneLabel('en')).toBe('Central European Time');
	});

	it('gives today in the zone', () => {
		expect(dayIn(new Date('2027-06-14T22:30:00Z'))).toBe('2027-06-15');
		expect(dayIn(new Date('2027-06-14T22:30:00Z'), 'UTC')).toBe('2027-06-14');
	});

	it('reads a wall-clock time in the zone, across daylight-saving changes', () => {
		expect(zonedInstant('2027-06-15', '18:30')?.toISOString()).toBe('2027-06-15T16:30:00.000Z');
		expect(zonedInstant('2027-01-15', '18:30')?.toISOString()).toBe('2027-01-15T17:30:00.000Z');
		// The night of the change to summer time (28 March 2027, 02:00 → 03:00).
		expect(zonedInstant('2027-03-28', '12:00')?.toISOString()).toBe('2027-03-28T10:00:00.000Z');
		expect(zonedInstant('2027-06-15', '24:00')).toBeNull();
		expect(zonedInstant('15/06/2027', '18:30')).toBeNull();
	});
});

describe('spreadsheet dates (CSV)', () => {
	it('writes days and instants as a French or British spreadsheet reads them', () => {
		expect(formatSheetDay('2027-06-15', 'fr')).toBe('15/06/2027');
		expect(formatSheetDay('2027-06-15 00:00:00.000Z', 'en')).toBe('15/06/2027');
		expect(formatSheetDateTime('2026-12-04 23:28:00.000Z', 'fr')).toBe('05/12/2026 00:28');
	});
});

describe('formatAmount', () => {
	it.each<[number, 'fr' | 'en', string]>([
		[1500, 'fr', '1 500,00 €'],
		[0, 'fr', '0,00 €'],
		[1234567.891, 'fr', '1 234 567,89 €'],
		[-12.5, 'fr', '-12,50 €'],
		[1500, 'en', '€1,500.00']
	])('%d in %s → %s', (amount, locale, expected) => {
		expect(spaces(formatAmount(amount, locale))).toBe(expected);
	});
});

describe('quote', () => {
	it('uses French marks in French only', () => {
		expect(quote('Budget', 'fr')).toBe('«\u00a0Budget\u00a0»');
		expect(quote('Budget', 'en')).toBe('“Budget”');
	});
});

describe('date and time fields', () => {
	it('shows a stored day as typed', () => {
		expect(toDayInput('2027-01-05 00:00:00.000Z')).toBe('05/01/2027');
		expect(toDayInput('')).toBe('');
	});

	it.each<[string, ReturnType<typeof parseDayInput>]>([
		['15/06/2027', { ok: true, day: '2027-06-15' }],
		['5/6/2027', { ok: true, day: '2027-06-05' }],
		['15.06.2027', { ok: true, day: '2027-06-15' }],
		[' 2027-06-15 ', { ok: true, day: '2027-06-15' }],
		['31/02/2027', { ok: false, error: 'date_invalid' }],
		['06/15/2027', { ok: false, error: 'date_invalid' }],
		['15/06/27', { ok: false, error: 'date_invalid' }],
		['', { ok: false, error: 'required' }]
	])('reads %j', (input, expected) => {
		expect(parseDayInput(input)).toEqual(expected);
	});

	it.each<[string, string | null]>([
		['18:30', '18:30'],
		['9:05', '09:05'],
		['18h30', '18:30'],
		['18h', '18:00'],
		['24:00', null],
		['18:75', null],
		['six heures', null]
	])('reads the time %j', (input, expected) => {
		expect(parseTimeInput(input)).toBe(expected);
	});
});
