/**
 * `POST /documents/<id>/fichiers` (multipart, field `file`): an editor adds an image or a file to
 * the document. Checked by its bytes (type, size, decoding; SVG only if safe), images resized;
 * answers the attributes of the node to insert, or `{ error: <code> }` (see domain/files.ts).
 */
import { json } from '@sveltejs/kit';
import { adminPocketBase } from '$lib/server/pocketbase';
import { reviewContext } from '$lib/server/review/context';
import { ReviewError } from '$lib/server/review/errors';
import { FileRejected } from '$lib/server/files/inspect';
import { storeUpload } from '$lib/server/files/store';
import type { RequestHandler } from './$types';

const STATUS: Record<string, number> = {
	file_missing: 400,
	file_empty: 400,
	file_too_large: 413,
	image_too_large: 413,
	image_dimensions: 413,
	file_type: 415,
	file_disguised: 415,
	image_corrupt: 422,
	svg_unsafe: 422
};

export const POST: RequestHandler = async ({ locals, params, request }) => {
	const admin = await adminPocketBase();
	let ctx;
	try {
		ctx = await reviewContext(admin, params.id, locals.user!.id);
	} catch (e) {
		if (e instanceof ReviewError) return json({ error: 'not_found' }, { status: 404 });
		throw e;
	}
	if (!ctx.rights.edit) return json({ error: 'forbidden' }, { status: 403 });
	let file: FormDataEntryValue | null;
	try {
		file = (await request.formData()).get('file');
	} catch {
		return json({ error: 'file_missing' }, { status: 400 });
	}
	if (!(file instanceof File)) return json({ error: 'file_missing' }, { status: 400 });
	try {
		const stored = await storeUpload(admin, {
			documentId: ctx.documentId,
			userId: ctx.userId,
			file
		});
		return json(stored, { status: 201 });
	} catch (error) {
		if (error instanceof FileRejected)
			return json({ error: error.code }, { status: STATUS[error.code] ?? 400 });
		console.error('[files] upload failed', error);
		return json({ error: 'unavailable' }, { status: 503 });
	}
};
