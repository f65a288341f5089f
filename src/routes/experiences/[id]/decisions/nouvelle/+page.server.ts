import { redirect } from '@sveltejs/kit';
import { can } from '$lib/domain/access';
import { addMonths } from '$lib/domain/election';
import { DEFAULT_WINDOW_DAYS } from '$lib/domain/consent-window';
import type { DecisionsRecord } from '$lib/pocketbase/types';
import { adminPocketBase } from '$lib/server/pocketbase';
import { experimentMembers, memberContextOrNull } from '$lib/server/governance/access';
import { errorMessage } from '$lib/components/governance/labels';
import { newConsentRound, newElection, remoteDeadlineInstant } from '$lib/schemas/governance';
import { parisDay } from '$lib/server/governance/document-decisions';
import { fieldErrorsOfGovernance, GovernanceError } from '$lib/server/governance/errors';
import { formError, formFailure, parseForm, writeFailure } from '$lib/server/input';
import { orNullIfMissing } from '$lib/server/pb-errors';
import { startConsentRound, startElection } from '$lib/server/governance/round-writes';
import { currentSectionOf, sourceDocuments } from '$lib/server/governance/proposal-source';
import { notAllowed, notReadable } from '$lib/server/access-help';
import type { Actions, PageServerLoad } from './$types';

/** The register entry a renewal reviews, with its section's text now (read with the user's rule). */
async function renewal(locals: App.Locals, experimentId: string, decisionId: string | null) {
	if (!decisionId || !/^[a-z0-9]{15}$/.test(decisionId)) return null;
	const decision = await orNullIfMissing(
		locals.pb.collection('decisions').getOne<DecisionsRecord>(decisionId)
	);
	if (!decision || decision.experiment !== experimentId || decision.outcome !== 'adopted')
		return null;
	const current = await currentSectionOf(await adminPocketBase(), decision);
	if (current === null) return null;
	return {
		id: decision.id,
		title: decision.title,
		section: decision.section,
		adopted: decision.text,
		current,
		reviewDate: decision.review_date.slice(0, 10)
	};
}

export const load: PageServerLoad = async ({ params, locals, url }) => {
	const admin = await adminPocketBase();
	const ctx = await memberContextOrNull(admin, params.id, locals.user!.id);
	if (!ctx || !can({ role: ctx.role, orgRole: ctx.orgRole }, 'read'))
		return notReadable(locals.user!, { experimentId: params.id });
	if (!can({ role: ctx.role, orgRole: ctx.orgRole, archived: ctx.archived }, 'facilitate'))
		return notAllowed(locals.user!, params.id);
	const type = url.searchParams.get('type') === 'election' ? 'election' : 'consent';
	const [members, documents, renews] = await Promise.all([
		experimentMembers(admin, params.id),
		sourceDocuments(admin, params.id),
		type === 'consent'
			? renewal(locals, params.id, url.searchParams.get('renouvelle'))
			: Promise.resolve(null)
	]);
	const today = parisDay();
	return {
		experiment: { id: params.id, title: ctx.experimentTitle },
		type: type as 'consent' | 'election',
		members,
		documents,
		renews,
		defaults: { windowDays: DEFAULT_WINDOW_DAYS, reviewDate: addMonths(today, 6) ?? '', today },
		userId: locals.user!.id
	};
};

/** Starts the round; a refusal is shown on its field when it has one, else for the form. */
async function run(task: () => Promise<string>, values: Record<string, unknown>) {
	let id: string;
	try {
		id = await task();
	} catch (e) {
		if (e instanceof GovernanceError) {
			const fields = fieldErrorsOfGovernance(e, errorMessage);
			if (fields) return formFailure(fields, { values, status: e.status });
			return formError(e.status, e.code, { values });
		}
		return writeFailure(e, { values });
	}
	redirect(303, `/rounds/${id}`);
}

/** `<document id>:<section index>:<heading>` from the source select, or null (pasted text). */
function parseSource(value: string) {
	const match = /^([a-z0-9]{15}):(\d{1,4}):(.*)$/s.exec(value);
	if (!match) return null;
	return { documentId: match[1]!, index: Number(match[2]), heading: match[3]! };
}

export const actions: Actions = {
	consent: async ({ request, params, locals }) => {
		const input = parseForm(newConsentRound, await request.formData());
		if (!input.ok) return formFailure(input.errors, { values: input.values });
		const round = input.data;
		const asynchronous = round.mode === 'async';
		return run(
			async () =>
				startConsentRound(
					{ admin: await adminPocketBase() },
					{
						experimentId: params.id,
						userId: locals.user!.id,
						title: round.title,
						section: round.section,
						source: parseSource(round.source),
						renews: round.renews || null,
						text: round.text,
						proposerId: round.proposer,
						participants: round.participants,
						hidePositionsUntilReveal: round.hidePositions,
						remoteDeadline:
							!asynchronous && round.remoteDeadline
								? (remoteDeadlineInstant(
										round.remoteDeadline,
										round.remoteDeadlineTime
									)?.toISOString() ?? null)
								: null,
						window: asynchronous
							? { days: round.windowDays, reviewDate: round.windowReviewDate }
							: null
					}
				),
			round
		);
	},
	election: async ({ request, params, locals }) => {
		const input = parseForm(newElection, await request.formData());
		if (!input.ok) return formFailure(input.errors, { values: input.values });
		const election = input.data;
		return run(
			async () =>
				startElection(
					{ admin: await adminPocketBase() },
					{
						experimentId: params.id,
						userId: locals.user!.id,
						role: {
							title: election.title,
							mission: election.mission,
							skills: election.skills,
							termMonths: election.termMonths
						},
						participants: election.participants,
						documentId: election.copilDocument || null
					}
				),
			election
		);
	}
};
