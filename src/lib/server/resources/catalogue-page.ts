/**
 * The catalogue's view (`/ressources` and its embeddable list): the items found, each facet's
 * values with counts and links, the feeds and the embed code, all labelled on the server.
 */
import { m } from '$lib/paraglide/messages';
import { getLocale } from '$lib/paraglide/runtime';
import { formatDate } from '$lib/i18n/format';
import { enjeuLabel, kindLabel, territoryLabel } from '$lib/i18n/labels';
import {
	facetCounts,
	FACETS,
	filterResources,
	filtersQuery,
	LICENCE_INFO,
	type Facet,
	type ResourceFilters
} from '$lib/domain/resources';
import { adminPocketBase } from '../pocketbase';
import { loadResources } from './catalogue';

const FACET_TITLE: Record<Facet, () => string> = {
	kind: m.labo_facet_kind,
	enjeu: m.labo_facet_enjeu,
	territoire: m.labo_facet_territoire,
	annee: m.labo_facet_annee,
	organisation: m.editorial_facet_organisation,
	experience: m.labo_facet_experience
};

export async function catalogueView(filters: ResourceFilters, origin: string) {
	const items = await loadResources(await adminPocketBase());
	const found = filterResources(items, filters);
	const counts = facetCounts(items, filters);
	const experiments = new Map(items.map((item) => [item.experimentId, item.experimentTitle]));
	const organisations = new Map(
		items.map((item) => [item.organisationId ?? '', item.organisationName ?? ''])
	);
	const valueLabel: Record<Facet, (value: string) => string> = {
		kind: kindLabel,
		enjeu: enjeuLabel,
		territoire: territoryLabel,
		annee: (value) => value,
		organisation: (value) => organisations.get(value) ?? value,
		experience: (value) => experiments.get(value) ?? value
	};
	/** The query string of the catalogue with one facet changed (links of the facets). */
	const queryWith = (change: Partial<ResourceFilters>) => filtersQuery({ ...filters, ...change });
	const query = filtersQuery(filters);
	const locale = getLocale();
	return {
		filters,
		total: items.length,
		items: found.map((item) => ({
			slug: item.slug,
			title: item.title,
			summary: item.summary,
			kind: kindLabel(item.kind),
			experiment: item.experimentTitle,
			territory: [item.territoryName, territoryLabel(item.territoryType)]
				.filter(Boolean)
				.join(' — '),
			enjeux: item.enjeux.map(enjeuLabel),
			date: formatDate(item.publishedAt, locale),
			datetime: item.publishedAt.slice(0, 10),
			licence: LICENCE_INFO[item.licence]
		})),
		facets: FACETS.filter((facet) => counts[facet].length > 0).map((facet) => ({
			facet,
			title: FACET_TITLE[facet](),
			values: counts[facet].map((value) => ({
				...value,
				label: valueLabel[facet](value.value),
				query: queryWith({ [facet]: value.selected ? '' : value.value })
			}))
		})),
		active: FACETS.filter((facet) => filters[facet] !== '').map((facet) => ({
			label: m.labo_filter_label({
				facet: FACET_TITLE[facet](),
				value: valueLabel[facet](filters[facet])
			}),
			query: queryWith({ [facet]: '' })
		})),
		query,
		embedUrl: `${origin}/ressources/integrer${query}`,
		jsonLd: {
			'@context': 'https://schema.org',
			'@type': 'CollectionPage',
			name: m.labo_catalogue_title(),
			description: m.labo_catalogue_intro(),
			url: `${origin}/ressources`,
			mainEntity: {
				'@type': 'ItemList',
				numberOfItems: found.length,
				itemListElement: found.slice(0, 50).map((item, index) => ({
					'@type': 'ListItem',
					position: index + 1,
					url: `${origin}/public/${item.slug}`,
					name: item.title
				}))
			}
		}
	};
}

export type CatalogueView = Awaited<ReturnType<typeof catalogueView>>;
