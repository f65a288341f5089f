/**
 * Streams a stored document file to a reader who was allowed by the caller. Images are shown
 * inline; SVG originals and attachments only as downloads, with a CSP that runs nothing, so a
 * file can never act as a page of Trame's origin.
 */
import type PocketBase from 'pocketbase';
import type { DocumentFilesRecord } from '../../pocketbase/types';
import { fetchStoredFile, pickVariant } from './store';

const INLINE = new Set(['image/png', 'image/jpeg', 'image/webp', 'image/gif']);

export function requestedWidth(url: URL): number | null {
	const raw = url.searchParams.get('largeur');
	const width = raw === null ? NaN : Number(raw);
	return Number.isInteger(width) && width > 0 && width <= 10_000 ? width : null;
}

export async function serveFile(
	admin: PocketBase,
	record: DocumentFilesRecord,
	width: number | null,
	cache: 'private' | 'public'
): Promise<Response> {
	const { filename, mime } = pickVariant(record, record.kind === 'image' ? width : null);
	const stored = await fetchStoredFile(admin, record, filename);
	if (!stored.ok || !stored.body) return new Response('Not found', { status: 404 });
	const inline = INLINE.has(mime);
	const encoded = encodeURIComponent(record.name);
	const headers = new Headers({
		'content-type': mime,
		'content-disposition': `${inline ? 'inline' : 'attachment'}; filename*=UTF-8''${encoded}`,
		'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; sandbox",
		'x-content-type-options': 'nosniff',
		// Keys never change content: a private cache for members, a short public one when published.
		'cache-control': cache === 'private' ? 'private, max-age=86400' : 'public, max-age=300'
	});
	const length = stored.headers.get('content-length');
	if (length) headers.set('content-length', length);
	return new Response(stored.body, { status: 200, headers });
}
