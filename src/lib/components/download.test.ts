import { describe, expect, it } from 'vitest';
import { filenameFrom } from './download';

describe('filenameFrom', () => {
	it.each([
		['quoted', 'attachment; filename="protocole.pdf"', 'protocole.pdf'],
		['bare', 'attachment; filename=registre.csv', 'registre.csv'],
		['RFC 5987', "attachment; filename*=UTF-8''d%C3%A9cisions.csv", 'décisions.csv'],
		['absent', null, 'export'],
		['no filename', 'attachment', 'export']
	])('%s', (_label, header, expected) => {
		expect(filenameFrom(header, 'export')).toBe(expected);
	});
});
