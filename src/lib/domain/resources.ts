/**
 * The public resource centre (centre de ressources) over published versions: licences, full-text
 * search with ranking, facets with counts, the citation line and feed entries. Pure: the server
 * loads the items (src/lib/server/resources/catalogue.ts), labels are passed in.
 */
import { ENJEUX, TERRITORY_TYPES } from './experiment';

/** Creative Commons licences a publication may carry; CC BY-SA 4.0 unless chosen otherwise. */
export const LICENCES = [
	'cc-by-sa-4.0',
	'cc-by-4.0',
	'cc-by-nc-sa-4.0',
	'cc-by-nd-4.0',
	'cc0-1.0'
] as const;
export type Licence = (typeof LICENCES)[number];
export const DEFAULT_LICENCE: Licence = 'cc-by-sa-4.0';

/** Official short names and deeds (the same in every language). */
export const LICENCE_INFO: Readonly<Record<Licence, { name: string; url: string }>> = {
	'cc-by-sa-4.0': {
		name: 'CC BY-SA 4.0',
		url: 'https://creativecommons.org/licenses/by-sa/4.0/'
	},
	'cc-by-4.0': { name: 'CC BY 4.0', url: 'https://creativecommons.org/licenses/by/4.0/' },
	'cc-by-nc-sa-4.0': {
		name: 'CC BY-NC-SA 4.0',
		url: 'https://creativecommons.org/licenses/by-nc-sa/4.0/'
	},
	'cc-by-nd-4.0': {
		name: 'CC BY-ND 4.0',
		url: 'https://creativecommons.org/licenses/by-nd/4.0/'
	},
	'cc0-1.0': { name: 'CC0 1.0', url: 'https://creativecommons.org/publicdomain/zero/1.0/' }
};

/** A stored licence, or the default for publications made before licences existed. */
export const licenceOf = (value: string): Licence =>
	(LICENCES as readonly string[]).includes(value) ? (value as Licence) : DEFAULT_LICENCE;

/** Same limits as migration 1765900000_resource_centre.js. */
export const SUMMARY_MAX = 1000;
export const SEARCH_TEXT_MAX = 200_000;
export const QUERY_MAX = 200;

/** Document kinds shown in the catalogue, in the order of the facet. */
export const RESOURCE_KINDS = [
	'fiche_retour',
	'guide_methodologique',
	'protocole',
	'carnet_de_bord',
	'compte_rendu_copil',
	'libre'
] as const;

/** Years a visitor may filter on (the query schema's list). */
export const RESOURCE_YEARS = Array.from({ length: 101 }, (_, i) => String(2000 + i)) as [
	string,
	...string[]
];

/** One published document, at its current published version. */
export interface ResourceItem {
	slug: string;
	versionId: string;
	title: string;
	kind: string;
	summary: string;
	licence: Licence;
	enjeux: string[];
	territoryType: string;
	territoryName: string;
	experimentId: string;
	experimentTitle: string;
	/** The organisation that publishes it (a Labo, a network of territories). */
	organisationId?: string;
	organisationName?: string;
	/** Its organisation lets search engines index its public pages (sitemap, no `noindex`). */
	indexable?: boolean;
	/** ISO date-time of the current version's publication. */
	publishedAt: string;
	/** Text of the published version (never the draft). */
	text: string;
	/** From an editorial proposal: the year it concerns, its authors (else the publication year,
	 * the experiment as collective author). */
	year?: string;
	authors?: string;
}

export const FACETS = [
	'kind',
	'enjeu',
	'territoire',
	'annee',
	'organisation',
	'experience'
] as const;
export type Facet = (typeof FACETS)[number];

export type ResourceFilters = { q: string } & Record<Facet, string>;

export const NO_FILTERS: ResourceFilters = {
	q: '',
	kind: '',
	enjeu: '',
	territoire: '',
	annee: '',
	organisation: '',
	experience: ''
};

/** The query string of a catalogue view (`?q=…&kind=…`), or '' for the whole catalogue. */
export function filtersQuery(filters: ResourceFilters): string {
	const params = new URLSearchParams();
	for (const key of ['q', ...FACETS] as const) if (filters[key]) params.set(key, filters[key]);
	const query = params.toString();
	return query ? `?${query}` : '';
}

/** Lower case, without accents, punctuation as spaces: "Pérennité, co-décision" → "perennite co decision". */
export function normalise(text: string): string {
	return text
		.normalize('NFD')
		.replace(/\p{M}/gu, '')
		.toLowerCase()
		.replace(/[^\p{L}\p{N}]+/gu, ' ')
		.trim();
}

/** The distinct words of a query, normalised. */
export function queryTerms(query: string): string[] {
	return [...new Set(normalise(query).split(' ').filter(Boolean))];
}

export const yearOf = (item: Pick<ResourceItem, 'publishedAt' | 'year'>) =>
	item.year || item.publishedAt.slice(0, 4);

/** Weights of where a word is found: the title counts most, the body least. */
const WEIGHTS = { title: 8, summary: 4, context: 2, text: 1 } as const;

/** True when a word of `haystack` (normalised, space-padded) starts with `term`. */
const hasWordStarting = (haystack: string, term: string) => haystack.includes(` ${term}`);

/**
 * The relevance of an item for the query's words: 0 unless every word is found somewhere (as the
 * start of a word: "budget" finds "budgétaire"); else the sum, per word, of the best place found.
 */
export function searchScore(item: ResourceItem, terms: readonly string[]): number {
	if (terms.length === 0) return 1;
	const fields = {
		title: ` ${normalise(item.title)}`,
		summary: ` ${normalise(item.summary)}`,
		context: ` ${normalise(`${item.experimentTitle} ${item.territoryName}`)}`,
		text: ` ${normalise(item.text)}`
	};
	let score = 0;
	for (const term of terms) {
		let best = 0;
		for (const [field, weight] of Object.entries(WEIGHTS) as [keyof typeof WEIGHTS, number][]) {
			if (weight > best && hasWordStarting(fields[field], term)) best = weight;
		}
		if (best === 0) return 0;
		score += best;
	}
	return score;
}

function matchesFacet(item: ResourceItem, facet: Facet, value: string): boolean {
	if (value === '') return true;
	switch (facet) {
		case 'kind':
			return item.kind === value;
		case 'enjeu':
			return item.enjeux.includes(value);
		case 'territoire':
			return item.territoryType === value;
		case 'annee':
			return yearOf(item) === value;
		case 'organisation':
			return item.organisationId === value;
		case 'experience':
			return item.experimentId === value;
	}
}

const newestFirst = (a: ResourceItem, b: ResourceItem) =>
	b.publishedAt.localeCompare(a.publishedAt) || a.title.localeCompare(b.title);

/**
 * The items a visitor asked for: every facet matched, every word found; the most relevant first
 * when there is a query, else the newest first.
 */
export function filterResources(
	items: readonly ResourceItem[],
	filters: ResourceFilters
): ResourceItem[] {
	const terms = queryTerms(filters.q);
	return items
		.filter((item) => FACETS.every((facet) => matchesFacet(item, facet, filters[facet])))
		.map((item) => ({ item, score: searchScore(item, terms) }))
		.filter(({ score }) => score > 0)
		.sort((a, b) => b.score - a.score || newestFirst(a.item, b.item))
		.map(({ item }) => item);
}

export interface FacetValue {
	value: string;
	count: number;
	selected: boolean;
}

function valuesOf(item: ResourceItem, facet: Facet): string[] {
	switch (facet) {
		case 'kind':
			return [item.kind];
		case 'enjeu':
			return item.enjeux;
		case 'territoire':
			return item.territoryType ? [item.territoryType] : [];
		case 'annee':
			return [yearOf(item)];
		case 'organisation':
			return item.organisationId ? [item.organisationId] : [];
		case 'experience':
			return [item.experimentId];
	}
}

const FIXED_ORDER: Partial<Record<Facet, readonly string[]>> = {
	kind: RESOURCE_KINDS,
	enjeu: ENJEUX,
	territoire: TERRITORY_TYPES
};

/**
 * Counts per value of each facet, for the items matching the query and every OTHER facet (so a
 * visitor sees what choosing another value would give). Values with no item are left out, except
 * the selected one; kinds, enjeux and territories in their usual order, years newest first,
 * organisations by name, experiments by title.
 */
export function facetCounts(
	items: readonly ResourceItem[],
	filters: ResourceFilters
): Record<Facet, FacetValue[]> {
	const terms = queryTerms(filters.q);
	const found = items.filter((item) => searchScore(item, terms) > 0);
	const titles = new Map<string, string>();
	for (const item of items) {
		titles.set(item.experimentId, item.experimentTitle);
		if (item.organisationId) titles.set(item.organisationId, item.organisationName ?? '');
	}
	const result = {} as Record<Facet, FacetValue[]>;
	for (const facet of FACETS) {
		const counts = new Map<string, number>();
		for (const item of found) {
			if (!FACETS.every((other) => other === facet || matchesFacet(item, other, filters[other])))
				continue;
			for (const value of new Set(valuesOf(item, facet)))
				counts.set(value, (counts.get(value) ?? 0) + 1);
		}
		const selected = filters[facet];
		if (selected !== '' && !counts.has(selected)) counts.set(selected, 0);
		const order = FIXED_ORDER[facet];
		const values = [...counts.keys()].sort((a, b) => {
			if (order) return order.indexOf(a) - order.indexOf(b);
			if (facet === 'annee') return b.localeCompare(a);
			return (titles.get(a) ?? a).localeCompare(titles.get(b) ?? b, 'fr');
		});
		result[facet] = values.map((value) => ({
			value,
			count: counts.get(value)!,
			selected: value === selected
		}));
	}
	return result;
}

export interface CitationParts {
	/** The stable URL of the published version. */
	url: string;
	/** Who publishes (the resource centre's name). */
	publisher: string;
	kindLabel: string;
	/** The publication date as the reader's language writes it. */
	date: string;
	locale: 'fr' | 'en';
}

/**
 * The line to cite a published version: the experiment (and its territory) as collective author,
 * the year, the title, the kind, the publisher, the version's date, the licence and the URL.
 */
export function citation(item: ResourceItem, parts: CitationParts): string {
	const collective = item.territoryName
		? `${item.experimentTitle} (${item.territoryName})`
		: item.experimentTitle;
	const author = item.authors || collective;
	const title = parts.locale === 'fr' ? `« ${item.title} »` : `“${item.title}”`;
	const version = parts.locale === 'fr' ? `version du ${parts.date}` : `version of ${parts.date}`;
	return `${author}, ${yearOf(item)}. ${title}, ${parts.kindLabel.toLowerCase()}, ${version}. ${parts.publisher}. ${LICENCE_INFO[item.licence].name}. ${parts.url}`;
}

/** Path of the stable page of one published version. */
export const versionPath = (slug: string, versionId: string) =>
	`/public/${slug}/versions/${versionId}`;

export interface FeedEntry {
	/** The stable URL of the version: a new version is a new entry. */
	id: string;
	link: string;
	title: string;
	description: string;
	date: Date;
	categories: string[];
	licenceUrl: string;
}

/** Feed entries for items (already filtered and ordered), newest publications first, at most `limit`. */
export function feedEntries(
	items: readonly ResourceItem[],
	origin: string,
	labels: { kind: (kind: string) => string; enjeu: (enjeu: string) => string },
	limit = 50
): FeedEntry[] {
	return [...items]
		.sort(newestFirst)
		.slice(0, limit)
		.map((item) => {
			const url = origin + versionPath(item.slug, item.versionId);
			return {
				id: url,
				link: url,
				title: item.title,
				description: item.summary || `${item.experimentTitle} — ${labels.kind(item.kind)}`,
				date: new Date(item.publishedAt),
				categories: [
					labels.kind(item.kind),
					...item.enjeux.map(labels.enjeu),
					...(item.organisationName ? [item.organisationName] : [])
				],
				licenceUrl: LICENCE_INFO[item.licence].url
			};
		});
}
