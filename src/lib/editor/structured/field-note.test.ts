import { describe, expect, it } from 'vitest';
import { fieldNote, type FieldNote } from './field-note';
import type { PartKind } from '../../domain/structured-parts';

/** Intl writes French group and currency separators as no-break spaces. */
const plain = (note: FieldNote) =>
	note && note.tone === 'value'
		? { ...note, text: note.text.replace(/[\u00a0\u202f]/g, ' ') }
		: note;

describe('fieldNote', () => {
	it.each<[PartKind, string, string, 'fr' | 'en', FieldNote]>([
		['budget', 'amount', '1 500,50', 'fr', { tone: 'value', text: '1 500,50 €' }],
		['budget', 'amount', '1500.5', 'en', { tone: 'value', text: '€1,500.50' }],
		['budget', 'amount', 'douze', 'fr', { tone: 'error', error: 'amount_invalid' }],
		['budget', 'amount', '-5', 'fr', { tone: 'error', error: 'amount_negative' }],
		['budget', 'amount', '', 'fr', { tone: 'required' }],
		['budget', 'item', '   ', 'fr', { tone: 'required' }],
		['budget', 'item', 'Animation', 'fr', null],
		['budget', 'funder', '', 'fr', null],
		['calendar', 'date', '12/03/2027', 'fr', { tone: 'value', text: '12 mars 2027' }],
		['calendar', 'date', '2027-03-12', 'en', { tone: 'value', text: '12 March 2027' }],
		['calendar', 'date', '30/02/2027', 'fr', { tone: 'error', error: 'date_invalid' }],
		['calendar', 'date', 'demain', 'fr', { tone: 'error', error: 'date_invalid' }],
		['calendar', 'owner', '', 'fr', null],
		['copil', 'college', 'x'.repeat(301), 'fr', { tone: 'error', error: 'too_long' }]
	])('%s.%s %j (%s)', (kind, field, text, locale, expected) => {
		expect(plain(fieldNote(kind, field, text, locale))).toEqual(expected);
	});
});
