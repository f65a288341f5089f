import { followUpOrder, isOverdue } from '$lib/domain/seances/follow-up';
import { instantToParis } from '$lib/domain/seances/seance';
import { followUpFrom, followUpStatus } from '$lib/schemas/seances';
import { formError, formFailure, parseForm, writeFailure } from '$lib/server/input';
import { fieldMessage } from '$lib/schemas/messages';
import { actionOrigin } from '$lib/server/seances/action-origin';
import { experimentMembers } from '$lib/server/members';
import { orNullIfMissing } from '$lib/server/pb-errors';
import { adminPocketBase } from '$lib/server/pocketbase';
import { requireFacilitate, seanceAccess } from '$lib/server/seances/access';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, params, url }) => {
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
	// « Créer une action » from a decision or a comment thread opens this page with its origin.
	const origin = access.canFacilitate
		? await actionOrigin(locals.pb, params.id, {
				decision: url.searchParams.get('decision'),
				thread: url.searchParams.get('fil')
			})
		: null;
	return {
		experiment: access.experiment,
		canFacilitate: access.canFacilitate,
		members: access.canFacilitate ? members.map((mb) => ({ id: mb.id, name: mb.name })) : [],
		origin,
		me: locals.user!.id,
		actions: followUpOrder(rows, today)
	};
};

export const actions: Actions = {
	create: async ({ request, locals, params }) => {
		const input = parseForm(followUpFrom, await request.formData());
		if (!input.ok) return formFailure(input.errors, { action: 'create', values: input.values });
		const access = await seanceAccess(locals.pb, params.id, locals.user!.id);
		requireFacilitate(access);
		const members = await experimentMembers(await adminPocketBase(), params.id);
		if (!members.some((mb) => mb.id === input.data.owner))
			return formFailure(
				{ owner: { code: 'choice', message: fieldMessage('choice')! } },
				{ action: 'create', values: input.data }
			);
		const origin =
			input.data.decision || input.data.thread
				? await actionOrigin(locals.pb, params.id, input.data)
				: null;
		if ((input.data.decision || input.data.thread) && !origin)
			return formError(404, 'not_found', { action: 'create', values: input.data });
		try {
			await locals.pb.collection('follow_ups').create({
				experiment: params.id,
				what: input.data.what,
				owner: input.data.owner,
				due_date: input.data.dueDate,
				status: 'todo',
				decision: origin?.kind === 'decision' ? origin.id : '',
				thread: origin?.kind === 'thread' ? origin.id : '',
				created_by: locals.user!.id
			});
		} catch (e) {
			return writeFailure(e, {
				schema: followUpFrom,
				collection: 'follow_ups',
				values: input.data,
				action: 'create'
			});
		}
		return { action: 'create', done: true };
	},
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
