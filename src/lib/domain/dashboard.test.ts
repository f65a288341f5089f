import { describe, expect, it } from 'vitest';
import {
	excerptAround,
	experimentMatches,
	filtersFromParams,
	foldText,
	hasFilters,
	matchesQuery,
	recentDocuments,
	type DashboardFilters,
	type FilterableExperiment
} from './dashboard';

const none: DashboardFilters = { status: null, enjeu: null, territoryType: null, query: '' };

const experiment: FilterableExperiment = {
	title: 'Assemblée citoyenne du Val de Brenne',
	territoryName: 'Val de Brenne',
	territoryType: 'intercommunalite',
	status: 'conception',
	enjeux: ['diversification', 'co_decision'],
	summary: 'Quarante habitant·es tiré·es au sort.'
};
const documents = [{ title: 'Protocole', searchText: 'Mobilité rurale et covoiturage solidaire' }];

describe('filtersFromParams', () => {
	it('reads known values and ignores unknown ones', () => {
		expect(
			filtersFromParams(
				new URLSearchParams('statut=en_cours&enjeu=confiance&territoire=commune&q=%20vélo%20')
			)
		).toEqual({ status: 'en_cours', enjeu: 'confiance', territoryType: 'commune', query: 'vélo' });
		expect(filtersFromParams(new URLSearchParams('statut=x&enjeu=y&territoire=z'))).toEqual(none);
		expect(filtersFromParams(new URLSearchParams(`q=${'a'.repeat(300)}`)).query).toHaveLength(200);
	});

	it('knows whether any filter is active', () => {
		expect(hasFilters(none)).toBe(false);
		expect(hasFilters({ ...none, query: 'x' })).toBe(true);
	});
});

describe('experimentMatches', () => {
	it.each<[string, Partial<DashboardFilters>, boolean]>([
		['no filter', {}, true],
		['same status', { status: 'conception' }, true],
		['other status', { status: 'en_cours' }, false],
		['enjeu held', { enjeu: 'co_decision' }, true],
		['enjeu not held', { enjeu: 'massification' }, false],
		['territory type', { territoryType: 'intercommunalite' }, true],
		['other territory type', { territoryType: 'commune' }, false],
		['word in title, any case/accent', { query: 'ASSEMBLEE' }, true],
		['word in document text', { query: 'covoiturage' }, true],
		['all words must match', { query: 'covoiturage tramway' }, false],
		['word nowhere', { query: 'tramway' }, false],
		['combined', { enjeu: 'diversification', query: 'rurale' }, true]
	])('%s', (_name, filters, expected) => {
		expect(experimentMatches(experiment, documents, { ...none, ...filters })).toBe(expected);
	});

	it('hides archived experiments unless their status is asked for', () => {
		const archived = { ...experiment, status: 'archivee' };
		expect(experimentMatches(archived, [], none)).toBe(false);
		expect(experimentMatches(archived, [], { ...none, status: 'archivee' })).toBe(true);
	});
});

describe('text helpers', () => {
	it('folds case and diacritics', () => {
		expect(foldText('Élu·e ÇA Dé')).toBe('elu·e ca de');
		expect(matchesQuery('  ', ['x'])).toBe(true);
	});

	it('cuts an excerpt around the first match, mapped back to the original text', () => {
		const text = `${'a '.repeat(50)}Évaluation participative ${'b '.repeat(50)}`;
		const excerpt = excerptAround(text, 'evaluation', 10);
		expect(excerpt).toContain('Évaluation');
		expect(excerpt.startsWith('…')).toBe(true);
		expect(excerpt.endsWith('…')).toBe(true);
		expect(excerptAround('abc', 'zzz')).toBe('');
	});

	it('lists the most recently edited documents first', () => {
		const docs = [
			{ id: 'a', updated: '2027-03-01 10:00:00.000Z' },
			{ id: 'b', updated: '2027-03-03 10:00:00.000Z' },
			{ id: 'c', updated: '2027-03-02 10:00:00.000Z' }
		];
		expect(recentDocuments(docs, 2).map((d) => d.id)).toEqual(['b', 'c']);
	});
});
