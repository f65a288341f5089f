import { error } from '@sveltejs/kit';
import { orNullIfMissing } from '$lib/server/pb-errors';
import { adminPocketBase } from '$lib/server/pocketbase';
import { seanceAccess } from '$lib/server/seances/access';
import { itemsOf, roundsOf } from '$lib/server/seances/run-reads';
import { itemTitle } from '$lib/components/seances/labels';
import type { PageServerLoad } from './$types';

/** The room's screen of a séance: any reader may open it (like a round's projection). */
export const load: PageServerLoad = async ({ locals, params }) => {
	const pb = locals.pb;
	const access = await seanceAccess(pb, params.id, locals.user!.id);
	const seance = await orNullIfMissing(pb.collection('seances').getOne(params.seance));
	if (!seance || seance.experiment !== params.id) error(404, { message: 'Not found' });
	const items = await itemsOf(pb, seance.id);
	const rounds = await roundsOf(await adminPocketBase(), params.id, items);
	return {
		experiment: access.experiment,
		seance: {
			id: seance.id,
			title: seance.title,
			status: seance.status,
			startedAt: seance.started_at ?? '',
			closedAt: seance.closed_at ?? '',
			currentItem: seance.current_item ?? '',
			durationMinutes: seance.duration_minutes ?? 0
		},
		items: items.map((i) => ({
			id: i.id,
			title: itemTitle(i),
			kind: i.kind,
			durationMinutes: i.duration_minutes ?? 0,
			startedAt: i.started_at ?? '',
			endedAt: i.ended_at ?? '',
			round: i.round ?? '',
			roundState: i.round ? (rounds.get(i.round) ?? null) : null
		}))
	};
};
