import { describe, expect, it } from 'vitest';
import { isAllowedLinkUrl, normalizeLinkUrl } from './link-url';

describe('normalizeLinkUrl', () => {
	it.each([
		['https://example.org/page?x=1#a', 'https://example.org/page?x=1#a'],
		['http://localhost:3000', 'http://localhost:3000'],
		['  https://exemple.fr  ', 'https://exemple.fr'],
		['exemple.fr/protocole', 'https://exemple.fr/protocole'],
		['mairie-lille.fr', 'https://mairie-lille.fr'],
		['mailto:labo@exemple.fr', 'mailto:labo@exemple.fr'],
		['labo@exemple.fr', 'mailto:labo@exemple.fr']
	])('accepts %s', (input, expected) => {
		expect(normalizeLinkUrl(input)).toBe(expected);
	});

	it.each([
		'',
		'   ',
		'javascript:alert(1)',
		'JavaScript:alert(1)',
		'data:text/html,<script>alert(1)</script>',
		'vbscript:msgbox',
		'file:///etc/passwd',
		'ftp://example.org',
		'https://',
		'https://user:pass@example.org',
		'mailto:pas-une-adresse',
		'hello world',
		'justaword',
		'/relative/path'
	])('refuses %j', (input) => {
		expect(normalizeLinkUrl(input)).toBeNull();
	});
});

describe('isAllowedLinkUrl', () => {
	it('requires an explicit allowed scheme', () => {
		expect(isAllowedLinkUrl('https://example.org')).toBe(true);
		expect(isAllowedLinkUrl('mailto:a@b.fr')).toBe(true);
		expect(isAllowedLinkUrl('example.org')).toBe(false);
		expect(isAllowedLinkUrl('javascript:alert(1)')).toBe(false);
	});
});
