/**
 * What the line under a structured field shows: nothing, a muted "to fill in" for an empty
 * required field, the error of an unreadable value, or a typed value formatted for the reader's
 * locale ("1 500,50 €", "12 mars 2027"). Pure, so the display logic is tested without a DOM.
 */
import { fieldError, fieldType, type PartKind } from '../../domain/structured-parts';
import { parseAmount, parseDateInput, type StructuredError } from '../../domain/structured';
import { formatAmount, formatDay, type FormatLocale } from '../../i18n/format';

export type FieldNote =
	| { tone: 'required' }
	| { tone: 'error'; error: StructuredError }
	| { tone: 'value'; text: string }
	| null;

export function fieldNote(
	kind: PartKind,
	field: string,
	text: string,
	locale: FormatLocale
): FieldNote {
	const error = fieldError(kind, field, text);
	if (text.trim() === '') return error === 'required' ? { tone: 'required' } : null;
	if (error) return { tone: 'error', error };
	const type = fieldType(kind, field);
	if (type === 'amount') {
		const amount = parseAmount(text);
		return amount.ok ? { tone: 'value', text: formatAmount(amount.cents / 100, locale) } : null;
	}
	if (type === 'date') {
		const date = parseDateInput(text);
		return date.ok ? { tone: 'value', text: formatDay(date.iso, locale) } : null;
	}
	return null;
}
