/** Reads of a running séance shared by its page and its projection. */
import type { TypedPocketBase } from '../../pocketbase/types';

export async function itemsOf(pb: TypedPocketBase, seanceId: string) {
	return pb.collection('seance_items').getFullList({
		filter: pb.filter('seance = {:s}', { s: seanceId }),
		sort: 'position,created'
	});
}

/**
 * Where the rounds started from the agenda stand: open, or closed with the register entry's
 * outcome. Rounds are read by the server only (no API rule for users): only those of the séance's
 * own experiment, whose readers the caller is.
 */
export async function roundsOf(
	admin: TypedPocketBase,
	experimentId: string,
	items: Awaited<ReturnType<typeof itemsOf>>
) {
	const pb = admin;
	const ids = items.map((i) => i.round).filter(Boolean);
	const states = new Map<string, { closed: boolean; outcome: string }>();
	if (ids.length === 0) return states;
	const inList = ids.map((_, n) => `id = {:r${n}}`).join(' || ');
	const params = { e: experimentId, ...Object.fromEntries(ids.map((id, n) => [`r${n}`, id])) };
	const [rounds, decisions] = await Promise.all([
		pb.collection('rounds').getFullList({
			filter: pb.filter(`experiment = {:e} && (${inList})`, params),
			fields: 'id,closed'
		}),
		pb.collection('decisions').getFullList({
			filter: pb.filter(`experiment = {:e} && (${inList.replaceAll('id =', 'round =')})`, params),
			fields: 'round,outcome'
		})
	]);
	const outcomes = new Map(decisions.map((d) => [d.round, d.outcome]));
	for (const r of rounds) states.set(r.id, { closed: r.closed, outcome: outcomes.get(r.id) ?? '' });
	return states;
}
