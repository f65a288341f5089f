/**
 * What the public page of a published version shows (/public/<slug> and its stable version URLs
 * /public/<slug>/versions/<id>): the version's text, its licence, summary, citation line, the
 * other versions published, Open Graph and schema.org facts; or the notice of a withdrawal.
 */
import { error } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages';
import { getLocale } from '$lib/paraglide/runtime';
import { formatDate } from '$lib/i18n/format';
import { enjeuLabel, kindLabel, territoryLabel } from '$lib/i18n/labels';
import { publicFileUrl } from '$lib/editor/media/urls';
import { citation, LICENCE_INFO, versionPath, type ResourceItem } from '$lib/domain/resources';
import type {
	DocumentsRecord,
	ExperimentsRecord,
	OrganisationsRecord
} from '$lib/pocketbase/types';
import { buildExport, exportLabels } from '../export/service';
import { adminPocketBase } from '../pocketbase';
import { publicPage } from '../review/publication';

export async function loadPublicPage(slug: string, versionId: string | null, origin: string) {
	const admin = await adminPocketBase();
	const page = await publicPage(admin, slug, versionId);
	if (!page) error(404, { message: 'Not found' });
	const locale = getLocale();
	if (page.state === 'withdrawn') {
		return {
			withdrawn: {
				title: page.title,
				date: formatDate(page.withdrawnAt, locale)
			},
			published: null
		};
	}
	const [doc, document, experiment, versions] = await Promise.all([
		buildExport(
			admin,
			{ documentId: page.documentId, experimentId: page.experimentId },
			{
				versionId: page.versionId,
				withComments: false,
				now: new Date(),
				// Dates and amounts typed in structured parts, written out as a reader reads them.
				readerValues: true,
				// Files of the published version only (see public/[slug]/fichiers).
				assets: {
					mode: 'link',
					imageSrc: (key) => publicFileUrl(slug, key, 960),
					fileHref: (key) => publicFileUrl(slug, key)
				}
			}
		),
		admin.collection('documents').getOne<DocumentsRecord>(page.documentId),
		admin
			.collection('experiments')
			.getOne<ExperimentsRecord & { expand?: { organisation?: OrganisationsRecord } }>(
				page.experimentId,
				{ expand: 'organisation' }
			),
		admin.collection('doc_versions').getFullList({
			filter: [page.currentVersionId, ...page.pastVersionIds]
				.map((id) => admin.filter('id = {:id}', { id }))
				.join(' || '),
			fields: 'id,created',
			sort: '-created'
		})
	]);
	const isCurrent = page.versionId === page.currentVersionId;
	const versionCreated = versions.find((v) => v.id === page.versionId)?.created ?? page.publishedAt;
	// The current version's date is its publication; an earlier one's, when it was saved.
	const date = isCurrent ? page.publishedAt : versionCreated;
	// An editorial proposal's facts win over the experiment's.
	const enjeux = page.facts.enjeux.length > 0 ? page.facts.enjeux : (experiment.enjeux ?? []);
	const territoryType = page.facts.territoryType || (experiment.territory_type ?? '');
	const item: ResourceItem = {
		slug,
		versionId: page.versionId,
		title: document.title,
		kind: document.kind,
		summary: page.summary,
		licence: page.licence,
		enjeux,
		territoryType,
		territoryName: experiment.territory_name ?? '',
		experimentId: experiment.id,
		experimentTitle: experiment.title,
		publishedAt: date,
		text: '',
		year: page.facts.year,
		authors: page.facts.authors
	};
	const stableUrl = origin + versionPath(slug, page.versionId);
	const licence = LICENCE_INFO[page.licence];
	const dateLabel = formatDate(date, locale);
	const publisher = m.labo_publisher();
	return {
		withdrawn: null,
		published: {
			// Search engines only where the organisation allowed them (noindex until then).
			indexable: experiment.expand?.organisation?.indexable === true,
			doc,
			labels: exportLabels(),
			title: document.title,
			summary: page.summary,
			kind: kindLabel(document.kind),
			experiment: experiment.title,
			territory: [experiment.territory_name, territoryLabel(territoryType)]
				.filter(Boolean)
				.join(' — '),
			enjeux: enjeux.map(enjeuLabel),
			licence,
			dateLabel,
			isCurrent,
			slug,
			stableUrl,
			canonical: isCurrent ? `${origin}/public/${slug}` : stableUrl,
			citation: citation(item, {
				url: stableUrl,
				publisher,
				kindLabel: kindLabel(document.kind),
				date: dateLabel,
				locale
			}),
			versions: versions.map((v) => ({
				id: v.id,
				label: m.labo_version_of({
					date: formatDate(v.id === page.currentVersionId ? page.publishedAt : v.created, locale)
				}),
				current: v.id === page.currentVersionId,
				shown: v.id === page.versionId
			})),
			jsonLd: {
				'@context': 'https://schema.org',
				'@type': 'CreativeWork',
				name: document.title,
				abstract: page.summary || undefined,
				genre: kindLabel(document.kind),
				inLanguage: 'fr',
				url: stableUrl,
				datePublished: date.slice(0, 10),
				license: licence.url,
				keywords: enjeux.map(enjeuLabel).join(', ') || undefined,
				author: page.facts.authors
					? page.facts.authors.split(',').map((name) => ({ '@type': 'Person', name: name.trim() }))
					: { '@type': 'Organization', name: experiment.title },
				spatialCoverage: experiment.territory_name
					? { '@type': 'Place', name: experiment.territory_name }
					: undefined,
				publisher: { '@type': 'Organization', name: publisher },
				isAccessibleForFree: true
			}
		}
	};
}

export type PublicPageData = Awaited<ReturnType<typeof loadPublicPage>>;
