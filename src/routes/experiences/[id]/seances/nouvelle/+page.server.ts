import { redirect } from '@sveltejs/kit';
import { seance } from '$lib/schemas/seances';
import { fieldMessage } from '$lib/schemas/messages';
import { formFailure, parseForm, writeFailure } from '$lib/server/input';
import { experimentMembers } from '$lib/server/members';
import { adminPocketBase } from '$lib/server/pocketbase';
import { requireFacilitate, seanceAccess } from '$lib/server/seances/access';
import { seanceBody } from '$lib/server/seances/form';
import { sendInvitations } from '$lib/server/seances/invitations';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, params }) => {
	const access = await seanceAccess(locals.pb, params.id, locals.user!.id);
	requireFacilitate(access);
	return {
		experiment: access.experiment,
		members: await experimentMembers(await adminPocketBase(), params.id),
		me: locals.user!.id
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
		let id: string;
		try {
			const created = await locals.pb.collection('seances').create({
				...body,
				experiment: params.id,
				status: 'planned',
				attendance: {},
				created_by: locals.user!.id
			});
			id = created.id;
		} catch (error) {
			return writeFailure(error, { schema: seance, collection: 'seances', values: input.data });
		}
		await sendInvitations(await adminPocketBase(), {
			seanceId: id,
			before: null,
			actorId: locals.user!.id,
			origin: url.origin
		});
		redirect(303, `/experiences/${params.id}/seances/${id}`);
	}
};
