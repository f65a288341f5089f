import { describe, expect, it } from 'vitest';
import { csvField, registerCsv, type RegisterEntry } from './register';

describe('csvField', () => {
	it.each([
		['simple', 'simple'],
		['a, b', '"a, b"'],
		['dit "oui"', '"dit ""oui"""'],
		['ligne\nsuivante', '"ligne\nsuivante"'],
		['=HYPERLINK("x")', '"\'=HYPERLINK(""x"")"'],
		['+33 1', "'+33 1"],
		['@cmd', "'@cmd"]
	])('%j → %j', (value, expected) => {
		expect(csvField(value)).toBe(expected);
	});
});

describe('registerCsv', () => {
	it('writes a BOM, a header row and one CRLF row per entry with the exact text', () => {
		const entry: RegisterEntry = {
			id: 'd1',
			round: 'r1',
			kind: 'consent',
			outcome: 'adopted',
			title: 'Rythme',
			section: '7.',
			text: 'Texte, exact',
			hash: 'abc',
			version: 2,
			decidedAt: '2026-03-01T10:00:00.000Z',
			reviewDate: '2026-09-01',
			present: [{ id: 'a', name: 'Ana' }],
			absent: [],
			concerns: [{ author: { id: 'a', name: 'Ana' }, text: 'Suivre' }],
			objections: [
				{
					author: { id: 'b', name: 'Ben' },
					text: 'Trop tôt',
					status: 'integrated',
					reasoned: true,
					testReason: 'ok',
					integratedIn: 2,
					objectionRound: 1
				}
			],
			reason: '',
			electedName: '',
			termStart: '',
			termEnd: '',
			reviewDue: false,
			sourceDocument: '',
			sourceState: '',
			mode: 'live',
			silent: [],
			writeback: null
		};
		const csv = registerCsv([entry], {
			headers: ['Date', 'Texte'],
			kind: (k) => `K:${k}`,
			outcome: (o) => `O:${o}`,
			objectionStatus: (s) => `S:${s}`
		});
		const [header, row, end] = csv.split('\r\n');
		expect(header).toBe('\uFEFFDate,Texte');
		expect(row).toContain('"Texte, exact"');
		expect(row).toContain('Ben : Trop tôt [S:integrated v2]');
		expect(row?.startsWith('2026-03-01 10:00:00,K:consent,O:adopted,Rythme')).toBe(true);
		expect(end).toBe('');
	});
});
