/**
 * `GET /documents/<id>/export?format=md|docx|odt|pdf[&version=<id>][&commentaires=1][&suggestions=1]`
 * (suggestions: pending suggestions as Word tracked changes in DOCX, marked in PDF) — the document
 * (or one of its versions) exported from its stored state. Readers only; the format's code is
 * loaded only when asked for.
 */
import { error } from '@sveltejs/kit';
import { getLocale } from '$lib/paraglide/runtime';
import { slugify } from '$lib/domain/versions';
import { adminPocketBase } from '$lib/server/pocketbase';
import { reviewContext } from '$lib/server/review/context';
import { ReviewError } from '$lib/server/review/errors';
import { reviewErrorText } from '$lib/review/errors';
import { buildExport, exportLabels } from '$lib/server/export/service';
import { fileUrl } from '$lib/editor/media/urls';
import { exportQuery } from '$lib/schemas/review';
import { invalidInput, parseForm } from '$lib/server/input';
import type { RequestHandler } from './$types';

const TYPES: Record<'md' | 'docx' | 'odt' | 'pdf', string> = {
	md: 'text/markdown; charset=utf-8',
	docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
	odt: 'application/vnd.oasis.opendocument.text',
	pdf: 'application/pdf'
};

export const GET: RequestHandler = async ({ locals, params, url }) => {
	const query = parseForm(exportQuery, url.searchParams);
	if (!query.ok) return invalidInput(query.errors);
	const { format, version, commentaires, suggestions } = query.data;
	const admin = await adminPocketBase();
	let ctx;
	try {
		ctx = await reviewContext(admin, params.id, locals.user!.id);
	} catch (e) {
		if (e instanceof ReviewError) error(404, { message: 'Not found' });
		throw e;
	}
	let doc;
	try {
		doc = await buildExport(admin, ctx, {
			versionId: version || null,
			withComments: commentaires === '1',
			withSuggestions: suggestions === '1' && (format === 'docx' || format === 'pdf'),
			now: new Date(),
			readerValues: format === 'pdf',
			// PDF and DOCX carry their images; Markdown links to them (members only).
			assets:
				format === 'md'
					? {
							mode: 'link',
							imageSrc: (key) => url.origin + fileUrl(ctx.documentId, key, 960),
							fileHref: (key) => url.origin + fileUrl(ctx.documentId, key)
						}
					: {
							mode: 'embed',
							documentId: ctx.documentId,
							fileHref: (key) => url.origin + fileUrl(ctx.documentId, key)
						}
		});
	} catch (e) {
		if (e instanceof ReviewError) error(e.status, { message: reviewErrorText(e) });
		throw e;
	}
	const labels = exportLabels();
	let body: Uint8Array | string;
	if (format === 'md') {
		body = (await import('$lib/server/export/markdown')).toMarkdown(doc, labels);
	} else if (format === 'docx') {
		body = await (await import('$lib/server/export/docx')).toDocx(doc, labels);
	} else if (format === 'odt') {
		const docx = await (await import('$lib/server/export/docx')).toDocx(doc, labels);
		const odt = await (await import('$lib/server/export/odt')).docxToOdt(docx);
		if (!odt) error(503, { message: 'odt_unavailable' });
		body = odt;
	} else {
		body = await (await import('$lib/server/export/pdf')).toPdf(doc, labels, getLocale());
	}
	const filename = `${slugify(doc.title)}.${format}`;
	return new Response(typeof body === 'string' ? body : new Blob([body as BlobPart]), {
		headers: {
			'content-type': TYPES[format],
			'content-disposition': `attachment; filename="${filename}"`,
			'cache-control': 'private, no-store'
		}
	});
};
