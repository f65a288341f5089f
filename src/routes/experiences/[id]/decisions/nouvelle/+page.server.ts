import { error, fail, redirect } from '@sveltejs/kit';
import { can } from '$lib/domain/access';
import { adminPocketBase } from '$lib/server/pocketbase';
import { experimentMembers, memberContext } from '$lib/server/governance/access';
import { GovernanceError } from '$lib/server/governance/errors';
import { startConsentRound, startElection } from '$lib/server/governance/round-writes';
import { sourceDocuments } from '$lib/server/governance/proposal-source';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ params, locals, url }) => {
	const admin = await adminPocketBase();
	const ctx = await memberContext(admin, params.id, locals.user!.id).catch(() => null);
	if (!ctx || !can({ role: ctx.role }, 'read')) error(404, { message: 'Not found' });
	if (!can({ role: ctx.role, archived: ctx.archived }, 'facilitate'))
		error(403, { message: 'Forbidden' });
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
					text: text(form, 'text').replace(/\r\n/g, '\n'),
					proposerId: text(form, 'proposer'),
					participants: form.getAll('participants').map(String),
					hidePositionsUntilReveal: form.get('hidePositions') === 'on',
					// datetime-local has no zone: read it in the server's zone (the room's).
					remoteDeadline: deadline ? new Date(deadline).toISOString() : null
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
					participants: form.getAll('participants').map(String)
				}
			)
		);
	}
};
