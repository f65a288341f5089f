/**
 * The daily digest's text is written by PocketBase (pb_hooks/lib/digest.js, goja has no Intl):
 * this loads that file as goja does and checks its plurals against Intl.PluralRules, its
 * quotation marks per language, and that excerpts are escaped.
 */
import { readFileSync } from 'node:fs';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';

interface DigestLib {
	digestMail(
		locale: string,
		name: string,
		items: { kind: string; link: string; excerpt: string }[]
	): { subject: string; html: string };
}

function loadDigestLib(): DigestLib {
	const source = readFileSync(
		new URL('../../../../pocketbase/pb_hooks/lib/digest.js', import.meta.url),
		'utf8'
	);
	const module = { exports: {} as unknown };
	runInNewContext(source, { module, exports: module.exports });
	return module.exports as DigestLib;
}

const { digestMail } = loadDigestLib();
const item = (excerpt = '') => ({ kind: 'mention', link: 'https://trame.test/n', excerpt });

describe('digest mail text', () => {
	it.each(['fr', 'en'] as const)('uses the plural Intl gives in %s', (locale) => {
		const rules = new Intl.PluralRules(locale);
		for (const count of [0, 1, 2, 5, 21]) {
			const { subject } = digestMail(
				locale,
				'Ana',
				Array.from({ length: count }, () => item())
			);
			const singular = rules.select(count) === 'one';
			expect(subject.includes('notifications'), `${locale} ${count}: ${subject}`).toBe(!singular);
			expect(subject).toContain(String(count));
		}
	});

	it('writes French marks in French only, and escapes what users typed', () => {
		const fr = digestMail('fr', 'Ana <b>', [item('le <script> du budget')]);
		expect(fr.html).toContain('Bonjour Ana &#60;b&#62;,');
		expect(fr.html).toContain('«\u00a0le &#60;script&#62; du budget\u00a0»');
		const en = digestMail('en', 'Ana', [item('budget')]);
		expect(en.html).toContain('Hello Ana,');
		expect(en.html).toContain('“budget”');
		expect(en.html).not.toContain('«');
		expect(digestMail('', 'Ana', [item()]).subject).toBe('Trame : 1 notification non lue');
	});
});
