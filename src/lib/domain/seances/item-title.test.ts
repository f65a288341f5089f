import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { GENERATED_PREFIXES, parseGeneratedTitle } from './item-title';

describe('parseGeneratedTitle', () => {
	it.each([
		['Approbation du compte rendu : COPIL n° 2', 'minutes', 'COPIL n° 2', 0],
		['Approval of the minutes: COPIL 2', 'minutes', 'COPIL 2', 0],
		['Révision de la décision : Charte : version 2', 'review', 'Charte : version 2', 0],
		['Review of the decision: Charter', 'review', 'Charter', 0],
		['Proposition à décider par consentement : Budget', 'round', 'Budget', 0],
		['Élection sans candidat : Secrétaire', 'election', 'Secrétaire', 0],
		[
			'Objections à intégrer (consentement à distance non conclu) : Calendrier',
			'escalated',
			'Calendrier',
			0
		],
		['Actions en retard (3)', 'overdue', '', 3],
		['Overdue actions (12)', 'overdue', '', 12]
	])('%s', (title, reason, subject, count) => {
		expect(parseGeneratedTitle(title)).toEqual({ reason, subject, count });
	});

	it.each([['Point libre'], ['Approbation du compte rendu : '], ['Actions en retard'], ['']])(
		'a free title stays as written: %j',
		(title) => {
			expect(parseGeneratedTitle(title)).toBeNull();
		}
	);
});

describe('the wordings recognised', () => {
	const read = (path: string) =>
		JSON.parse(readFileSync(new URL(`../../../../${path}`, import.meta.url), 'utf8')) as Record<
			string,
			string
		>;
	const messages = ['fr', 'en'].map((locale) => ({
		...read(`messages/seances/${locale}.json`),
		...read(`messages/decisions/${locale}.json`)
	}));
	const KEYS = {
		minutes: 'seances_suggest_minutes',
		escalated: 'decisions_agenda_escalated',
		round: 'seances_suggest_round',
		election: 'seances_suggest_election',
		review: 'seances_suggest_review'
	} as const;

	it('are the messages shown (French, English) and the migration’s', () => {
		const migration = readFileSync(
			new URL(
				'../../../../pocketbase/pb_migrations/1766410003_agenda_item_titles.js',
				import.meta.url
			),
			'utf8'
		);
		for (const [reason, key] of Object.entries(KEYS)) {
			const wordings = messages.map((m) => m[key]!.replace('{title}', ''));
			expect(GENERATED_PREFIXES[reason as keyof typeof KEYS]).toEqual(wordings);
			for (const prefix of wordings) expect(migration).toContain(`'${prefix}'`);
		}
	});
});
