import { describe, expect, it } from 'vitest';
import {
	budgetTotalCents,
	parseDateInput,
	parseAmount,
	validateBudgetLine,
	validateCopilSeat,
	validateIndicator,
	validateMilestone
} from './structured';

describe('parseAmount', () => {
	it.each<[string, number]>([
		['1500', 150000],
		['1 500', 150000],
		['1\u202f500,50', 150050],
		['1 500,5 €', 150050],
		['1500.25', 150025],
		['1,500.25', 150025],
		['1.500,25', 150025],
		['0,99', 99],
		['12 000 000', 1200000000],
		['1,500,000', 150000000],
		['1.500.000', 150000000]
	])('reads %j as %d cents', (input, cents) => {
		expect(parseAmount(input)).toEqual({ ok: true, cents });
	});

	it.each<[string, string]>([
		['', 'required'],
		['   ', 'required'],
		['-12', 'amount_negative'],
		['12,345', 'amount_invalid'],
		['1.5.3', 'amount_invalid'],
		['douze', 'amount_invalid'],
		['12,999', 'amount_invalid'],
		['1.500', 'amount_invalid'],
		['1e5', 'amount_invalid'],
		['100000000000', 'amount_too_large']
	])('refuses %j (%s)', (input, error) => {
		expect(parseAmount(input)).toEqual({ ok: false, error });
	});
});

describe('validators', () => {
	it('milestone: phase and date required, date must exist', () => {
		expect(validateMilestone({ phase: 'Tirage au sort', date: '2027-03-12', owner: '' })).toEqual(
			{}
		);
		expect(validateMilestone({ phase: '', date: '', owner: '' })).toEqual({
			phase: 'required',
			date: 'required'
		});
		expect(validateMilestone({ phase: 'x', date: '2027-02-30', owner: '' })).toEqual({
			date: 'date_invalid'
		});
	});

	it('budget line: item required, amount a non-negative safe integer of cents', () => {
		expect(
			validateBudgetLine({ item: 'Animation', amountCents: 150000, funder: 'Région' })
		).toEqual({});
		expect(validateBudgetLine({ item: '', amountCents: -1, funder: '' })).toEqual({
			item: 'required',
			amountCents: 'amount_negative'
		});
		expect(validateBudgetLine({ item: 'x', amountCents: 1.5, funder: '' })).toEqual({
			amountCents: 'amount_invalid'
		});
	});

	it('indicator and COPIL seat: name required, texts bounded', () => {
		expect(validateIndicator({ name: '', baseline: '', target: '', source: '' })).toEqual({
			name: 'required'
		});
		expect(validateCopilSeat({ name: 'A', organisation: 'x'.repeat(301), college: '' })).toEqual({
			organisation: 'too_long'
		});
	});

	it('sums budget lines exactly', () => {
		const lines = [0.1, 0.2, 0.3].map((euros, i) => ({
			item: `l${i}`,
			amountCents: Math.round(euros * 100),
			funder: ''
		}));
		expect(budgetTotalCents(lines)).toBe(60);
	});
});

describe('parseDateInput', () => {
	it.each<[string, string]>([
		['12/03/2027', '2027-03-12'],
		['1/3/2027', '2027-03-01'],
		['12.03.2027', '2027-03-12'],
		[' 2027-03-12 ', '2027-03-12'],
		['29/02/2028', '2028-02-29']
	])('reads %j as %s', (input, iso) => {
		expect(parseDateInput(input)).toEqual({ ok: true, iso });
	});

	it.each<[string, string]>([
		['', 'required'],
		['  ', 'required'],
		['31/02/2027', 'date_invalid'],
		['29/02/2027', 'date_invalid'],
		['2027-13-01', 'date_invalid'],
		['12 mars', 'date_invalid'],
		['03/12/27', 'date_invalid']
	])('refuses %j (%s)', (input, error) => {
		expect(parseDateInput(input)).toEqual({ ok: false, error });
	});
});
