/**
 * The digest sums "Depuis votre dernière visite" in PocketBase (pb_hooks/lib/since_visit.js, goja
 * has no Yjs nor Intl): this loads that file as goja does and checks it counts as the page does
 * (domain/since-visit.ts), writes the plurals Intl gives, and that the digest escapes its lines.
 */
import { readFileSync } from 'node:fs';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { summarizeSinceVisit, type LoggedChange } from '../../domain/since-visit';

interface DigestSummary {
	editors: { name: string; sections: number }[];
	suggestionsMade: number;
	suggestionsResolved: number;
	comments: number;
}
interface SinceVisitLib {
	summarizeDocument(
		me: string,
		rows: { kind: string; authors: { id: string; name: string }[]; section: string }[],
		comments: { author: string }[]
	): DigestSummary;
	summaryLine(locale: string, summary: DigestSummary): string;
}

function load<T>(file: string): T {
	const source = readFileSync(
		new URL(`../../../../pocketbase/pb_hooks/lib/${file}`, import.meta.url),
		'utf8'
	);
	const module = { exports: {} as unknown };
	runInNewContext(source, { module, exports: module.exports });
	return module.exports as T;
}

const lib = load<SinceVisitLib>('since_visit.js');
const { digestMail } = load<{
	digestMail(
		locale: string,
		name: string,
		items: { kind: string; link: string; excerpt: string }[],
		documents?: { title: string; link: string; line: string }[],
		documentsTitle?: string
	): { subject: string; html: string };
}>('digest.js');

const karim = { id: 'karim', name: 'Karim Benali' };
const sophie = { id: 'sophie', name: 'Sophie Marchand' };
const me = { id: 'me', name: 'Jean' };
const AT = '2026-12-01 11:00:00.000Z';
const row = (
	kind: LoggedChange['kind'],
	authors: (typeof me)[],
	section: string
): LoggedChange => ({
	kind,
	at: AT,
	authors,
	section,
	added: 1,
	removed: 0,
	excerpt: '',
	changeId: section
});

describe('the digest counts as the page does', () => {
	it.each([
		['nothing', []],
		[
			'one editor, two sections, one twice',
			[row('text', [karim], 'A'), row('text', [karim], 'B'), row('text', [karim], 'A')]
		],
		[
			'two editors and me',
			[row('text', [karim, me], 'A'), row('text', [sophie], 'B'), row('text', [me], 'C')]
		],
		[
			'suggestions',
			[
				row('suggestion', [sophie], 's1'),
				row('suggestion', [me], 's2'),
				row('suggestion_resolved', [karim], 's1')
			]
		]
	] as [string, LoggedChange[]][])('%s', (_name, rows) => {
		const page = summarizeSinceVisit({
			me: me.id,
			seenAt: '2026-12-01 10:00:00.000Z',
			changes: rows,
			activity: []
		});
		const digest = lib.summarizeDocument(me.id, rows, []);
		expect(digest.editors).toEqual(page.editors);
		expect(digest.suggestionsMade).toBe(page.suggestionsMade);
		expect(digest.suggestionsResolved).toBe(page.suggestionsResolved);
	});

	it.each(['fr', 'en'] as const)('writes the plural Intl gives in %s', (locale) => {
		const rules = new Intl.PluralRules(locale);
		for (const count of [0, 1, 2, 5]) {
			const line = lib.summaryLine(locale, {
				editors: [{ name: 'K', sections: count }],
				suggestionsMade: 0,
				suggestionsResolved: 0,
				comments: 0
			});
			expect(line.endsWith('sections')).toBe(rules.select(count) !== 'one');
		}
	});

	it('leaves out the reader’s own comments and says the rest in one line', () => {
		const summary = lib.summarizeDocument(
			me.id,
			[row('text', [karim], 'A')],
			[{ author: 'me' }, { author: 'karim' }]
		);
		expect(lib.summaryLine('fr', summary)).toBe(
			'Karim Benali a modifié 1 section · 1 nouveau commentaire'
		);
	});

	it('escapes the document lines of the digest', () => {
		const { html, subject } = digestMail(
			'fr',
			'Jean',
			[],
			[{ title: '<b>Protocole</b>', link: 'https://t/d', line: 'A & B' }],
			'Depuis votre dernière visite'
		);
		expect(subject).toBe('Trame : du nouveau dans 1 document');
		expect(html).toContain('&#60;b&#62;Protocole&#60;/b&#62;');
		expect(html).toContain('A &#38; B');
		expect(html).not.toContain('<ul></ul>');
	});
});
