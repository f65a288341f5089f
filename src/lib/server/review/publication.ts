/**
 * Publication of one version of a document to a public, read-only page (`/public/<slug>`) for
 * the resource centre. Only the published version is ever shown there: not the live draft, not
 * comments. Organisation editors (the `publish` action) publish and unpublish, after the editorial
 * path (src/lib/domain/editorial.ts) or directly; the slug stays stable across re-publications.
 * A publication carries a licence and a summary (the resource centre, /ressources); each version
 * it ever showed keeps its own page (/public/<slug>/versions/<id>), and unpublishing only marks
 * it withdrawn so that its URLs answer with a notice instead of vanishing.
 */
import { orNullIfMissing } from '../pb-errors';
import type { TypedPocketBase } from '../../pocketbase/types';
import { slugify } from '../../domain/versions';
import { DEFAULT_LICENCE, licenceOf, SEARCH_TEXT_MAX, type Licence } from '../../domain/resources';
import type { PublicationsRecord } from '../../pocketbase/types';
import { textOf } from '../export/model';
import type { ReviewContext } from './context';
import { stateToProseMirror } from './doc-state';
import { ReviewError } from './errors';
import { versionRecord } from './versions';

export interface PublicationView {
	slug: string;
	versionId: string;
	updated: string;
	licence: Licence;
	summary: string;
}

function view(record: PublicationsRecord): PublicationView {
	return {
		slug: record.slug,
		versionId: record.version,
		updated: record.updated,
		licence: licenceOf(record.licence),
		summary: record.summary
	};
}

export interface PublicationDetails {
	licence?: Licence | '';
	summary?: string;
	/** Catalogue facts from an editorial proposal (the experiment's when absent). */
	enjeux?: string[];
	territoryType?: string;
	year?: number;
	authors?: string;
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
	return record && !record.withdrawn_at ? view(record) : null;
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
	versionId: unknown,
	details: PublicationDetails = {}
): Promise<PublicationView> {
	if (!ctx.canPublish) throw new ReviewError('forbidden');
	if (typeof versionId !== 'string') throw new ReviewError('invalid_input');
	const version = await versionRecord(admin, ctx, versionId);
	// The published version's own text, for the catalogue's full-text search (never the draft).
	const text = textOf(stateToProseMirror(new Uint8Array(Buffer.from(version.state, 'base64'))));
	const fields = {
		version: versionId,
		published_by: ctx.userId,
		licence: details.licence || DEFAULT_LICENCE,
		summary: details.summary ?? '',
		enjeux: details.enjeux ?? [],
		territory_type: details.territoryType ?? '',
		year: details.year ?? 0,
		authors: details.authors ?? '',
		published_at: new Date().toISOString(),
		withdrawn_at: '',
		search_text: text.slice(0, SEARCH_TEXT_MAX)
	};
	const existing = await orNullIfMissing(
		admin
			.collection('publications')
			.getFirstListItem(admin.filter('document = {:d}', { d: ctx.documentId }))
	);
	if (existing) {
		// The version shown until now keeps its page, with a "new version" notice.
		const past =
			existing.version === versionId || existing.past_versions.includes(existing.version)
				? existing.past_versions
				: [...existing.past_versions, existing.version];
		return view(
			await admin
				.collection('publications')
				.update(existing.id, { ...fields, past_versions: past.filter((id) => id !== versionId) })
		);
	}
	const doc = await admin.collection('documents').getOne(ctx.documentId, { fields: 'title' });
	const slug = await freeSlug(admin, slugify(String(doc.title)));
	return view(
		await admin.collection('publications').create({ document: ctx.documentId, slug, ...fields })
	);
}

/** Withdraws the publication: its pages then answer with a notice (and nothing of the text). */
export async function unpublish(
	admin: TypedPocketBase,
	ctx: ReviewContext,
	now = new Date()
): Promise<void> {
	if (!ctx.canPublish) throw new ReviewError('forbidden');
	const record = await orNullIfMissing(
		admin
			.collection('publications')
			.getFirstListItem(admin.filter('document = {:d}', { d: ctx.documentId }))
	);
	if (!record || record.withdrawn_at) throw new ReviewError('not_published');
	await admin.collection('publications').update(record.id, { withdrawn_at: now.toISOString() });
}

const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

type PublicationWithDocument = PublicationsRecord & {
	expand?: { document?: { experiment?: string; title?: string } };
};

async function recordBySlug(
	admin: TypedPocketBase,
	slug: string
): Promise<PublicationWithDocument | null> {
	if (!SLUG.test(slug) || slug.length > 120) return null;
	return orNullIfMissing(
		admin
			.collection('publications')
			.getFirstListItem<PublicationWithDocument>(admin.filter('slug = {:slug}', { slug }), {
				expand: 'document'
			})
	);
}

/** The published version of a slug: the document, its experiment and the version id. */
export async function publicationBySlug(
	admin: TypedPocketBase,
	slug: string
): Promise<{ documentId: string; experimentId: string; versionId: string } | null> {
	const record = await recordBySlug(admin, slug);
	const experimentId = record?.expand?.document?.experiment;
	if (!record || !experimentId || record.withdrawn_at) return null;
	return { documentId: record.document, experimentId, versionId: record.version };
}

/** What a public page of a slug shows: a published version, or the notice of a withdrawal. */
export type PublicPage =
	| {
			state: 'published';
			documentId: string;
			experimentId: string;
			/** The version asked for (the current one by default). */
			versionId: string;
			currentVersionId: string;
			pastVersionIds: string[];
			licence: Licence;
			summary: string;
			publishedAt: string;
			/** An editorial proposal's facts (empty when published directly). */
			facts: { enjeux: string[]; territoryType: string; year: string; authors: string };
	  }
	| { state: 'withdrawn'; title: string; withdrawnAt: string };

/**
 * The public page of a slug, at its current version or at one it showed before (`versionId`);
 * null when the slug or that version was never published.
 */
export async function publicPage(
	admin: TypedPocketBase,
	slug: string,
	versionId: string | null = null
): Promise<PublicPage | null> {
	const record = await recordBySlug(admin, slug);
	const document = record?.expand?.document;
	if (!record || !document?.experiment) return null;
	const wanted = versionId ?? record.version;
	if (wanted !== record.version && !record.past_versions.includes(wanted)) return null;
	if (record.withdrawn_at)
		return {
			state: 'withdrawn',
			title: String(document.title ?? ''),
			withdrawnAt: record.withdrawn_at
		};
	return {
		state: 'published',
		documentId: record.document,
		experimentId: document.experiment,
		versionId: wanted,
		currentVersionId: record.version,
		pastVersionIds: record.past_versions,
		licence: licenceOf(record.licence),
		summary: record.summary,
		publishedAt: record.published_at || record.updated,
		facts: {
			enjeux: record.enjeux ?? [],
			territoryType: record.territory_type ?? '',
			year: record.year ? String(record.year) : '',
			authors: record.authors ?? ''
		}
	};
}
