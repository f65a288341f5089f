import { followUpOrder, isOverdue } from '$lib/domain/seances/follow-up';
import { instantToParis } from '$lib/domain/seances/seance';
import { followUpStatus } from '$lib/schemas/seances';
import { formError, formFailure, parseForm, writeFailure } from '$lib/server/input';
import { experimentMembers } from '$lib/server/members';
import { orNullIfMissing } from '$lib/server/pb-errors';
import { adminPocketBase } from '$lib/server/pocketbase';
import { seanceAccess } from '$lib/server/seances/access';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, params }) => {
	const access = await seanceAccess(locals.pb, params.id, locals.user!.id);
	const [actions, members] = await Promise.all([
		locals.pb.collection('follow_ups').getFullList({
			filter: locals.pb.filter('experiment = {:e}', { e: params.id })
		}),
		experimentMembers(await adminPocketBase(), params.id)
	]);
	const names = new Map(members.map((mb) => [mb.id, mb.name]));
	const today = instantToParis(new Date()).date;
	const rows = actions.map((a) => ({
		id: a.id,
		what: a.what,
		ownerId: a.owner,
		owner: names.get(a.owner) ?? '',
		dueDate: a.due_date ?? '',
		status: a.status,
		overdue: isOverdue({ status: a.status, dueDate: a.due_date ?? '' }, today),
		seance: a.seance ?? ''
	}));
	return {
		experiment: access.experiment,
		canFacilitate: access.canFacilitate,
		me: locals.user!.id,
		actions: followUpOrder(rows, today)
	};
};

export const actions: Actions = {
	status: async ({ request, locals, params }) => {
		const input = parseForm(followUpStatus, await request.formData());
		if (!input.ok) return formFailure(input.errors, { action: 'status' });
		await seanceAccess(locals.pb, params.id, locals.user!.id);
		const action = await orNullIfMissing(
			locals.pb.collection('follow_ups').getOne(input.data.action)
		);
		if (!action || action.experiment !== params.id)
			return formError(404, 'not_found', { action: 'status' });
		try {
			// PocketBase lets facilitators and the action's owner change it (the rule).
			await locals.pb.collection('follow_ups').update(action.id, { status: input.data.status });
		} catch (e) {
			return writeFailure(e, { action: 'status' });
		}
		return { action: 'status', done: true };
	}
};
