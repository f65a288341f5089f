/** Headings and column titles as people write them, matched to sections and parts. */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { PROTOCOL_SECTIONS } from '../templates/protocol';
import { labelSimilarity, normalizeLabel } from './text-match';
import { matchSection, templateSections } from './section-match';
import { isTotalRow, matchEnjeu, matchPartTable } from './part-match';
import { EXPORT_FACT_LABELS, PART_CAPTIONS } from './trame-export';

const sections = templateSections(
	PROTOCOL_SECTIONS.fr.map((s, i) => `${i + 1}. ${s.title}`),
	'protocole'
);

describe('normalizeLabel', () => {
	it.each([
		['1. Contexte et territoire', 'contexte et territoire'],
		['2) Les enjeux visés', 'les enjeux vises'],
		['III - Dispositif', 'dispositif'],
		['Section 4 : Objectifs', 'objectifs'],
		['1.2 Contexte', 'contexte'],
		['Question de recherche & hypothèses', 'question de recherche et hypotheses'],
		['A. Calendrier', 'calendrier'],
		['A propos', 'a propos']
	])('%s → %s', (input, expected) => expect(normalizeLabel(input)).toBe(expected));
});

describe('matchSection', () => {
	it.each([
		['1. Contexte et territoire', 0],
		['Contexte', 0],
		['2) Les enjeux visés', 1],
		['QUESTION DE RECHERCHE ET HYPOTHESES', 2],
		['Question de recherche & hypotheses', 2],
		['Objectifs', 3],
		['III - Dispositif', 4],
		['Public cible', 5],
		['Gouvernance', 6],
		['CALENDRIER', 7],
		['Rétroplanning', 7],
		['Calendrer', 7],
		['Budget prévisionnel', 8],
		['9. Moyens et budget', 8],
		['Evaluation', 9],
		['Risques', 10],
		['Essaimage', 11],
		['Timeline', 7],
		['Research question and hypotheses', 2]
	])('“%s” goes into section %i', (heading, index) => {
		expect(matchSection(heading, sections)?.index).toBe(index);
	});

	it.each(['Annexe : glossaire', 'Remerciements', 'Introduction générale', ''])(
		'“%s” matches no section',
		(heading) => expect(matchSection(heading, sections)).toBeNull()
	);

	it('scores exact wording above a loose one', () => {
		expect(labelSimilarity('Moyens et budget', 'Moyens et budget')).toBe(1);
		expect(labelSimilarity('Budget détaillé de la phase 2', 'Moyens et budget')).toBeLessThan(0.6);
	});
});

describe('matchPartTable', () => {
	const kinds = ['budget', 'calendar', 'indicators', 'copil', 'enjeux'] as const;
	it.each([
		[['Poste de dépense', 'Montant (€)', 'Financeur'], 'budget', [0, 1, 2]],
		[['Montant', 'Poste'], 'budget', [1, 0, -1]],
		[['Item', 'Amount (€)', 'Funder'], 'budget', [0, 1, 2]],
		[['Phase', 'Date (JJ/MM/AAAA)', 'Responsable'], 'calendar', [0, 1, 2]],
		[['Étape', 'Échéance'], 'calendar', [0, 1, -1]],
		[['Indicateur', 'Valeur de départ', 'Cible', 'Source des données'], 'indicators', [0, 1, 2, 3]],
		[['Nom', 'Structure', 'Collège'], 'copil', [0, 1, 2]],
		[['Enjeu', 'Pourquoi cet enjeu'], 'enjeux', [0, 1]]
	])('%j is %s', (header, kind, columns) => {
		expect(matchPartTable(header, [], kinds)).toEqual({ kind, columns });
	});

	it('keeps a table whose extra column holds text, or whose first field is missing', () => {
		expect(
			matchPartTable(['Poste', 'Montant', 'Commentaire'], [['Salle', '10', 'à confirmer']], kinds)
		).toBeNull();
		expect(
			matchPartTable(['Poste', 'Montant', 'Commentaire'], [['Salle', '10', '']], kinds)
		).toEqual({
			kind: 'budget',
			columns: [0, 1, -1]
		});
		expect(matchPartTable(['Montant', 'Financeur'], [], kinds)).toBeNull();
		expect(matchPartTable(['Prénom', 'Âge'], [], kinds)).toBeNull();
		expect(matchPartTable(['Poste', 'Montant'], [], ['calendar'])).toBeNull();
	});

	it('recognises total rows and enjeux names', () => {
		expect(isTotalRow(['Total', '17 500'])).toBe(true);
		expect(isTotalRow(['Sous-total animation', '4 000'])).toBe(true);
		expect(isTotalRow(['Totalement nouveau', '1'])).toBe(false);
		expect(matchEnjeu('Pouvoir d’agir')).toBe('pouvoir_agir');
		expect(matchEnjeu('Empowerment')).toBe('pouvoir_agir');
		expect(matchEnjeu('Co-décision')).toBe('co_decision');
		expect(matchEnjeu('Écologie')).toBeNull();
	});
});

describe('words of Trame exports', () => {
	const fr = JSON.parse(readFileSync('messages/fr.json', 'utf8')) as Record<string, string>;
	const en = JSON.parse(readFileSync('messages/en.json', 'utf8')) as Record<string, string>;
	it('are the messages the exports print', () => {
		for (const [locale, messages] of [
			['fr', fr],
			['en', en]
		] as const) {
			expect(EXPORT_FACT_LABELS[locale]).toEqual(
				['export_experiment', 'export_territory', 'export_version', 'export_date'].map(
					(k) => messages[k]
				)
			);
		}
		for (const [kind, captions] of Object.entries(PART_CAPTIONS))
			expect(captions).toEqual([fr[`structured_part_${kind}`], en[`structured_part_${kind}`]]);
	});
});
