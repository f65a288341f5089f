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
			positions: [],
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
		const labels = {
			headers: ['Date', 'Texte'],
			kind: (k: string) => `K:${k}`,
			outcome: (o: string) => `O:${o}`,
			objectionStatus: (s: string) => `S:${s}`
		};
		// French: semicolons (the comma is the decimal mark), dates as a French spreadsheet reads
		// them, the decision's time in Paris.
		const csv = registerCsv([entry], { ...labels, locale: 'fr' });
		const [header, row, end] = csv.split('\r\n');
		expect(header).toBe('\uFEFFDate;Texte');
		expect(row).toContain(';"Texte, exact";');
		expect(row).toContain('Ben : Trop tôt [S:integrated v2]');
		expect(row?.startsWith('01/03/2026 11:00;K:consent;O:adopted;Rythme')).toBe(true);
		expect(row).toContain(';01/09/2026;');
		expect(row).not.toMatch(/\d{4}-\d{2}-\d{2}/);
		const english = registerCsv([entry], { ...labels, locale: 'en' }).split('\r\n');
		expect(english[0]).toBe('\uFEFFDate,Texte');
		expect(english[1]).toContain(',"Texte, exact",');
		expect(english[1]?.startsWith('01/03/2026 11:00,K:consent')).toBe(true);
		expect(end).toBe('');
	});
});
