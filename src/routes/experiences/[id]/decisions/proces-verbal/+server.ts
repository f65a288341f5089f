/**
 * `GET /experiences/<id>/decisions/proces-verbal?format=docx|pdf[&decision=<id>][&q&kind&outcome&due]`
 * — the procès-verbal of the register (filtered like the page), or of one decision. Read with the
 * user's own PocketBase client: the `decisions` rule decides what is in it.
 */
import { error } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages';
import { filterFrom, listRegister } from '$lib/server/governance/register';
import { organisationToday } from '$lib/server/governance/reminders-app';
import {
	PV_TYPES,
	procesVerbalFile,
	type PvFormat
} from '$lib/server/governance/proces-verbal-app';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async ({ params, locals, url }) => {
	const format = url.searchParams.get('format');
	if (format !== 'docx' && format !== 'pdf') error(400, { message: 'format' });
	const experiment = await locals.pb
		.collection('experiments')
		.getOne(params.id, { fields: 'id' })
		.catch(() => null);
	if (!experiment) error(404, { message: 'Not found' });
	const decisionId = url.searchParams.get('decision');
	let entries = await listRegister(
		locals.pb,
		params.id,
		decisionId ? { today: organisationToday() } : filterFrom(url, organisationToday())
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
		format: format as PvFormat,
		subject,
		now
	});
	const name = decisionId
		? `proces-verbal-${decisionId}`
		: `proces-verbal-registre-${params.id}-${now.toISOString().slice(0, 10)}`;
	return new Response(new Blob([body as BlobPart]), {
		headers: {
			'content-type': PV_TYPES[format as PvFormat],
			'content-disposition': `attachment; filename="${name}.${format}"`,
			'cache-control': 'private, no-store'
		}
	});
};
