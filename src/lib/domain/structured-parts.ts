/**
 * The structured parts of a protocol as they live in the document: which parts exist, the
 * node names that hold them (shared by the editor schema and pure readers such as the
 * completeness check), the free-text fields of their rows, and row validation on the texts people
 * typed. Pure: no TipTap or Yjs import.
 */
import { ENJEUX } from './experiment';
import {
	parseAmount,
	parseDateInput,
	validateBudgetLine,
	validateCopilSeat,
	validateIndicator,
	validateMilestone,
	type StructuredError
} from './structured';

export const PART_KINDS = ['enjeux', 'copil', 'calendar', 'budget', 'indicators'] as const;
export type PartKind = (typeof PART_KINDS)[number];

/** Free-text fields of each part's rows, in display order. */
export const PART_FIELDS = {
	enjeux: ['why'],
	copil: ['name', 'organisation', 'college'],
	calendar: ['phase', 'date', 'owner'],
	budget: ['item', 'amount', 'funder'],
	indicators: ['name', 'baseline', 'target', 'source']
} as const satisfies Record<PartKind, readonly string[]>;

export type PartField<K extends PartKind = PartKind> = (typeof PART_FIELDS)[K][number];

/** Node names in the editor schema: a block node per part, holding row nodes. */
export const PART_NODES: Readonly<Record<PartKind, { block: string; row: string }>> = {
	enjeux: { block: 'enjeuxPart', row: 'enjeuChoice' },
	copil: { block: 'copilPart', row: 'copilSeat' },
	calendar: { block: 'calendarPart', row: 'milestone' },
	budget: { block: 'budgetPart', row: 'budgetLine' },
	indicators: { block: 'indicatorsPart', row: 'indicator' }
};

/** The node holding one free-text field of a row (attribute `name`, inline text content). */
export const FIELD_NODE = 'partField';

export function partKindOfBlock(nodeName: string): PartKind | null {
	return PART_KINDS.find((kind) => PART_NODES[kind].block === nodeName) ?? null;
}

export function partKindOfRow(nodeName: string): PartKind | null {
	return PART_KINDS.find((kind) => PART_NODES[kind].row === nodeName) ?? null;
}

/** What a row holds: its field texts, and for an enjeu its chosen challenge (an attribute). */
export interface RowInput {
	fields: Readonly<Record<string, string>>;
	enjeu?: string;
}

export type RowErrors = Partial<Record<string, StructuredError>>;

/** How a field's text is read: typed fields are parsed and shown formatted. */
export function fieldType(kind: PartKind, field: string): 'amount' | 'date' | 'text' {
	if (kind === 'budget' && field === 'amount') return 'amount';
	if (kind === 'calendar' && field === 'date') return 'date';
	return 'text';
}

/** Validation of one row, field by field (the key `enjeu` for the enjeu choice). */
export function rowErrors(kind: PartKind, row: RowInput): RowErrors {
	const f = (name: string) => row.fields[name] ?? '';
	switch (kind) {
		case 'budget': {
			const amount = parseAmount(f('amount'));
			const errors: RowErrors = validateBudgetLine({
				item: f('item'),
				amountCents: amount.ok ? amount.cents : 0,
				funder: f('funder')
			});
			const { amountCents, ...rest } = errors;
			const amountError = amount.ok ? amountCents : amount.error;
			return amountError ? { ...rest, amount: amountError } : rest;
		}
		case 'calendar': {
			const date = parseDateInput(f('date'));
			return validateMilestone({
				phase: f('phase'),
				date: date.ok ? date.iso : f('date'),
				owner: f('owner')
			});
		}
		case 'indicators':
			return validateIndicator({
				name: f('name'),
				baseline: f('baseline'),
				target: f('target'),
				source: f('source')
			});
		case 'copil':
			return validateCopilSeat({
				name: f('name'),
				organisation: f('organisation'),
				college: f('college')
			});
		case 'enjeux': {
			const errors: RowErrors = {};
			const enjeu = row.enjeu ?? '';
			if (enjeu === '') errors.enjeu = 'required';
			else if (!(ENJEUX as readonly string[]).includes(enjeu)) errors.enjeu = 'enjeu_invalid';
			if (f('why').trim().length > WHY_MAX) errors.why = 'too_long';
			return errors;
		}
	}
}

/** A justification may be longer than a table cell. */
export const WHY_MAX = 2000;

/** The error of one field from its own text (every rule above depends on that field only). */
export function fieldError(kind: PartKind, field: string, text: string): StructuredError | null {
	return rowErrors(kind, { fields: { [field]: text }, enjeu: ENJEUX[0] })[field] ?? null;
}

/** A row nobody has written anything in yet. */
export function rowIsBlank(row: RowInput): boolean {
	return (row.enjeu ?? '') === '' && Object.values(row.fields).every((t) => t.trim() === '');
}

export interface BudgetTotal {
	cents: number;
	/** Lines whose amount is missing or unreadable, left out of the total. */
	unreadable: number;
}

export function budgetTotal(amountTexts: readonly string[]): BudgetTotal {
	let cents = 0;
	let unreadable = 0;
	for (const text of amountTexts) {
		const parsed = parseAmount(text);
		if (parsed.ok) cents += parsed.cents;
		else unreadable += 1;
	}
	return { cents, unreadable };
}
