/**
 * What may be put in a document: image and file types (checked on the file's own bytes, not on
 * its name), size caps, and the errors a person sees. Pure: the server's inspection
 * (src/lib/server/files/inspect.ts) decides the detected type, this module what is allowed.
 */

export const IMAGE_MAX_BYTES = 15 * 1024 * 1024;
export const FILE_MAX_BYTES = 25 * 1024 * 1024;
/** Larger images are refused (a small file can decode to a huge bitmap). */
export const IMAGE_MAX_PIXELS = 60_000_000;

export type MediaKind = 'image' | 'file';

/** Accepted types by detected MIME type, with the extensions a file of that type may carry. */
export const ACCEPTED: Readonly<
	Record<string, { kind: MediaKind; extensions: readonly string[] }>
> = {
	'image/png': { kind: 'image', extensions: ['png'] },
	'image/jpeg': { kind: 'image', extensions: ['jpg', 'jpeg'] },
	'image/webp': { kind: 'image', extensions: ['webp'] },
	'image/gif': { kind: 'image', extensions: ['gif'] },
	'image/svg+xml': { kind: 'image', extensions: ['svg'] },
	'application/pdf': { kind: 'file', extensions: ['pdf'] },
	'application/vnd.oasis.opendocument.text': { kind: 'file', extensions: ['odt'] },
	'application/vnd.oasis.opendocument.spreadsheet': { kind: 'file', extensions: ['ods'] },
	'application/vnd.openxmlformats-officedocument.wordprocessingml.document': {
		kind: 'file',
		extensions: ['docx']
	},
	'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': {
		kind: 'file',
		extensions: ['xlsx']
	},
	'text/csv': { kind: 'file', extensions: ['csv'] }
};

/** For file pickers (`accept`). */
export const IMAGE_ACCEPT = Object.entries(ACCEPTED)
	.filter(([, a]) => a.kind === 'image')
	.flatMap(([mime, a]) => [mime, ...a.extensions.map((e) => `.${e}`)])
	.join(',');
export const FILE_ACCEPT = Object.entries(ACCEPTED)
	.filter(([, a]) => a.kind === 'file')
	.flatMap(([, a]) => a.extensions.map((e) => `.${e}`))
	.join(',');

export type FileErrorCode =
	| 'file_missing'
	| 'file_empty'
	| 'file_too_large'
	| 'image_too_large'
	| 'file_type'
	| 'file_disguised'
	| 'image_corrupt'
	| 'image_dimensions'
	| 'svg_unsafe';

export type FileCheck =
	{ ok: true; kind: MediaKind; mime: string } | { ok: false; error: FileErrorCode };

export function extensionOf(name: string): string {
	const dot = name.lastIndexOf('.');
	return dot < 0 ? '' : name.slice(dot + 1).toLowerCase();
}

/**
 * Decides on an upload from its name, size and the type read from its bytes (`detected`: null
 * when the bytes match no known type). The name's extension must agree with the bytes: a PDF
 * renamed `.png`, or an executable renamed `.pdf`, is refused as disguised.
 */
export function checkUpload(input: {
	name: string;
	size: number;
	detected: string | null;
}): FileCheck {
	if (input.size === 0) return { ok: false, error: 'file_empty' };
	const extension = extensionOf(input.name);
	const claimed = Object.entries(ACCEPTED).find(([, a]) => a.extensions.includes(extension));
	if (!claimed) return { ok: false, error: 'file_type' };
	const [claimedMime, accepted] = claimed;
	if (input.detected !== claimedMime) return { ok: false, error: 'file_disguised' };
	const max = accepted.kind === 'image' ? IMAGE_MAX_BYTES : FILE_MAX_BYTES;
	if (input.size > max)
		return { ok: false, error: accepted.kind === 'image' ? 'image_too_large' : 'file_too_large' };
	return { ok: true, kind: accepted.kind, mime: claimedMime };
}

/** A safe download name: no path, no control characters, at most 255 characters. */
export function cleanFileName(name: string): string {
	const base = name.split(/[\\/]/).pop() ?? '';
	// eslint-disable-next-line no-control-regex
	const cleaned = base.replace(/[\u0000-\u001f\u007f"<>|:*?]/g, '').trim();
	return (cleaned || 'fichier').slice(-255);
}
