/** `GET /experiences/<id>/decisions/export.csv[?q&kind&outcome&due]` — the register as CSV. */
import { error } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages';
import {
	objectionStatusLabel,
	outcomeLabel,
	roundKindLabel
} from '$lib/components/governance/labels';
import { filterFrom, listRegister, registerCsv } from '$lib/server/governance/register';
import { orNullIfMissing } from '$lib/server/pb-errors';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async ({ params, locals, url }) => {
	const experiment = await orNullIfMissing(
		locals.pb.collection('experiments').getOne(params.id, { fields: 'id,title' })
	);
	if (!experiment) error(404, { message: 'Not found' });
	const entries = await listRegister(locals.pb, params.id, filterFrom(url));
	const csv = registerCsv(entries, {
		headers: [
			m.gov_csv_date(),
			m.gov_csv_kind(),
			m.gov_csv_outcome(),
			m.gov_csv_title(),
			m.gov_csv_section(),
			m.gov_csv_text(),
			m.gov_csv_version(),
			m.gov_csv_hash(),
			m.gov_csv_review(),
			m.gov_csv_present(),
			m.gov_csv_concerns(),
			m.gov_csv_objections(),
			m.gov_csv_elected(),
			m.gov_csv_term_start(),
			m.gov_csv_term_end(),
			m.gov_csv_reason()
		],
		kind: roundKindLabel,
		outcome: outcomeLabel,
		objectionStatus: objectionStatusLabel
	});
	const day = new Date().toISOString().slice(0, 10);
	return new Response(csv, {
		headers: {
			'content-type': 'text/csv; charset=utf-8',
			'content-disposition': `attachment; filename="registre-decisions-${params.id}-${day}.csv"`,
			'cache-control': 'private, no-store'
		}
	});
};
