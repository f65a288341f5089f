import { describe, expect, it } from 'vitest';
import { autoVersionDue, checkVersionName, diffWords, slugify } from './versions';

describe('checkVersionName', () => {
	it.each([
		[
			'  Version soumise au COPIL du 12 mars ',
			{ ok: true, value: 'Version soumise au COPIL du 12 mars' }
		],
		['   ', { ok: false, error: 'name_required' }],
		['x'.repeat(201), { ok: false, error: 'name_too_long' }]
	])('%j', (input, expected) => {
		expect(checkVersionName(input)).toEqual(expected);
	});
});

describe('autoVersionDue', () => {
	const min = 60_000;
	it.each([
		['no change yet', { now: 10 * min, lastChangeAt: null, lastVersionAt: null }, false],
		['first pause', { now: 10 * min, lastChangeAt: 4 * min, lastVersionAt: null }, true],
		['still typing', { now: 10 * min, lastChangeAt: 9 * min, lastVersionAt: null }, false],
		['nothing new', { now: 30 * min, lastChangeAt: 4 * min, lastVersionAt: 5 * min }, false],
		['too recent', { now: 20 * min, lastChangeAt: 14 * min, lastVersionAt: 12 * min }, false],
		['due again', { now: 30 * min, lastChangeAt: 20 * min, lastVersionAt: 12 * min }, true]
	])('%s', (_, input, expected) => {
		expect(autoVersionDue(input)).toBe(expected);
	});
});

describe('diffWords', () => {
	it.each([
		['same text', 'same text', [{ op: 'equal', text: 'same text' }]],
		[
			'Le budget est de 10 000 €.',
			'Le budget révisé est de 12 000 €.',
			[
				{ op: 'equal', text: 'Le budget ' },
				{ op: 'added', text: 'révisé ' },
				{ op: 'equal', text: 'est de ' },
				{ op: 'removed', text: '10' },
				{ op: 'added', text: '12' },
				{ op: 'equal', text: ' 000 €.' }
			]
		],
		[
			'Région AJOUT\nÉvaluation',
			'Région\nÉvaluation',
			[
				{ op: 'equal', text: 'Région' },
				{ op: 'removed', text: ' AJOUT' },
				{ op: 'equal', text: '\nÉvaluation' }
			]
		],
		['', 'nouveau', [{ op: 'added', text: 'nouveau' }]],
		['ancien', '', [{ op: 'removed', text: 'ancien' }]]
	])('%j → %j', (before, after, expected) => {
		const parts = diffWords(before, after);
		expect(parts).toEqual(expected);
		expect(
			parts
				.filter((p) => p.op !== 'added')
				.map((p) => p.text)
				.join('')
		).toBe(before);
		expect(
			parts
				.filter((p) => p.op !== 'removed')
				.map((p) => p.text)
				.join('')
		).toBe(after);
	});
});

describe('slugify', () => {
	it.each([
		['Assemblée citoyenne du Val de Brenne', 'assemblee-citoyenne-du-val-de-brenne'],
		['  «Été» ', 'ete'],
		['!!', 'document-public'],
		['a'.repeat(100), 'a'.repeat(80)]
	])('%s', (title, expected) => {
		expect(slugify(title)).toBe(expected);
	});
});
