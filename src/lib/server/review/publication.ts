/**
 * Publication of one version of a document to a public, read-only page (`/public/<slug>`) for
 * the resource centre. Only the published version is ever shown there: not the live draft, not
 * comments. Editors publish and unpublish; the slug stays stable across re-publications.
 */
import { orNullIfMissing } from '../pb-errors';
import type { TypedPocketBase } from '../../pocketbase/types';
import { slugify } from '../../domain/versions';
import type { PublicationsRecord } from '../../pocketbase/types';
import type { ReviewContext } from './context';
import { ReviewError } from './errors';
import { versionRecord } from './versions';

export interface PublicationView {
	slug: string;
	versionId: string;
	updated: string;
}

function view(record: PublicationsRecord): PublicationView {
	return { slug: record.slug, versionId: record.version, updated: record.updated };
}

export async function currentPublication(
	admin: TypedPocketBase,
	documentId: string
): Promise<PublicationView | null> {
	const record = await orNullIfMissing(
		admin
			.collection('publications')
			.getFirstListItem(admin.filter('document = {:d}', { d: documentId }))
	);
	return record ? view(record) : null;
}

async function freeSlug(admin: TypedPocketBase, base: string): Promise<string> {
	for (let n = 1; n < 50; n++) {
		const slug = n === 1 ? base : `${base}-${n}`;
		const taken = await orNullIfMissing(
			admin.collection('publications').getFirstListItem(admin.filter('slug = {:slug}', { slug }))
		);
		if (!taken) return slug;
	}
	throw new ReviewError('unavailable');
}

export async function publishVersion(
	admin: TypedPocketBase,
	ctx: ReviewContext,
	versionId: unknown
): Promise<PublicationView> {
	if (!ctx.rights.edit) throw new ReviewError('forbidden');
	if (typeof versionId !== 'string') throw new ReviewError('invalid_input');
	await versionRecord(admin, ctx, versionId);
	const existing = await orNullIfMissing(
		admin
			.collection('publications')
			.getFirstListItem(admin.filter('document = {:d}', { d: ctx.documentId }))
	);
	if (existing) {
		return view(
			await admin
				.collection('publications')
				.update(existing.id, { version: versionId, published_by: ctx.userId })
		);
	}
	const doc = await admin.collection('documents').getOne(ctx.documentId, { fields: 'title' });
	const slug = await freeSlug(admin, slugify(String(doc.title)));
	return view(
		await admin.collection('publications').create({
			document: ctx.documentId,
			version: versionId,
			slug,
			published_by: ctx.userId
		})
	);
}

export async function unpublish(admin: TypedPocketBase, ctx: ReviewContext): Promise<void> {
	if (!ctx.rights.edit) throw new ReviewError('forbidden');
	const existing = await currentPublication(admin, ctx.documentId);
	if (!existing) throw new ReviewError('not_published');
	const record = await admin
		.collection('publications')
		.getFirstListItem(admin.filter('slug = {:slug}', { slug: existing.slug }));
	await admin.collection('publications').delete(record.id);
}

/** The published version of a slug: the document, its experiment and the version id. */
export async function publicationBySlug(
	admin: TypedPocketBase,
	slug: string
): Promise<{ documentId: string; experimentId: string; versionId: string } | null> {
	if (!/^[a-z0-9]+(?:-[a-z0-9]+)*$/.test(slug) || slug.length > 120) return null;
	const record = await orNullIfMissing(
		admin
			.collection('publications')
			.getFirstListItem<PublicationsRecord & { expand?: { document?: { experiment?: string } } }>(
				admin.filter('slug = {:slug}', { slug }),
				{ expand: 'document' }
			)
	);
	const experimentId = record?.expand?.document?.experiment;
	if (!record || !experimentId) return null;
	return { documentId: record.document, experimentId, versionId: record.version };
}
