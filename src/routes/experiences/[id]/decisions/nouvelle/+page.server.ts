import { error, fail, redirect } from '@sveltejs/kit';
import { can } from '$lib/domain/access';
import { addMonths } from '$lib/domain/election';
import { DEFAULT_WINDOW_DAYS } from '$lib/domain/consent-window';
import type { DecisionsRecord } from '$lib/pocketbase/types';
import { adminPocketBase } from '$lib/server/pocketbase';
import { experimentMembers, memberContext } from '$lib/server/governance/access';
import { parisDay } from '$lib/server/governance/document-decisions';
import { GovernanceError } from '$lib/server/governance/errors';
import { startConsentRound, startElection } from '$lib/server/governance/round-writes';
import { currentSectionOf, sourceDocuments } from '$lib/server/governance/proposal-source';
import type { Actions, PageServerLoad } from './$types';

/** The register entry a renewal reviews, with its section's text now (read with the user's rule). */
async function renewal(locals: App.Locals, experimentId: string, decisionId: string | null) {
	if (!decisionId || !/^[a-z0-9]{15}$/.test(decisionId)) return null;
	const decision = await locals.pb
		.collection('decisions')
		.getOne<DecisionsRecord>(decisionId)
		.catch(() => null);
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
	const ctx = await memberContext(admin, params.id, locals.user!.id).catch(() => null);
	if (!ctx || !can({ role: ctx.role }, 'read')) error(404, { message: 'Not found' });
	if (!can({ role: ctx.role, archived: ctx.archived }, 'facilitate'))
		error(403, { message: 'Forbidden' });
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

async function run(task: () => Promise<string>) {
	let id: string;
	try {
		id = await task();
	} catch (e) {
		if (e instanceof GovernanceError) return fail(e.status, { error: e.code });
		throw e;
	}
	redirect(303, `/rounds/${id}`);
}

const text = (form: FormData, key: string) => String(form.get(key) ?? '');

/** `<document id>:<section index>:<heading>` from the source select, or null (pasted text). */
function parseSource(value: string) {
	const match = /^([a-z0-9]{15}):(\d{1,4}):(.*)$/s.exec(value);
	if (!match) return null;
	return { documentId: match[1]!, index: Number(match[2]), heading: match[3]! };
}

/** The asynchronous window asked for, or null for a round in the room. */
function windowFrom(form: FormData) {
	if (text(form, 'mode') !== 'async') return null;
	const days = Number(text(form, 'windowDays'));
	return { days: Number.isFinite(days) ? days : 0, reviewDate: text(form, 'windowReviewDate') };
}

export const actions: Actions = {
	consent: async ({ request, params, locals }) => {
		const form = await request.formData();
		const deadline = text(form, 'remoteDeadline');
		return run(async () =>
			startConsentRound(
				{ admin: await adminPocketBase() },
				{
					experimentId: params.id,
					userId: locals.user!.id,
					title: text(form, 'title'),
					section: text(form, 'section'),
					source: parseSource(text(form, 'source')),
					renews: text(form, 'renews') || null,
					text: text(form, 'text').replace(/\r\n/g, '\n'),
					proposerId: text(form, 'proposer'),
					participants: form.getAll('participants').map(String),
					hidePositionsUntilReveal: form.get('hidePositions') === 'on',
					// datetime-local has no zone: read it in the server's zone (the room's).
					remoteDeadline: deadline ? new Date(deadline).toISOString() : null,
					window: windowFrom(form)
				}
			)
		);
	},
	election: async ({ request, params, locals }) => {
		const form = await request.formData();
		return run(async () =>
			startElection(
				{ admin: await adminPocketBase() },
				{
					experimentId: params.id,
					userId: locals.user!.id,
					role: {
						title: text(form, 'title'),
						mission: text(form, 'mission'),
						skills: text(form, 'skills'),
						termMonths: Number(text(form, 'termMonths'))
					},
					participants: form.getAll('participants').map(String),
					documentId: text(form, 'copilDocument') || null
				}
			)
		);
	}
};
