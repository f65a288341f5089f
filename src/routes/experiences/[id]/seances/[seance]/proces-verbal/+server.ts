/**
 * `GET /experiences/<id>/seances/<id>/proces-verbal?format=pdf|docx` — the procès-verbal of a
 * closed séance, built now from what the séance holds (src/lib/server/seances/record.ts).
 * Readers of the experiment only.
 */
import { error } from '@sveltejs/kit';
import { getLocale } from '$lib/paraglide/runtime';
import { m } from '$lib/paraglide/messages';
import { slugify } from '$lib/domain/versions';
import { adminPocketBase } from '$lib/server/pocketbase';
import { orNullIfMissing } from '$lib/server/pb-errors';
import { seanceAccess } from '$lib/server/seances/access';
import { RECORD_TYPES, recordFile } from '$lib/server/seances/record';
import { recordLabels } from '$lib/server/seances/record-labels';
import { recordQuery } from '$lib/schemas/minutes';
import { invalidInput, parseForm } from '$lib/server/input';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async ({ locals, params, url }) => {
	const query = parseForm(recordQuery, url.searchParams);
	if (!query.ok) return invalidInput(query.errors);
	const { format } = query.data;
	await seanceAccess(locals.pb, params.id, locals.user!.id);
	const seance = await orNullIfMissing(locals.pb.collection('seances').getOne(params.seance));
	if (!seance || seance.experiment !== params.id) error(404, { message: 'Not found' });
	if (seance.status !== 'closed') error(409, { message: m.minutes_not_closed_yet() });
	const { title, body } = await recordFile(await adminPocketBase(), {
		experimentId: params.id,
		seanceId: seance.id,
		locale: getLocale() === 'en' ? 'en' : 'fr',
		labels: { ...recordLabels(), record: m.minutes_record() },
		format,
		now: new Date()
	});
	return new Response(new Blob([body as BlobPart]), {
		headers: {
			'content-type': RECORD_TYPES[format],
			'content-disposition': `attachment; filename="${slugify(title)}.${format}"`,
			'cache-control': 'private, no-store'
		}
	});
};
