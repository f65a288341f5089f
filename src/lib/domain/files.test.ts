import { describe, expect, it } from 'vitest';
import { checkUpload, cleanFileName, FILE_MAX_BYTES, IMAGE_MAX_BYTES } from './files';

describe('checkUpload', () => {
	it.each([
		['photo.JPG', 1000, 'image/jpeg', { ok: true, kind: 'image', mime: 'image/jpeg' }],
		['plan.png', 1000, 'image/png', { ok: true, kind: 'image', mime: 'image/png' }],
		['carte.svg', 1000, 'image/svg+xml', { ok: true, kind: 'image', mime: 'image/svg+xml' }],
		['rapport.pdf', 1000, 'application/pdf', { ok: true, kind: 'file', mime: 'application/pdf' }],
		['budget.csv', 10, 'text/csv', { ok: true, kind: 'file', mime: 'text/csv' }],
		['vide.pdf', 0, 'application/pdf', { ok: false, error: 'file_empty' }],
		['script.exe', 1000, 'application/x-msdownload', { ok: false, error: 'file_type' }],
		['sans-extension', 1000, 'application/pdf', { ok: false, error: 'file_type' }],
		['faux.png', 1000, 'application/pdf', { ok: false, error: 'file_disguised' }],
		['faux.pdf', 1000, null, { ok: false, error: 'file_disguised' }],
		['grand.png', IMAGE_MAX_BYTES + 1, 'image/png', { ok: false, error: 'image_too_large' }],
		['grand.pdf', FILE_MAX_BYTES + 1, 'application/pdf', { ok: false, error: 'file_too_large' }]
	])('%s (%i bytes, detected %s)', (name, size, detected, expected) => {
		expect(checkUpload({ name, size, detected })).toEqual(expected);
	});

	it('cleans download names', () => {
		expect(cleanFileName('../../etc/pass"wd.pdf')).toBe('passwd.pdf');
		expect(cleanFileName('C:\\Users\\x\\compte rendu.odt')).toBe('compte rendu.odt');
		expect(cleanFileName('\u0000')).toBe('fichier');
	});
});
