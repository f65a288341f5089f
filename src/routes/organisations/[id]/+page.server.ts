import { error } from '@sveltejs/kit';
import { ORG_ROLES, type OrgRole } from '$lib/domain/access';
import {
	addOrgMember,
	changeOrgRole,
	orgIndexing,
	orgMembershipRef
} from '$lib/schemas/organisation';
import { formError, formFailure, parseForm, writeFailure } from '$lib/server/input';
import {
	addOrgMember as addMember,
	changeOrgMembership,
	organisationPage,
	setOrgIndexing,
	type OrgChangeResult
} from '$lib/server/organisations';
import { adminPocketBase } from '$lib/server/pocketbase';
import { governanceSpaceView } from '$lib/server/governance-space';
import { reviewQueue } from '$lib/server/resources/editorial';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, params }) => {
	const admin = await adminPocketBase();
	const page = await organisationPage(admin, locals.pb, params.id, locals.user!.id);
	// Same answer whether it does not exist or the user is not in it.
	if (!page) error(404, { message: 'Not found' });
	const governance = await governanceSpaceView(locals.pb, page.id, locals.user!.id, new Date());
	// « À relire »: only for the organisation's editors (empty for others).
	const toReview = (await reviewQueue(admin, params.id, locals.user!.id)).map((p) => ({
		id: p.id,
		documentId: p.documentId,
		documentTitle: p.documentTitle,
		experimentTitle: p.experimentTitle,
		proposerName: p.proposerName,
		kind: p.facts.kind,
		state: p.state,
		updated: p.updated
	}));
	return { organisation: page, governance, me: locals.user!.id, roles: ORG_ROLES, toReview };
};

const STATUS: Record<Exclude<OrgChangeResult, { ok: true }>['error'], number> = {
	forbidden: 403,
	not_found: 404,
	last_admin: 409,
	no_account: 404,
	already_in: 409
};

function answer(result: OrgChangeResult, action: string, values: Record<string, unknown> = {}) {
	if (result.ok) return { action, done: true };
	const code =
		result.error === 'forbidden' || result.error === 'not_found'
			? result.error
			: `labo_org_${result.error}`;
	return formError(STATUS[result.error], code, { action, values });
}

export const actions: Actions = {
	add: async ({ request, locals, params }) => {
		const action = 'add';
		const input = parseForm(addOrgMember, await request.formData());
		if (!input.ok) return formFailure(input.errors, { action, values: input.values });
		try {
			const result = await addMember(await adminPocketBase(), {
				organisationId: params.id,
				actorId: locals.user!.id,
				email: input.data.email,
				role: input.data.role as OrgRole
			});
			return answer(result, action, input.data);
		} catch (e) {
			return writeFailure(e, { action, schema: addOrgMember, collection: 'org_memberships' });
		}
	},

	changeRole: async ({ request, locals, params }) => {
		const form = await request.formData();
		const action = `role-${String(form.get('membership') ?? '').slice(0, 15)}`;
		const input = parseForm(changeOrgRole, form);
		if (!input.ok) return formFailure(input.errors, { action, values: input.values });
		try {
			const result = await changeOrgMembership(await adminPocketBase(), {
				organisationId: params.id,
				actorId: locals.user!.id,
				membershipId: input.data.membership,
				role: input.data.role as OrgRole
			});
			return answer(result, action);
		} catch (e) {
			return writeFailure(e, { action, schema: changeOrgRole, collection: 'org_memberships' });
		}
	},

	indexing: async ({ request, locals, params }) => {
		const action = 'indexing';
		const input = parseForm(orgIndexing, await request.formData());
		if (!input.ok) return formFailure(input.errors, { action, values: input.values });
		try {
			const result = await setOrgIndexing(await adminPocketBase(), {
				organisationId: params.id,
				actorId: locals.user!.id,
				indexable: input.data.indexing === 'on'
			});
			return answer(result, action);
		} catch (e) {
			return writeFailure(e, { action });
		}
	},

	remove: async ({ request, locals, params }) => {
		const form = await request.formData();
		const action = `remove-${String(form.get('membership') ?? '').slice(0, 15)}`;
		const input = parseForm(orgMembershipRef, form);
		if (!input.ok) return formFailure(input.errors, { action, values: input.values });
		try {
			const result = await changeOrgMembership(await adminPocketBase(), {
				organisationId: params.id,
				actorId: locals.user!.id,
				membershipId: input.data.membership,
				role: null
			});
			return answer(result, action);
		} catch (e) {
			return writeFailure(e, { action, schema: orgMembershipRef, collection: 'org_memberships' });
		}
	}
};
