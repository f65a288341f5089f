/**
 * The resource centre's items: every publication that is not withdrawn, at its current version,
 * with its document and experiment facts. Read with the superuser client (publications are
 * superuser only); only published facts leave here (never the draft, never members).
 */
import type {
	DocumentsRecord,
	ExperimentsRecord,
	OrganisationsRecord,
	PublicationsRecord,
	TypedPocketBase
} from '../../pocketbase/types';
import { licenceOf, type ResourceItem } from '../../domain/resources';

type Expanded = PublicationsRecord & {
	expand?: {
		document?: DocumentsRecord & {
			expand?: {
				experiment?: ExperimentsRecord & { expand?: { organisation?: OrganisationsRecord } };
			};
		};
	};
};

export async function loadResources(admin: TypedPocketBase): Promise<ResourceItem[]> {
	const records = await admin.collection('publications').getFullList<Expanded>({
		filter: 'withdrawn_at = ""',
		expand: 'document.experiment.organisation',
		batch: 500
	});
	return records.flatMap((record) => {
		const document = record.expand?.document;
		const experiment = document?.expand?.experiment;
		if (!document || !experiment) return [];
		return [
			{
				slug: record.slug,
				versionId: record.version,
				title: document.title,
				kind: document.kind,
				summary: record.summary,
				licence: licenceOf(record.licence),
				// An editorial proposal's facts win over the experiment's.
				enjeux: record.enjeux?.length ? record.enjeux : (experiment.enjeux ?? []),
				territoryType: record.territory_type || (experiment.territory_type ?? ''),
				territoryName: experiment.territory_name ?? '',
				experimentId: experiment.id,
				experimentTitle: experiment.title,
				organisationId: experiment.organisation ?? '',
				organisationName: experiment.expand?.organisation?.name ?? '',
				indexable: experiment.expand?.organisation?.indexable === true,
				publishedAt: record.published_at || record.updated,
				text: record.search_text ?? '',
				year: record.year ? String(record.year) : '',
				authors: record.authors ?? ''
			}
		];
	});
}
