import { describe, expect, it } from 'vitest';
import { formatAmount, formatDate, formatDateTime, parseDate, toDateInput } from './format';

/** Intl's French output uses U+202F / U+00A0 as group and currency separators. */
const spaces = (value: string) => value.replace(/[\u00a0\u202f]/g, ' ');

describe('formatDate', () => {
	it.each<[string, 'fr' | 'en', string]>([
		['2027-03-12', 'fr', '12 mars 2027'],
		['2027-03-12 00:00:00.000Z', 'fr', '12 mars 2027'],
		['2027-03-12T23:30:00Z', 'fr', '12 mars 2027'],
		['2027-03-12', 'en', '12 March 2027'],
		['2027-01-01', 'fr', '1 janvier 2027']
	])('%s in %s → %s', (value, locale, expected) => {
		expect(formatDate(value, locale)).toBe(expected);
	});

	it('returns unreadable input as is', () => {
		expect(formatDate('demain', 'fr')).toBe('demain');
		expect(parseDate('')).toBeNull();
	});

	it('formats a date-time in a time zone', () => {
		expect(formatDateTime('2027-03-12 13:05:00.000Z', 'fr', 'Europe/Paris')).toBe(
			'12 mars 2027 à 14:05'
		);
		expect(formatDateTime('2027-03-12 13:05:00.000Z', 'en', 'UTC')).toBe('12 March 2027 at 13:05');
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

describe('toDateInput', () => {
	it('gives YYYY-MM-DD or empty', () => {
		expect(toDateInput('2027-01-15 00:00:00.000Z')).toBe('2027-01-15');
		expect(toDateInput('')).toBe('');
	});
});
