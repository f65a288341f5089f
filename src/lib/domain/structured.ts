/**
 * The structured parts of a protocol (calendar milestones, budget lines, evaluation indicators,
 * COPIL composition): their shapes and validation. Amounts are integer cents so sums are exact.
 */
import { isIsoDate } from './experiment';

export interface Milestone {
	phase: string;
	/** YYYY-MM-DD */
	date: string;
	owner: string;
}

export interface BudgetLine {
	item: string;
	amountCents: number;
	funder: string;
}

export interface Indicator {
	name: string;
	baseline: string;
	target: string;
	source: string;
}

export interface CopilSeat {
	name: string;
	organisation: string;
	/** e.g. "élu·e", "habitant·e tiré·e au sort", "partenaire" */
	college: string;
}

export type FieldErrors<T> = Partial<Record<keyof T, StructuredError>>;

export type StructuredError =
	| 'required'
	| 'too_long'
	| 'date_invalid'
	| 'amount_invalid'
	| 'amount_negative'
	| 'amount_too_large'
	| 'enjeu_invalid';

export const TEXT_MAX = 300;
/** 100 million euros: beyond any experiment budget, and far inside safe integers. */
export const AMOUNT_MAX_CENTS = 100_000_000_00;

function text(value: string, required: boolean): StructuredError | undefined {
	const trimmed = value.trim();
	if (required && trimmed.length === 0) return 'required';
	if (trimmed.length > TEXT_MAX) return 'too_long';
	return undefined;
}

function collect<T>(entries: Array<[keyof T, StructuredError | undefined]>): FieldErrors<T> {
	const errors: FieldErrors<T> = {};
	for (const [field, error] of entries) if (error) errors[field] = error;
	return errors;
}

export function validateMilestone(m: Milestone): FieldErrors<Milestone> {
	return collect<Milestone>([
		['phase', text(m.phase, true)],
		['date', m.date.trim() === '' ? 'required' : isIsoDate(m.date) ? undefined : 'date_invalid'],
		['owner', text(m.owner, false)]
	]);
}

export function validateBudgetLine(line: BudgetLine): FieldErrors<BudgetLine> {
	let amount: StructuredError | undefined;
	if (!Number.isSafeInteger(line.amountCents)) amount = 'amount_invalid';
	else if (line.amountCents < 0) amount = 'amount_negative';
	else if (line.amountCents > AMOUNT_MAX_CENTS) amount = 'amount_too_large';
	return collect<BudgetLine>([
		['item', text(line.item, true)],
		['amountCents', amount],
		['funder', text(line.funder, false)]
	]);
}

export function validateIndicator(i: Indicator): FieldErrors<Indicator> {
	return collect<Indicator>([
		['name', text(i.name, true)],
		['baseline', text(i.baseline, false)],
		['target', text(i.target, false)],
		['source', text(i.source, false)]
	]);
}

export function validateCopilSeat(seat: CopilSeat): FieldErrors<CopilSeat> {
	return collect<CopilSeat>([
		['name', text(seat.name, true)],
		['organisation', text(seat.organisation, false)],
		['college', text(seat.college, false)]
	]);
}

export type ParsedAmount = { ok: true; cents: number } | { ok: false; error: StructuredError };

/**
 * Parses an amount typed by a person, in French or English notation: "1 500,50", "1500.5",
 * "1 500 €", "1,500.50". Refuses anything ambiguous rather than guessing.
 */
export function parseAmount(input: string): ParsedAmount {
	const cleaned = input.replace(/[\s\u00a0\u202f€]/g, '');
	if (cleaned === '') return { ok: false, error: 'required' };
	if (cleaned.startsWith('-')) return { ok: false, error: 'amount_negative' };
	let normalized: string;
	// A single group with no decimals ("12,345", "1.500") could be either notation: refused.
	if (/^\d{1,3}((,\d{3}){2,}|(,\d{3})+\.\d{1,2})$/.test(cleaned))
		normalized = cleaned.replace(/,/g, '');
	else if (/^\d{1,3}((\.\d{3}){2,}|(\.\d{3})+,\d{1,2})$/.test(cleaned))
		normalized = cleaned.replace(/\./g, '').replace(',', '.');
	else if (/^\d+([.,]\d{1,2})?$/.test(cleaned)) normalized = cleaned.replace(',', '.');
	else return { ok: false, error: 'amount_invalid' };
	const [units = '0', decimals = ''] = normalized.split('.');
	const cents = Number(units) * 100 + Number(decimals.padEnd(2, '0'));
	if (!Number.isSafeInteger(cents)) return { ok: false, error: 'amount_too_large' };
	if (cents > AMOUNT_MAX_CENTS) return { ok: false, error: 'amount_too_large' };
	return { ok: true, cents };
}

export function budgetTotalCents(lines: readonly BudgetLine[]): number {
	return lines.reduce((sum, line) => sum + line.amountCents, 0);
}

export type ParsedDate = { ok: true; iso: string } | { ok: false; error: StructuredError };

/**
 * Parses a calendar date typed by a person: French "12/03/2027" (also "12.03.2027", "12-03-2027")
 * or ISO "2027-03-12". Returns the ISO date; refuses dates that do not exist (31/02).
 */
export function parseDateInput(input: string): ParsedDate {
	const trimmed = input.trim();
	if (trimmed === '') return { ok: false, error: 'required' };
	let iso: string;
	const french = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(trimmed);
	if (french) {
		const [, day = '', month = '', year = ''] = french;
		iso = `${year}-${month.padStart(2, '0')}-${day.padStart(2, '0')}`;
	} else iso = trimmed;
	return isIsoDate(iso) ? { ok: true, iso } : { ok: false, error: 'date_invalid' };
}
