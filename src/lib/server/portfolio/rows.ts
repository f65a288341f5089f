/**
 * What the portfolio of an organisation counts, read for one viewer: whether they may see it
 * (`canSeePortfolio` of the one access module), then the experiments, séances, decisions and
 * actions through their own client, so the API rules (organisation roles included) decide which
 * rows come back; the protocols' calendar and budget rows are read from the stored Yjs state of
 * the protocols the viewer can read.
 */
import type PocketBase from 'pocketbase';
import { canSeePortfolio, type OrgRole } from '../../domain/access';
import type { PortfolioRows } from '../../domain/portfolio';
import { protocolBudgetLines, protocolMilestones } from '../../domain/portfolio-parts';
import type { TypedPocketBase } from '../../pocketbase/types';
import { appLog, errorFields } from '../log';
import { orgRoleIn } from '../members';
import { DOCUMENTS_OF_EXPERIMENTS, EXPERIMENTS_ONLY } from '../experiments';
import { stateToProseMirror, storedDocumentState } from '../review/doc-state';

export type PortfolioAccess =
	| { ok: true; organisation: { id: string; name: string }; role: OrgRole }
	| { ok: false; status: 403 | 404 };

/** 404 when the organisation does not exist or the viewer is not in it, 403 for a plain member. */
export async function portfolioAccess(
	admin: PocketBase,
	organisationId: string,
	userId: string
): Promise<PortfolioAccess> {
	if (!/^[a-z0-9]{15}$/.test(organisationId)) return { ok: false, status: 404 };
	const role = await orgRoleIn(admin, organisationId, userId);
	if (!role) return { ok: false, status: 404 };
	if (!canSeePortfolio(role)) return { ok: false, status: 403 };
	const organisation = await admin
		.collection('organisations')
		.getOne(organisationId, { fields: 'id,name' });
	return { ok: true, organisation: { id: organisation.id, name: String(organisation.name) }, role };
}

const text = (value: unknown) => (typeof value === 'string' ? value : '');

/** The rows of the organisation's experiments that the viewer's client may read. */
export async function portfolioRows(
	admin: PocketBase,
	userPb: TypedPocketBase,
	organisationId: string
): Promise<PortfolioRows> {
	// The organisation's own governance space is not an experiment of its portfolio.
	const ofOrg =
		userPb.filter('experiment.organisation = {:org}', { org: organisationId }) +
		` && ${DOCUMENTS_OF_EXPERIMENTS}`;
	const [experiments, protocols, seances, decisions, actions] = await Promise.all([
		userPb.collection('experiments').getFullList({
			filter:
				userPb.filter('organisation = {:org}', { org: organisationId }) + ` && ${EXPERIMENTS_ONLY}`,
			fields: 'id,title,status,enjeux,territory_type,territory_name'
		}),
		userPb.collection('documents').getFullList({
			filter: `${ofOrg} && kind = "protocole"`,
			fields: 'id,experiment',
			sort: 'created'
		}),
		userPb
			.collection('seances')
			.getFullList({ filter: ofOrg, fields: 'id,experiment,title,starts_at' }),
		userPb.collection('decisions').getFullList({
			filter: ofOrg,
			fields: 'id,experiment,title,decided_at,review_date'
		}),
		userPb.collection('follow_ups').getFullList({
			filter: ofOrg,
			fields: 'id,experiment,what,due_date,status'
		})
	]);

	const milestones: PortfolioRows['milestones'][number][] = [];
	const budgetLines: PortfolioRows['budgetLines'][number][] = [];
	for (const protocol of protocols) {
		const experimentId = String(protocol.experiment);
		try {
			const doc = stateToProseMirror(await storedDocumentState(admin, protocol.id));
			for (const m of protocolMilestones(doc))
				milestones.push({ experimentId, documentId: protocol.id, ...m });
			for (const line of protocolBudgetLines(doc))
				budgetLines.push({ experimentId, documentId: protocol.id, ...line });
		} catch (error) {
			// One unreadable protocol leaves its rows out; the rest of the portfolio still shows.
			appLog.error('portfolio.protocol_unreadable', {
				document: protocol.id,
				...errorFields(error)
			});
		}
	}

	return {
		experiments: experiments.map((e) => ({
			id: e.id,
			title: e.title,
			status: e.status,
			enjeux: Array.isArray(e.enjeux) ? e.enjeux.map(String) : [],
			territoryType: text(e.territory_type),
			territoryName: text(e.territory_name)
		})),
		milestones,
		budgetLines,
		seances: seances.map((s) => ({
			id: s.id,
			experimentId: String(s.experiment),
			title: s.title,
			startsAt: text(s.starts_at)
		})),
		decisions: decisions.map((d) => ({
			id: d.id,
			experimentId: String(d.experiment),
			title: d.title,
			decidedAt: text(d.decided_at),
			reviewDate: text(d.review_date)
		})),
		actions: actions.map((a) => ({
			id: a.id,
			experimentId: String(a.experiment),
			what: a.what,
			dueDate: text(a.due_date),
			status: text(a.status)
		}))
	};
}
