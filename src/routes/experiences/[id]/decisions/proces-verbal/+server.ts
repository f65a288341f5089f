/**
 * `GET /experiences/<id>/decisions/proces-verbal?format=docx|pdf[&decision=<id>][&q&kind&outcome&due]`
 * — the procès-verbal of the register (filtered like the page), or of one decision. Read with the
 * user's own PocketBase client: the `decisions` rule decides what is in it.
 */
import { error } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages';
import { filterFrom, listRegister } from '$lib/server/governance/register';
import { parisToday } from '$lib/server/governance/reminders-app';
import { PV_TYPES, procesVerbalFile } from '$lib/server/governance/proces-verbal-app';
import { procesVerbalQuery } from '$lib/schemas/governance';
import { invalidInput, parseForm } from '$lib/server/input';
import { orNullIfMissing } from '$lib/server/pb-errors';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async ({ params, locals, url }) => {
	const query = parseForm(procesVerbalQuery, url.searchParams);
	if (!query.ok) return invalidInput(query.errors);
	const { format, decision: decisionId } = query.data;
	const experiment = await orNullIfMissing(
		locals.pb.collection('experiments').getOne(params.id, { fields: 'id' })
	);
	if (!experiment) error(404, { message: 'Not found' });
	let entries = await listRegister(
		locals.pb,
		params.id,
		decisionId ? { today: parisToday() } : filterFrom(url, parisToday())
	);
	if (decisionId) {
		entries = entries.filter((e) => e.id === decisionId);
		if (entries.length === 0) error(404, { message: 'Not found' });
	}
	const now = new Date();
	const subject = decisionId
		? entries[0]!.title
		: m.gov_pv_subject_register({ count: entries.length });
	const body = await procesVerbalFile(locals.pb, params.id, entries, {
		format,
		subject,
		now
	});
	const name = decisionId
		? `proces-verbal-${decisionId}`
		: `proces-verbal-registre-${params.id}-${now.toISOString().slice(0, 10)}`;
	return new Response(new Blob([body as BlobPart]), {
		headers: {
			'content-type': PV_TYPES[format],
			'content-disposition': `attachment; filename="${name}.${format}"`,
			'cache-control': 'private, no-store'
		}
	});
};
