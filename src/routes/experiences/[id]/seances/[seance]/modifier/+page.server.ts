import { error, redirect } from '@sveltejs/kit';
import { instantToParis } from '$lib/domain/seances/seance';
import { seance } from '$lib/schemas/seances';
import { fieldMessage } from '$lib/schemas/messages';
import { formFailure, parseForm, writeFailure } from '$lib/server/input';
import { experimentMembers } from '$lib/server/members';
import { orNullIfMissing } from '$lib/server/pb-errors';
import { adminPocketBase } from '$lib/server/pocketbase';
import { requireFacilitate, seanceAccess } from '$lib/server/seances/access';
import { seanceBody } from '$lib/server/seances/form';
import { invitedSeance, sendInvitations } from '$lib/server/seances/invitations';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, params }) => {
	const access = await seanceAccess(locals.pb, params.id, locals.user!.id);
	requireFacilitate(access);
	const record = await orNullIfMissing(locals.pb.collection('seances').getOne(params.seance));
	if (!record || record.experiment !== params.id) error(404, { message: 'Not found' });
	const paris = instantToParis(new Date(record.starts_at.replace(' ', 'T')));
	return {
		experiment: access.experiment,
		seance: { id: record.id, title: record.title },
		members: await experimentMembers(await adminPocketBase(), params.id),
		values: {
			title: record.title,
			startsOn: paris.date,
			startsTime: paris.time,
			durationMinutes: record.duration_minutes ?? 0,
			place: record.place ?? '',
			visioUrl: record.visio_url ?? '',
			quorum: record.quorum ?? 0,
			facilitator: record.facilitator ?? '',
			secretary: record.secretary ?? '',
			invitees: record.invitees ?? []
		}
	};
};

export const actions: Actions = {
	default: async ({ request, locals, params, url }) => {
		const input = parseForm(seance, await request.formData());
		if (!input.ok) return formFailure(input.errors, { values: input.values });
		const members = await experimentMembers(await adminPocketBase(), params.id);
		if (!input.data.invitees.every((id) => members.some((mb) => mb.id === id)))
			return formFailure(
				{ invitees: { code: 'choice', message: fieldMessage('choice')! } },
				{ values: input.data }
			);
		const body = seanceBody(input.data);
		if (!body)
			return formFailure(
				{ startsOn: { code: 'date', message: fieldMessage('date')! } },
				{ values: input.data }
			);
		const record = await orNullIfMissing(locals.pb.collection('seances').getOne(params.seance));
		if (!record || record.experiment !== params.id) error(404, { message: 'Not found' });
		try {
			await locals.pb.collection('seances').update(params.seance, body);
		} catch (e) {
			return writeFailure(e, { schema: seance, collection: 'seances', values: input.data });
		}
		await sendInvitations(await adminPocketBase(), {
			seanceId: params.seance,
			before: invitedSeance(record),
			actorId: locals.user!.id,
			origin: url.origin
		});
		redirect(303, `/experiences/${params.id}/seances/${params.seance}`);
	}
};
