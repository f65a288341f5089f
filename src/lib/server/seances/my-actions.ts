/** "Mes actions" of the dashboard: the user's open follow-up actions, overdue first. */
import { followUpOrder, isOpen, isOverdue } from '../../domain/seances/follow-up';
import { instantToParis } from '../../domain/seances/seance';
import type { FollowUpsRecord, TypedPocketBase } from '../../pocketbase/types';

type WithExperiment = FollowUpsRecord & { expand?: { experiment?: { title?: string } } };

export async function myFollowUps(pb: TypedPocketBase, userId: string, now = new Date()) {
	const actions = await pb.collection('follow_ups').getFullList<WithExperiment>({
		filter: pb.filter('owner = {:u} && (status = "todo" || status = "doing")', { u: userId }),
		expand: 'experiment'
	});
	const today = instantToParis(now).date;
	const rows = actions
		.map((a) => ({
			id: a.id,
			what: a.what,
			experiment: a.experiment,
			experimentTitle: a.expand?.experiment?.title ?? '',
			dueDate: a.due_date ?? '',
			status: a.status
		}))
		.filter(isOpen);
	return followUpOrder(rows, today).map((a) => ({ ...a, overdue: isOverdue(a, today) }));
}
