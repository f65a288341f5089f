import { describe, expect, it } from 'vitest';
import {
	citation,
	facetCounts,
	feedEntries,
	filterResources,
	filtersQuery,
	licenceOf,
	NO_FILTERS,
	normalise,
	queryTerms,
	searchScore,
	type ResourceFilters,
	type ResourceItem
} from './resources';

const item = (over: Partial<ResourceItem>): ResourceItem => ({
	slug: 'ressource',
	versionId: 'v00000000000001',
	title: 'Ressource',
	kind: 'fiche_retour',
	summary: '',
	licence: 'cc-by-sa-4.0',
	enjeux: [],
	territoryType: 'commune',
	territoryName: 'Brenne',
	experimentId: 'e00000000000001',
	experimentTitle: 'Assemblée citoyenne',
	organisationId: 'o00000000000001',
	organisationName: 'Labo d’innovation démocratique',
	publishedAt: '2026-03-01 10:00:00.000Z',
	text: '',
	...over
});

const fiche = item({
	slug: 'fiche-budget',
	title: 'Fiche retour : budget participatif',
	summary: 'Ce que nous avons appris du vote.',
	enjeux: ['diversification', 'co_decision'],
	text: 'Les jeunes ont voté en ligne.'
});
const guide = item({
	slug: 'guide-tirage',
	title: 'Guide du tirage au sort',
	kind: 'guide_methodologique',
	summary: 'Tirer au sort un panel citoyen représentatif.',
	enjeux: ['diversification'],
	territoryType: 'metropole',
	territoryName: 'Lyon',
	experimentId: 'e00000000000002',
	experimentTitle: 'Convention métropolitaine',
	organisationId: 'o00000000000002',
	organisationName: 'Collectif des territoires',
	publishedAt: '2025-11-20 09:00:00.000Z',
	text: 'Budget de la convention : indemnités.'
});
const carnet = item({
	slug: 'carnet',
	title: 'Carnet de bord de la pérennité',
	kind: 'carnet_de_bord',
	enjeux: ['perennisation'],
	publishedAt: '2026-06-10 08:00:00.000Z',
	text: 'Séance du mois de mai.'
});
const ALL = [fiche, guide, carnet];
const filters = (over: Partial<ResourceFilters>): ResourceFilters => ({ ...NO_FILTERS, ...over });

describe('normalising text and queries', () => {
	it.each([
		['Pérennité, co-décision', 'perennite co decision'],
		['  ÉLUS  ', 'elus'],
		['L’assemblée', 'l assemblee'],
		['2026 : bilan', '2026 bilan'],
		['', '']
	])('%j → %j', (input, expected) => {
		expect(normalise(input)).toBe(expected);
	});

	it('keeps distinct words only', () => {
		expect(queryTerms('Budget budget BUDGÉT vote')).toEqual(['budget', 'vote']);
	});
});

describe('search ranking', () => {
	it.each([
		['budget', fiche, 8], // title
		['budget', guide, 1], // body only
		['appris', fiche, 4], // summary
		['brenne', fiche, 2], // territory
		['budget vote', fiche, 12], // title + summary ("vote")
		['budget absent', fiche, 0], // every word must be found
		['budg', fiche, 8], // a word's start
		['udget', fiche, 0], // not the middle of a word
		['perennite', carnet, 8], // without accents
		['', guide, 1]
	])('%j scores %o', (query, resource, expected) => {
		expect(searchScore(resource, queryTerms(query))).toBe(expected);
	});

	it.each<[string, Partial<ResourceFilters>, string[]]>([
		['newest first without a query', {}, ['carnet', 'fiche-budget', 'guide-tirage']],
		['most relevant first with a query', { q: 'budget' }, ['fiche-budget', 'guide-tirage']],
		['one kind', { kind: 'guide_methodologique' }, ['guide-tirage']],
		['one enjeu among several', { enjeu: 'diversification' }, ['fiche-budget', 'guide-tirage']],
		['one territory type', { territoire: 'metropole' }, ['guide-tirage']],
		['one year', { annee: '2025' }, ['guide-tirage']],
		['one experiment', { experience: 'e00000000000001' }, ['carnet', 'fiche-budget']],
		['one organisation', { organisation: 'o00000000000002' }, ['guide-tirage']],
		['facets and words together', { q: 'budget', territoire: 'commune' }, ['fiche-budget']],
		['nothing found', { q: 'inexistant' }, []]
	])('%s', (_name, over, expected) => {
		expect(filterResources(ALL, filters(over)).map((r) => r.slug)).toEqual(expected);
	});
});

describe('facet counts', () => {
	it('counts every value without filters, in the usual orders', () => {
		const counts = facetCounts(ALL, NO_FILTERS);
		expect(counts.kind.map((v) => [v.value, v.count])).toEqual([
			['fiche_retour', 1],
			['guide_methodologique', 1],
			['carnet_de_bord', 1]
		]);
		expect(counts.enjeu.map((v) => [v.value, v.count])).toEqual([
			['diversification', 2],
			['perennisation', 1],
			['co_decision', 1]
		]);
		expect(counts.annee.map((v) => v.value)).toEqual(['2026', '2025']);
		expect(counts.experience.map((v) => [v.value, v.count])).toEqual([
			['e00000000000001', 2],
			['e00000000000002', 1]
		]);
		// Organisations by name.
		expect(counts.organisation.map((v) => [v.value, v.count])).toEqual([
			['o00000000000002', 1],
			['o00000000000001', 2]
		]);
	});

	it('counts organisations under the other facets', () => {
		const counts = facetCounts(ALL, filters({ kind: 'guide_methodologique' }));
		expect(counts.organisation.map((v) => [v.value, v.count, v.selected])).toEqual([
			['o00000000000002', 1, false]
		]);
	});

	it('counts each facet under the other facets and the query, not under itself', () => {
		const counts = facetCounts(ALL, filters({ territoire: 'commune', q: 'budget' }));
		// Territories: the query only (guide is in a métropole and mentions a budget).
		expect(counts.territoire.map((v) => [v.value, v.count, v.selected])).toEqual([
			['metropole', 1, false],
			['commune', 1, true]
		]);
		// Kinds: query and territory.
		expect(counts.kind.map((v) => [v.value, v.count])).toEqual([['fiche_retour', 1]]);
	});

	it('keeps a selected value that matches nothing, at 0', () => {
		const counts = facetCounts(ALL, filters({ annee: '2019' }));
		expect(counts.annee.find((v) => v.value === '2019')).toEqual({
			value: '2019',
			count: 0,
			selected: true
		});
	});
});

describe('citation line', () => {
	it.each<['fr' | 'en', string]>([
		[
			'fr',
			'Assemblée citoyenne (Brenne), 2026. « Fiche retour : budget participatif », fiche retour d’expérience, version du 1 mars 2026. Centre de ressources. CC BY-SA 4.0. https://trame.test/public/fiche-budget/versions/v00000000000001'
		],
		[
			'en',
			'Assemblée citoyenne (Brenne), 2026. “Fiche retour : budget participatif”, fiche retour d’expérience, version of 1 mars 2026. Centre de ressources. CC BY-SA 4.0. https://trame.test/public/fiche-budget/versions/v00000000000001'
		]
	])('in %s', (locale, expected) => {
		expect(
			citation(fiche, {
				url: 'https://trame.test/public/fiche-budget/versions/v00000000000001',
				publisher: 'Centre de ressources',
				kindLabel: 'Fiche retour d’expérience',
				date: '1 mars 2026',
				locale
			})
		).toBe(expected);
	});

	it('cites the authors and the year of an editorial proposal when it has them', () => {
		const line = citation(item({ authors: 'Bob Martin, Équipe du Labo', year: '2025' }), {
			url: 'u',
			publisher: 'P',
			kindLabel: 'Fiche retour',
			date: 'd',
			locale: 'fr'
		});
		expect(line).toMatch(/^Bob Martin, Équipe du Labo, 2025\. « Ressource »/);
	});

	it('names the licence chosen, and the experiment alone without a territory', () => {
		const line = citation(item({ licence: 'cc0-1.0', territoryName: '' }), {
			url: 'u',
			publisher: 'P',
			kindLabel: 'Guide',
			date: 'd',
			locale: 'fr'
		});
		expect(line).toMatch(/^Assemblée citoyenne, 2026\. /);
		expect(line).toContain('CC0 1.0');
	});

	it.each([
		['cc-by-4.0', 'cc-by-4.0'],
		['', 'cc-by-sa-4.0'],
		['autre', 'cc-by-sa-4.0']
	])('reads the stored licence %j as %j', (stored, expected) => {
		expect(licenceOf(stored)).toBe(expected);
	});
});

describe('feed entries', () => {
	const labels = { kind: (k: string) => `K:${k}`, enjeu: (e: string) => `E:${e}` };

	it('one entry per published version, newest first, with its stable URL and categories', () => {
		const entries = feedEntries(ALL, 'https://trame.test', labels);
		expect(entries.map((e) => e.id)).toEqual([
			'https://trame.test/public/carnet/versions/v00000000000001',
			'https://trame.test/public/fiche-budget/versions/v00000000000001',
			'https://trame.test/public/guide-tirage/versions/v00000000000001'
		]);
		expect(entries[1]).toMatchObject({
			title: 'Fiche retour : budget participatif',
			description: 'Ce que nous avons appris du vote.',
			categories: [
				'K:fiche_retour',
				'E:diversification',
				'E:co_decision',
				'Labo d’innovation démocratique'
			],
			licenceUrl: 'https://creativecommons.org/licenses/by-sa/4.0/'
		});
		expect(entries[1]!.date.toISOString()).toBe('2026-03-01T10:00:00.000Z');
	});

	it.each([
		[0, 0],
		[2, 2],
		[10, 3]
	])('keeps at most %i entries (%i)', (limit, expected) => {
		expect(feedEntries(ALL, '', labels, limit)).toHaveLength(expected);
	});

	it('describes an item without a summary by its experiment and kind', () => {
		expect(feedEntries([carnet], '', labels)[0]!.description).toBe(
			'Assemblée citoyenne — K:carnet_de_bord'
		);
	});
});

describe('catalogue addresses', () => {
	it.each<[Partial<ResourceFilters>, string]>([
		[{}, ''],
		[{ q: 'budget participatif' }, '?q=budget+participatif'],
		[{ kind: 'fiche_retour', annee: '2026' }, '?kind=fiche_retour&annee=2026'],
		[{ q: 'a&b', enjeu: 'confiance' }, '?q=a%26b&enjeu=confiance']
	])('%j → %j', (over, expected) => {
		expect(filtersQuery(filters(over))).toBe(expected);
	});
});
