import { describe, expect, it } from 'vitest';
import type { ProseMirrorJSON } from './templates/protocol';
import { protocolBudgetLines, protocolMilestones } from './portfolio-parts';

const field = (name: string, text: string): ProseMirrorJSON => ({
	type: 'partField',
	attrs: { name },
	content: text ? [{ type: 'text', text }] : []
});
const row = (type: string, fields: Record<string, string>): ProseMirrorJSON => ({
	type,
	content: Object.entries(fields).map(([name, text]) => field(name, text))
});
const doc = (...content: ProseMirrorJSON[]): ProseMirrorJSON => ({ type: 'doc', content });

describe('protocolMilestones', () => {
	it.each([
		[
			'French date',
			{ phase: 'Tirage', date: '12/03/2027', owner: 'Camille' },
			[{ phase: 'Tirage', date: '2027-03-12', owner: 'Camille' }]
		],
		[
			'ISO date',
			{ phase: 'Vote', date: '2027-05-20', owner: '' },
			[{ phase: 'Vote', date: '2027-05-20', owner: '' }]
		],
		['no date: not on a timeline', { phase: 'Bilan', date: '', owner: '' }, []],
		['a date that does not exist', { phase: 'Bilan', date: '31/02/2027', owner: '' }, []]
	])('%s', (_, fields, expected) => {
		const json = doc({ type: 'calendarPart', content: [row('milestone', fields)] });
		expect(protocolMilestones(json)).toEqual(expected);
	});

	it('reads rows in nested blocks and ignores other parts', () => {
		const json = doc(
			{ type: 'heading', content: [{ type: 'text', text: '8. Calendrier' }] },
			{
				type: 'calendarPart',
				content: [
					row('milestone', { phase: 'A', date: '01/01/2027', owner: '' }),
					row('milestone', { phase: 'B', date: '02/01/2027', owner: '' })
				]
			},
			{ type: 'budgetPart', content: [row('budgetLine', { item: 'X', amount: '10', funder: '' })] }
		);
		expect(protocolMilestones(json).map((m) => m.phase)).toEqual(['A', 'B']);
	});
});

describe('protocolBudgetLines', () => {
	it.each([
		[
			'an amount',
			{ item: 'Salles', amount: '1 500,50', funder: 'Ville' },
			[{ item: 'Salles', cents: 150_050 }]
		],
		[
			'unreadable amount kept without one',
			{ item: 'Traiteur', amount: 'beaucoup', funder: '' },
			[{ item: 'Traiteur', cents: null }]
		],
		[
			'missing amount',
			{ item: 'Affiches', amount: '', funder: '' },
			[{ item: 'Affiches', cents: null }]
		],
		['a blank row is no line', { item: '', amount: '', funder: '' }, []]
	])('%s', (_, fields, expected) => {
		const json = doc({ type: 'budgetPart', content: [row('budgetLine', fields)] });
		expect(protocolBudgetLines(json)).toEqual(expected);
	});
});
