/**
 * The editorial path of the resource centre (src/lib/domain/editorial.ts) over PocketBase: a
 * proposal per document (its facts and the frozen version proposed), its events, the moves
 * (propose, comment, request changes, approve, publish) checked by the pure rules and by the
 * `publish` action of can(), the organisation's « À relire » queue, and the inbox notices.
 * Read and written with the superuser client after those checks; the PocketBase rules mirror
 * them for direct clients (migration 1766610000_editorial.js).
 */
import type {
	EditorialEventsRecord,
	EditorialProposalsRecord,
	TypedPocketBase
} from '../../pocketbase/types';
import { can } from '../../domain/access';
import {
	awaitsEditor,
	checkMove,
	defaultFacts,
	editorialRecipients,
	proposalState,
	stepsOf,
	type EditorialEvent,
	type EditorialKind,
	type EditorialMove,
	type EditorialRefusal,
	type ProposalFacts,
	type ProposalState
} from '../../domain/editorial';
import { licenceOf } from '../../domain/resources';
import { appLog, errorFields } from '../log';
import { orgRoleIn } from '../members';
import { orNullIfMissing } from '../pb-errors';
import { reviewContext, type ReviewContext } from '../review/context';
import { writeNotifications, type InboxKind } from '../review/notify';
import { currentPublication, publishVersion } from '../review/publication';
import { saveVersion } from '../review/versions';

export class EditorialError extends Error {
	constructor(readonly code: EditorialRefusal | 'not_found') {
		super(code);
		this.name = 'EditorialError';
	}
}

export interface EditorialEventView extends EditorialEvent {
	id: string;
	actorName: string;
}

export interface ProposalView {
	id: string;
	documentId: string;
	documentTitle: string;
	experimentId: string;
	experimentTitle: string;
	proposerId: string;
	proposerName: string;
	versionId: string;
	facts: ProposalFacts;
	state: ProposalState;
	events: EditorialEventView[];
	updated: string;
}

type ProposalRow = EditorialProposalsRecord & {
	expand?: {
		document?: { title?: string };
		experiment?: { title?: string };
		proposed_by?: { name?: string };
	};
};
type EventRow = EditorialEventsRecord & { expand?: { actor?: { name?: string } } };

function factsOf(row: EditorialProposalsRecord): ProposalFacts {
	return {
		kind: row.kind as EditorialKind,
		summary: row.summary ?? '',
		enjeux: row.enjeux ?? [],
		territoryType: row.territory_type ?? '',
		year: row.year ?? 0,
		authors: row.authors ?? '',
		licence: licenceOf(row.licence ?? '')
	};
}

async function eventsOf(admin: TypedPocketBase, proposalIds: string[]) {
	if (proposalIds.length === 0) return new Map<string, EditorialEventView[]>();
	const filter = proposalIds.map((_, i) => `proposal = {:p${i}}`).join(' || ');
	const rows = await admin.collection('editorial_events').getFullList<EventRow>({
		filter: admin.filter(filter, Object.fromEntries(proposalIds.map((id, i) => [`p${i}`, id]))),
		sort: 'created,id',
		expand: 'actor'
	});
	const byProposal = new Map<string, EditorialEventView[]>();
	for (const row of rows) {
		const list = byProposal.get(row.proposal) ?? [];
		list.push({
			id: row.id,
			step: row.step,
			actor: row.actor,
			actorName: row.expand?.actor?.name ?? '',
			at: row.created,
			body: row.body || undefined,
			versionId: row.version || undefined
		});
		byProposal.set(row.proposal, list);
	}
	return byProposal;
}

const EXPAND = 'document,experiment,proposed_by';

function view(row: ProposalRow, events: EditorialEventView[]): ProposalView {
	return {
		id: row.id,
		documentId: row.document,
		documentTitle: row.expand?.document?.title ?? '',
		experimentId: row.experiment,
		experimentTitle: row.expand?.experiment?.title ?? '',
		proposerId: row.proposed_by,
		proposerName: row.expand?.proposed_by?.name ?? '',
		versionId: row.version,
		facts: factsOf(row),
		state: proposalState(events),
		events,
		updated: row.updated
	};
}

async function proposalRow(admin: TypedPocketBase, documentId: string) {
	return orNullIfMissing(
		admin
			.collection('editorial_proposals')
			.getFirstListItem<ProposalRow>(admin.filter('document = {:d}', { d: documentId }), {
				expand: EXPAND
			})
	);
}

export interface DocumentEditorial {
	ctx: ReviewContext;
	proposal: ProposalView | null;
	/** What the form starts from: the proposal's facts, or the experiment's. */
	facts: ProposalFacts;
	/** Is the document on the public page now (its slug)? */
	publishedSlug: string | null;
	organisationId: string;
	documentTitle: string;
}

/** The editorial page of a document; throws ReviewError `not_found` to non-readers. */
export async function documentEditorial(
	admin: TypedPocketBase,
	documentId: string,
	userId: string,
	now = new Date()
): Promise<DocumentEditorial> {
	const ctx = await reviewContext(admin, documentId, userId);
	const [row, doc, publication] = await Promise.all([
		proposalRow(admin, documentId),
		admin.collection('documents').getOne(documentId, {
			expand: 'experiment',
			fields:
				'title,kind,expand.experiment.enjeux,expand.experiment.territory_type,expand.experiment.organisation'
		}),
		currentPublication(admin, documentId)
	]);
	const experiment = (
		doc as {
			expand?: {
				experiment?: { enjeux?: string[]; territory_type?: string; organisation?: string };
			};
		}
	).expand?.experiment;
	const proposal = row ? view(row, (await eventsOf(admin, [row.id])).get(row.id) ?? []) : null;
	return {
		ctx,
		proposal,
		facts:
			proposal?.facts ??
			defaultFacts({
				documentKind: doc.kind,
				enjeux: experiment?.enjeux ?? [],
				territoryType: experiment?.territory_type ?? '',
				now
			}),
		publishedSlug: publication?.slug ?? null,
		organisationId: experiment?.organisation ?? '',
		documentTitle: doc.title
	};
}

/** The organisation's editors for this experiment: its derived `publishers` list. */
async function editorsOf(admin: TypedPocketBase, experimentId: string): Promise<string[]> {
	const experiment = await admin
		.collection('experiments')
		.getOne(experimentId, { fields: 'publishers' });
	return experiment.publishers ?? [];
}

const NOTICE: Record<EditorialMove, InboxKind> = {
	propose: 'editorial_proposed',
	comment: 'editorial_comment',
	request_changes: 'editorial_changes',
	approve: 'editorial_comment',
	publish: 'editorial_published'
};

async function notify(
	admin: TypedPocketBase,
	input: {
		move: EditorialMove;
		ctx: ReviewContext;
		proposerId: string;
		events: readonly { actor: string }[];
		excerpt: string;
	}
) {
	try {
		const editors = await editorsOf(admin, input.ctx.experimentId);
		const to = editorialRecipients({
			move: input.move,
			actor: input.ctx.userId,
			proposer: input.proposerId,
			editors,
			events: input.events
		});
		const actor = await admin.collection('users').getOne(input.ctx.userId, { fields: 'name' });
		await writeNotifications(admin, {
			recipients: new Map(to.map((id) => [id, NOTICE[input.move]])),
			actorId: input.ctx.userId,
			actorName: actor.name,
			excerpt: input.excerpt,
			link: `/documents/${input.ctx.documentId}/publication`,
			documentId: input.ctx.documentId
		});
	} catch (error) {
		appLog.error('editorial.notification_failed', errorFields(error));
	}
}

function actorOf(ctx: ReviewContext) {
	return { writer: ctx.rights.edit, editor: ctx.canPublish };
}

function refuse(result: ReturnType<typeof checkMove>): void {
	if (!result.ok) throw new EditorialError(result.error);
}

/**
 * Proposes the document's current state, frozen as a named version, with its facts (a first
 * proposal, an answer to a change request, or a new version after a publication).
 */
export async function propose(
	admin: TypedPocketBase,
	input: { documentId: string; userId: string; facts: ProposalFacts; versionName: string }
): Promise<ProposalView> {
	const { ctx, proposal } = await documentEditorial(admin, input.documentId, input.userId);
	refuse(checkMove(proposal?.state ?? 'draft', 'propose', actorOf(ctx)));
	const versionId = await saveVersion(admin, ctx.documentId, 'named', {
		name: input.versionName,
		userId: ctx.userId
	});
	const facts = input.facts;
	const fields = {
		proposed_by: ctx.userId,
		version: versionId,
		kind: facts.kind,
		summary: facts.summary,
		enjeux: facts.enjeux,
		territory_type: facts.territoryType,
		year: facts.year,
		authors: facts.authors,
		licence: facts.licence
	};
	const row = proposal
		? await admin.collection('editorial_proposals').update(proposal.id, fields)
		: await admin.collection('editorial_proposals').create({
				...fields,
				document: ctx.documentId,
				experiment: ctx.experimentId
			});
	await admin.collection('editorial_events').create({
		proposal: row.id,
		step: 'proposed',
		actor: ctx.userId,
		body: '',
		version: versionId
	});
	await notify(admin, {
		move: 'propose',
		ctx,
		proposerId: ctx.userId,
		events: proposal?.events ?? [],
		excerpt: facts.summary
	});
	return (await documentEditorial(admin, input.documentId, input.userId)).proposal!;
}

/** A comment, a change request, an approval or the publication of the proposed version. */
export async function reviewProposal(
	admin: TypedPocketBase,
	input: {
		documentId: string;
		userId: string;
		move: Exclude<EditorialMove, 'propose'>;
		body: string;
	}
): Promise<ProposalView> {
	const { ctx, proposal } = await documentEditorial(admin, input.documentId, input.userId);
	if (!proposal) throw new EditorialError('wrong_state');
	refuse(checkMove(proposal.state, input.move, actorOf(ctx)));
	if (input.move === 'publish') {
		const { facts } = proposal;
		await publishVersion(admin, ctx, proposal.versionId, {
			licence: facts.licence,
			summary: facts.summary,
			enjeux: facts.enjeux,
			territoryType: facts.territoryType,
			year: facts.year,
			authors: facts.authors
		});
	}
	for (const step of stepsOf(input.move, proposal.state)) {
		await admin.collection('editorial_events').create({
			proposal: proposal.id,
			step,
			actor: ctx.userId,
			body: step === 'published' ? '' : input.body,
			version: step === 'published' ? proposal.versionId : ''
		});
	}
	await notify(admin, {
		move: input.move,
		ctx,
		proposerId: proposal.proposerId,
		events: proposal.events,
		excerpt: input.body || proposal.documentTitle
	});
	return (await documentEditorial(admin, input.documentId, input.userId)).proposal!;
}

/**
 * « À relire »: the organisation's proposals waiting for an editor, oldest first; empty for
 * someone who does not hold `publish` in the organisation.
 */
export async function reviewQueue(
	admin: TypedPocketBase,
	organisationId: string,
	userId: string
): Promise<ProposalView[]> {
	const orgRole = await orgRoleIn(admin, organisationId, userId);
	if (!can({ role: null, orgRole }, 'publish')) return [];
	const rows = await admin.collection('editorial_proposals').getFullList<ProposalRow>({
		filter: admin.filter("experiment.organisation = {:o} && experiment.status != 'archivee'", {
			o: organisationId
		}),
		expand: EXPAND,
		sort: 'updated,id'
	});
	const events = await eventsOf(
		admin,
		rows.map((row) => row.id)
	);
	return rows
		.map((row) => view(row, events.get(row.id) ?? []))
		.filter((proposal) => awaitsEditor(proposal.state));
}
