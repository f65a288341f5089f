/**
 * A document's editorial page: its proposal for the resource centre (state, facts, history), the
 * proposer's form (propose, propose again) and the organisation editor's review (comment, request
 * changes, approve and publish). Rules: src/lib/domain/editorial.ts and the `publish` action.
 */
import { ENJEUX, TERRITORY_TYPES } from '$lib/domain/experiment';
import { checkMove, EDITORIAL_KINDS, type ProposalFacts } from '$lib/domain/editorial';
import { LICENCES } from '$lib/domain/resources';
import { m } from '$lib/paraglide/messages';
import {
	editorialNote,
	editorialRequired,
	proposal as proposalSchema
} from '$lib/schemas/resources';
import { notReadable } from '$lib/server/access-help';
import { formError, formFailure, parseForm, writeFailure } from '$lib/server/input';
import { adminPocketBase } from '$lib/server/pocketbase';
import {
	documentEditorial,
	EditorialError,
	propose,
	reviewProposal
} from '$lib/server/resources/editorial';
import { ReviewError } from '$lib/server/review/errors';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, params }) => {
	const admin = await adminPocketBase();
	let page;
	try {
		page = await documentEditorial(admin, params.id, locals.user!.id);
	} catch (e) {
		if (e instanceof ReviewError) return notReadable(locals.user!, { documentId: params.id });
		throw e;
	}
	const { ctx, proposal } = page;
	const state = proposal?.state ?? 'draft';
	const actor = { writer: ctx.rights.edit, editor: ctx.canPublish };
	return {
		documentId: ctx.documentId,
		documentTitle: page.documentTitle,
		experimentId: ctx.experimentId,
		organisationId: page.organisationId,
		proposal,
		state,
		facts: page.facts,
		publishedSlug: page.publishedSlug,
		canPropose: checkMove(state, 'propose', actor).ok,
		canComment: checkMove(state, 'comment', actor).ok,
		canReview: checkMove(state, 'publish', actor).ok,
		isEditor: ctx.canPublish,
		options: {
			kinds: EDITORIAL_KINDS,
			enjeux: ENJEUX,
			territories: TERRITORY_TYPES,
			licences: LICENCES
		}
	};
};

function refusal(e: unknown, action: string, values: Record<string, unknown> = {}) {
	if (e instanceof EditorialError) {
		if (e.code === 'wrong_state')
			return formError(409, 'editorial_wrong_state', { action, values });
		return formError(e.code === 'forbidden' ? 403 : 404, e.code, { action, values });
	}
	if (e instanceof ReviewError) return formError(e.status, e.code, { action, values });
	return null;
}

const today = () => new Date().toLocaleDateString('fr-FR', { timeZone: 'Europe/Paris' });

/** A review step (editors) or a comment (proposer, editors); the rules decide who may. */
async function review(
	{ request, locals, params }: Parameters<Actions[string]>[0],
	move: 'comment' | 'request_changes' | 'publish'
) {
	const action = move;
	const schema = move === 'publish' ? editorialNote : editorialRequired;
	const input = parseForm(schema, await request.formData());
	if (!input.ok) return formFailure(input.errors, { action, values: input.values });
	try {
		await reviewProposal(await adminPocketBase(), {
			documentId: params.id,
			userId: locals.user!.id,
			move,
			body: input.data.body
		});
		return { action, done: move };
	} catch (e) {
		return (
			refusal(e, action, input.data) ??
			writeFailure(e, { action, schema, collection: 'editorial_events' })
		);
	}
}

export const actions: Actions = {
	propose: async ({ request, locals, params }) => {
		const action = 'propose';
		const input = parseForm(proposalSchema, await request.formData());
		if (!input.ok) return formFailure(input.errors, { action, values: input.values });
		const facts: ProposalFacts = { ...input.data, licence: input.data.licence };
		try {
			await propose(await adminPocketBase(), {
				documentId: params.id,
				userId: locals.user!.id,
				facts,
				versionName: m.editorial_version_name({ date: today() })
			});
			return { action, done: 'proposed' };
		} catch (e) {
			return (
				refusal(e, action, input.data) ??
				writeFailure(e, { action, schema: proposalSchema, collection: 'editorial_proposals' })
			);
		}
	},

	comment: async (event) => review(event, 'comment'),
	requestChanges: async (event) => review(event, 'request_changes'),
	publish: async (event) => review(event, 'publish')
};
