import { can } from '$lib/domain/access';
import { adminPocketBase } from '$lib/server/pocketbase';
import { memberContextOrNull } from '$lib/server/governance/access';
import { filterFrom, listRegister } from '$lib/server/governance/register';
import { openRounds } from '$lib/server/governance/round-reads';
import { organisationToday, remindDueReviews } from '$lib/server/governance/reminders-app';
import { notReadable } from '$lib/server/access-help';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ params, locals, url }) => {
	const admin = await adminPocketBase();
	const ctx = await memberContextOrNull(admin, params.id, locals.user!.id);
	if (!ctx || !can({ role: ctx.role, orgRole: ctx.orgRole }, 'read'))
		return notReadable(locals.user!, { experimentId: params.id });
	const filter = filterFrom(url, organisationToday());
	await remindDueReviews([params.id]);
	const [entries, rounds, due] = await Promise.all([
		// The user's own client: the `decisions` API rule decides what they see.
		listRegister(locals.pb, params.id, filter),
		openRounds({ admin }, params.id, locals.user!.id),
		listRegister(locals.pb, params.id, { today: filter.today, reviewDue: true })
	]);
	return {
		experiment: { id: params.id, title: ctx.experimentTitle },
		entries,
		rounds,
		dueCount: due.length,
		filter: {
			q: filter.q ?? '',
			kind: filter.kind ?? '',
			outcome: filter.outcome ?? '',
			due: filter.reviewDue ?? false
		},
		canFacilitate: can(
			{ role: ctx.role, orgRole: ctx.orgRole, archived: ctx.archived },
			'facilitate'
		)
	};
};
