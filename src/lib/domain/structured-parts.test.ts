import { describe, expect, it } from 'vitest';
import {
	PART_KINDS,
	PART_NODES,
	budgetTotal,
	fieldError,
	fieldType,
	partKindOfBlock,
	partKindOfRow,
	rowErrors,
	rowIsBlank,
	type PartKind,
	type RowInput
} from './structured-parts';

describe('rowErrors', () => {
	it.each<[PartKind, RowInput, Record<string, string>]>([
		['budget', { fields: { item: 'Animation', amount: '1 500,50', funder: 'Région' } }, {}],
		[
			'budget',
			{ fields: { item: '', amount: '', funder: '' } },
			{ item: 'required', amount: 'required' }
		],
		[
			'budget',
			{ fields: { item: 'x', amount: 'douze', funder: '' } },
			{ amount: 'amount_invalid' }
		],
		['budget', { fields: { item: 'x', amount: '-3', funder: '' } }, { amount: 'amount_negative' }],
		['calendar', { fields: { phase: 'Tirage au sort', date: '12/03/2027', owner: '' } }, {}],
		['calendar', { fields: { phase: 'x', date: '2027-03-12', owner: 'Sophie' } }, {}],
		[
			'calendar',
			{ fields: { phase: 'x', date: '31/02/2027', owner: '' } },
			{ date: 'date_invalid' }
		],
		[
			'calendar',
			{ fields: { phase: '', date: '', owner: '' } },
			{ phase: 'required', date: 'required' }
		],
		[
			'indicators',
			{ fields: { name: '', baseline: '', target: '', source: '' } },
			{ name: 'required' }
		],
		[
			'copil',
			{ fields: { name: 'A', organisation: 'x'.repeat(301), college: '' } },
			{ organisation: 'too_long' }
		],
		['enjeux', { fields: { why: 'parce que' }, enjeu: 'confiance' }, {}],
		['enjeux', { fields: { why: '' }, enjeu: '' }, { enjeu: 'required' }],
		['enjeux', { fields: { why: '' }, enjeu: 'bonheur' }, { enjeu: 'enjeu_invalid' }]
	])('%s %j → %j', (kind, row, errors) => {
		expect(rowErrors(kind, row)).toEqual(errors);
	});
});

describe('fieldError', () => {
	it.each<[PartKind, string, string, string | null]>([
		['budget', 'amount', '1 500,50', null],
		['budget', 'amount', '1 5OO', 'amount_invalid'],
		['budget', 'item', ' ', 'required'],
		['budget', 'funder', '', null],
		['calendar', 'date', '2027-02-29', 'date_invalid'],
		['calendar', 'owner', '', null],
		['indicators', 'target', '', null]
	])('%s.%s %j → %s', (kind, field, text, error) => {
		expect(fieldError(kind, field, text)).toBe(error);
	});
});

describe('parts', () => {
	it('names distinct nodes and finds the kind back from them', () => {
		const names = PART_KINDS.flatMap((k) => [PART_NODES[k].block, PART_NODES[k].row]);
		expect(new Set(names).size).toBe(names.length);
		for (const kind of PART_KINDS) {
			expect(partKindOfBlock(PART_NODES[kind].block)).toBe(kind);
			expect(partKindOfRow(PART_NODES[kind].row)).toBe(kind);
		}
		expect(partKindOfBlock('paragraph')).toBeNull();
	});

	it('types the amount and date fields', () => {
		expect(fieldType('budget', 'amount')).toBe('amount');
		expect(fieldType('calendar', 'date')).toBe('date');
		expect(fieldType('budget', 'item')).toBe('text');
	});

	it('sums the readable amounts and counts the others', () => {
		expect(budgetTotal(['1 500,50', '0,25', 'douze', ''])).toEqual({
			cents: 150075,
			unreadable: 2
		});
		expect(budgetTotal([])).toEqual({ cents: 0, unreadable: 0 });
	});

	it('tells a blank row', () => {
		expect(rowIsBlank({ fields: { item: ' ', amount: '' } })).toBe(true);
		expect(rowIsBlank({ fields: { why: '' }, enjeu: 'confiance' })).toBe(false);
		expect(rowIsBlank({ fields: { item: 'x' } })).toBe(false);
	});
});
