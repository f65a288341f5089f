/**
 * Gathers the state of an experiment's work for the agenda suggestions (src/lib/domain/seances/
 * agenda-suggest.ts). Rounds are superuser-only (they hold hidden positions): only their id,
 * title, kind, closed flag and when they were escalated are passed on, for a facilitator of the
 * experiment.
 */
import type PocketBase from 'pocketbase';
import { suggestAgenda, type Suggestion } from '../../domain/seances/agenda-suggest';
import { instantToParis } from '../../domain/seances/seance';

export async function agendaSuggestions(
	admin: PocketBase,
	seance: { id: string; experiment: string; starts_at: string },
	taken: { rounds: string[]; decisions: string[]; minutesOf: string[] }
): Promise<Suggestion[]> {
	const experiment = admin.filter('experiment = {:e}', { e: seance.experiment });
	const [rounds, decisions, actions, previous] = await Promise.all([
		admin.collection('rounds').getFullList({
			filter: `${experiment} && closed = false`,
			fields: 'id,title,kind,closed,state',
			sort: 'created'
		}),
		admin.collection('decisions').getFullList({
			filter: `${experiment} && review_date != ""`,
			fields: 'id,title,review_date,outcome'
		}),
		admin.collection('follow_ups').getFullList({
			filter: `${experiment} && (status = "todo" || status = "doing")`,
			fields: 'id,what,due_date,status'
		}),
		admin.collection('seances').getList(1, 1, {
			filter: admin.filter('experiment = {:e} && starts_at < {:at} && id != {:id}', {
				e: seance.experiment,
				at: seance.starts_at,
				id: seance.id
			}),
			sort: '-starts_at',
			fields: 'id,title,starts_at'
		})
	]);
	const prev = previous.items[0];
	return suggestAgenda({
		day: instantToParis(new Date(seance.starts_at.replace(' ', 'T'))).date,
		previousSeance: prev ? { id: prev.id, title: prev.title, startsAt: prev.starts_at } : null,
		rounds: rounds.map((r) => ({
			id: r.id,
			title: String(r.title),
			kind: String(r.kind),
			closed: !!r.closed,
			escalatedAt: (r.state as { escalatedAt?: string | null } | null)?.escalatedAt ?? null
		})),
		decisions: decisions.map((d) => ({
			id: d.id,
			title: String(d.title),
			reviewDate: String(d.review_date ?? ''),
			outcome: String(d.outcome)
		})),
		actions: actions.map((a) => ({
			id: a.id,
			what: String(a.what),
			dueDate: String(a.due_date ?? ''),
			status: String(a.status)
		})),
		taken
	});
}
