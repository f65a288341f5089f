import { redirect } from '@sveltejs/kit';
import { can } from '$lib/domain/access';
import { adminPocketBase } from '$lib/server/pocketbase';
import { experimentMembers, memberContextOrNull } from '$lib/server/governance/access';
import { errorMessage } from '$lib/components/governance/labels';
import { newConsentRound, newElection, remoteDeadlineInstant } from '$lib/schemas/governance';
import { fieldErrorsOfGovernance, GovernanceError } from '$lib/server/governance/errors';
import { formError, formFailure, parseForm, writeFailure } from '$lib/server/input';
import { startConsentRound, startElection } from '$lib/server/governance/rounds';
import { sourceDocuments } from '$lib/server/governance/proposal-source';
import { ENJEU_LABEL } from '$lib/editor/structured/labels';
import type { Enjeu } from '$lib/domain/experiment';
import { notAllowed, notReadable } from '$lib/server/access-help';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ params, locals, url }) => {
	const admin = await adminPocketBase();
	const ctx = await memberContextOrNull(admin, params.id, locals.user!.id);
	if (!ctx || !can({ role: ctx.role }, 'read'))
		return notReadable(locals.user!, { experimentId: params.id });
	if (!can({ role: ctx.role, archived: ctx.archived }, 'facilitate'))
		return notAllowed(locals.user!, params.id);
	const type = url.searchParams.get('type') === 'election' ? 'election' : 'consent';
	const [members, documents] = await Promise.all([
		experimentMembers(admin, params.id),
		type === 'consent' ? sourceDocuments(admin, params.id) : Promise.resolve([])
	]);
	return {
		experiment: { id: params.id, title: ctx.experimentTitle },
		type: type as 'consent' | 'election',
		members,
		documents,
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
						enjeuLabel: (value) => ENJEU_LABEL[value as Enjeu]?.() ?? value,
						text: round.text,
						proposerId: round.proposer,
						participants: round.participants,
						hidePositionsUntilReveal: round.hidePositions,
						remoteDeadline:
							remoteDeadlineInstant(
								round.remoteDeadline,
								round.remoteDeadlineTime
							)?.toISOString() ?? null
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
						participants: election.participants
					}
				),
			election
		);
	}
};
