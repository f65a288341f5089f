import { can } from '$lib/domain/access';
import { adminPocketBase } from '$lib/server/pocketbase';
import { memberContext } from '$lib/server/governance/access';
import { GovernanceError } from '$lib/server/governance/errors';
import { roundAudit, roundView } from '$lib/server/governance/round-reads';
import { notReadable } from '$lib/server/access-help';
import { orNullIfMissing } from '$lib/server/pb-errors';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ params, locals, depends }) => {
	// Re-run when the round changes, so the audit trail follows the live round.
	depends('round:audit');
	const admin = await adminPocketBase();
	try {
		const view = await roundView({ admin }, params.id, locals.user!.id);
		const ctx = await memberContext(admin, view.experimentId, locals.user!.id);
		const [audit, decision, seanceItem] = await Promise.all([
			roundAudit({ admin }, params.id, locals.user!.id),
			// The register entry of a closed round, read with the user's own client (its rule).
			view.closed
				? orNullIfMissing(
						locals.pb
							.collection('decisions')
							.getFirstListItem(locals.pb.filter('round = {:r}', { r: params.id }), {
								fields: 'id'
							})
					)
				: Promise.resolve(null),
			// A round started from a séance's agenda leads back to it.
			orNullIfMissing(
				locals.pb
					.collection('seance_items')
					.getFirstListItem(locals.pb.filter('round = {:r}', { r: params.id }), {
						fields: 'seance,expand.seance.title',
						expand: 'seance'
					})
			)
		]);
		return {
			view,
			audit,
			decisionId: decision?.id ?? null,
			seance: seanceItem
				? {
						id: seanceItem.seance,
						title:
							(seanceItem as { expand?: { seance?: { title?: string } } }).expand?.seance?.title ??
							''
					}
				: null,
			experimentTitle: ctx.experimentTitle,
			canFacilitate: can(
				{ role: ctx.role, orgRole: ctx.orgRole, archived: ctx.archived },
				'facilitate'
			)
		};
	} catch (e) {
		if (e instanceof GovernanceError && e.status === 404)
			return notReadable(locals.user!, { roundId: params.id });
		throw e;
	}
};
