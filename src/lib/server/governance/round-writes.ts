/**
 * The write side of the governance service: creates rounds and applies commands to them. Every
 * write runs here, on the server, with the superuser client: the user is authenticated by the
 * caller, `by` is that user and `at` the server clock, the pure state machine decides, and the new
 * state, its audit event (and the register entry when the round closes) are written in ONE
 * PocketBase batch (a transaction). pb_hooks/governance.pb.js refuses a stale revision or a change
 * to a closed round even if this code had a bug. No SvelteKit imports: integration tests call it
 * directly.
 */
import {
	applyRoundEvent,
	createConsentRound,
	type ConsentRound,
	type RoundEvent
} from '../../domain/consent-round';
import {
	applyElectionEvent,
	createElection,
	type Election,
	type ElectionEvent,
	type RoleDescription
} from '../../domain/election';
import type PocketBase from 'pocketbase';
import { can } from '../../domain/access';
import {
	PROJECTION_VIEW,
	ROUND_CHANGED,
	roundTopic,
	type RoundChanged
} from '../../live/round-events';
import { liveHub, type LiveMessage, type LiveMessageFor } from '../live/hub';
import { writeNotifications } from '../review/notify';
import { experimentMembers, memberContext, requireAccess, type Member } from './access';
import { consentEvent, electionEvent, type CommandContext } from './commands';
import { consentDecision, electionDecision, type DecisionFields } from './decision';
import { GovernanceError } from './errors';
import { sha256Hex } from './hash';
import { newId, shuffle } from './ids';
import { freezeSection } from './proposal-source';
import { cutView } from './round-reads';
import {
	loadRound,
	namesFrom,
	nowIso,
	storeError,
	withLock,
	type GovernanceDeps,
	type RoundRecord
} from './round-store';
import type { RoundKind, RoundView } from './view';

export const TITLE_MAX = 300;

async function checkParticipants(
	admin: PocketBase,
	experimentId: string,
	ids: readonly string[]
): Promise<Record<string, string>> {
	const members = await experimentMembers(admin, experimentId);
	const names = Object.fromEntries(members.map((m) => [m.id, m.name]));
	if (ids.length === 0 || ids.some((id) => !(id in names)))
		throw new GovernanceError('participants_invalid');
	return names;
}

function cleanTitle(title: string): string {
	const clean = title.trim();
	if (clean === '' || clean.length > TITLE_MAX) throw new GovernanceError('title_required');
	return clean;
}

async function writeNewRound(
	deps: GovernanceDeps,
	fields: {
		experimentId: string;
		kind: RoundKind;
		title: string;
		section: string;
		documentId: string | null;
		sourceState?: string;
		state: ConsentRound | Election;
		userId: string;
		at: string;
	}
): Promise<string> {
	const id = newId();
	const batch = deps.admin.createBatch();
	batch.collection('rounds').create({
		id,
		experiment: fields.experimentId,
		document: fields.documentId ?? '',
		section: fields.section,
		source_state: fields.sourceState ?? '',
		kind: fields.kind,
		title: fields.title,
		state: fields.state,
		phase: fields.state.phase,
		closed: false,
		revision: 0,
		created_by: fields.userId
	});
	batch.collection('round_events').create({
		round: id,
		actor: fields.userId,
		type: 'create',
		payload: { at: fields.at, state: fields.state },
		revision: 0
	});
	await batch.send().catch(storeError);
	return id;
}

/**
 * Tells each invited participant, but not the facilitator who started it, that a round awaits
 * them. The round is already written: a failure here is logged, never undoes it.
 */
async function notifyParticipants(
	deps: GovernanceDeps,
	round: { id: string; title: string; participants: readonly string[]; startedBy: string }
): Promise<void> {
	try {
		await writeNotifications(
			deps.admin,
			{
				recipients: new Map(round.participants.map((id) => [id, 'round' as const])),
				actorId: round.startedBy,
				excerpt: round.title,
				link: `/rounds/${round.id}`
			},
			deps.hub ?? liveHub()
		);
	} catch (error) {
		console.error('[governance] round notification failed', error);
	}
}

export interface NewConsentRoundInput {
	experimentId: string;
	/** The authenticated user: becomes the facilitator and must be allowed to facilitate. */
	userId: string;
	title: string;
	section?: string;
	documentId?: string | null;
	/**
	 * A section of one of the experiment's documents: its current stored text is frozen as the
	 * proposal (replacing `text` and `section`), with the document's state vector.
	 */
	source?: { documentId: string; index: number; heading: string } | null;
	/** How enjeu keys are written in a frozen section (the UI's labels). */
	enjeuLabel?: (value: string) => string;
	text: string;
	proposerId: string;
	participants: string[];
	hidePositionsUntilReveal?: boolean;
	remoteDeadline?: string | null;
}

export async function startConsentRound(
	deps: GovernanceDeps,
	input: NewConsentRoundInput
): Promise<string> {
	const ctx = await memberContext(deps.admin, input.experimentId, input.userId);
	requireAccess(ctx, 'facilitate');
	const title = cleanTitle(input.title);
	const names = await checkParticipants(deps.admin, input.experimentId, input.participants);
	if (!(input.proposerId in names)) throw new GovernanceError('participants_invalid');
	const frozen = input.source
		? await freezeSection(deps.admin, input.experimentId, input.source, {
				enjeuLabel: input.enjeuLabel
			})
		: null;
	if (!frozen && input.documentId) {
		const doc = await deps.admin
			.collection('documents')
			.getOne(input.documentId, { fields: 'experiment' })
			.catch(() => null);
		if (!doc || doc.experiment !== input.experimentId) throw new GovernanceError('invalid_input');
	}
	const at = nowIso(deps);
	const deadline = input.remoteDeadline ? new Date(input.remoteDeadline) : null;
	if (deadline && (Number.isNaN(deadline.getTime()) || deadline.toISOString() <= at))
		throw new GovernanceError('deadline_passed');
	const result = createConsentRound({
		facilitatorId: input.userId,
		proposerId: input.proposerId,
		participants: input.participants,
		text: frozen?.text ?? input.text,
		hash: sha256Hex(frozen?.text ?? input.text),
		at,
		hidePositionsUntilReveal: input.hidePositionsUntilReveal ?? false,
		remoteDeadline: deadline?.toISOString() ?? null
	});
	if (!result.ok) throw new GovernanceError(result.error);
	const id = await writeNewRound(deps, {
		experimentId: input.experimentId,
		kind: 'consent',
		title,
		section: (frozen?.heading ?? input.section ?? '').trim().slice(0, TITLE_MAX),
		documentId: frozen?.documentId ?? input.documentId ?? null,
		sourceState: frozen?.stateVector ?? '',
		state: result.state,
		userId: input.userId,
		at
	});
	await notifyParticipants(deps, {
		id,
		title,
		participants: result.state.participants,
		startedBy: input.userId
	});
	return id;
}

export interface NewElectionInput {
	experimentId: string;
	userId: string;
	role: RoleDescription;
	participants: string[];
}

export async function startElection(
	deps: GovernanceDeps,
	input: NewElectionInput
): Promise<string> {
	const ctx = await memberContext(deps.admin, input.experimentId, input.userId);
	requireAccess(ctx, 'facilitate');
	const title = cleanTitle(input.role.title);
	await checkParticipants(deps.admin, input.experimentId, input.participants);
	const result = createElection({
		facilitatorId: input.userId,
		participants: input.participants,
		role: { ...input.role, title }
	});
	if (!result.ok) throw new GovernanceError(result.error);
	const id = await writeNewRound(deps, {
		experimentId: input.experimentId,
		kind: 'election',
		title,
		section: '',
		documentId: null,
		state: result.state,
		userId: input.userId,
		at: nowIso(deps)
	});
	await notifyParticipants(deps, {
		id,
		title,
		participants: result.state.participants,
		startedBy: input.userId
	});
	return id;
}

export interface ApplyInput {
	roundId: string;
	/** The authenticated user (never taken from the body). */
	userId: string;
	/** The client's command, as received (untrusted JSON). */
	body: unknown;
}

export function applyCommand(deps: GovernanceDeps, input: ApplyInput): Promise<RoundView> {
	return withLock(input.roundId, () => applyLocked(deps, input));
}

async function applyLocked(deps: GovernanceDeps, input: ApplyInput): Promise<RoundView> {
	const record = await loadRound(deps.admin, input.roundId);
	const ctx = await memberContext(deps.admin, record.experiment, input.userId);
	requireAccess(ctx, 'read');
	if (record.closed) throw new GovernanceError('round_closed');
	if (ctx.archived) throw new GovernanceError('experiment_archived');

	const at = nowIso(deps);
	const commandCtx: CommandContext = { by: input.userId, at, hash: sha256Hex, newId, shuffle };
	let event: RoundEvent | ElectionEvent;
	let state: ConsentRound | Election;
	let closed: boolean;
	if (record.kind === 'consent') {
		const current = record.state as ConsentRound;
		const roundEvent = consentEvent(input.body, commandCtx, current.participants);
		const result = applyRoundEvent(current, roundEvent);
		if (!result.ok) throw new GovernanceError(result.error);
		[event, state, closed] = [roundEvent, result.state, result.state.closedAt !== null];
	} else {
		const current = record.state as Election;
		const electionEv = electionEvent(input.body, commandCtx, current.participants);
		const result = applyElectionEvent(current, electionEv);
		if (!result.ok) throw new GovernanceError(result.error);
		[event, state, closed] = [electionEv, result.state, result.state.closedAt !== null];
	}

	// One read for the decision's names and, once stored, for whom the change may be pushed to.
	const members = await experimentMembers(deps.admin, record.experiment);
	const names = namesFrom(members);
	const revision = record.revision + 1;
	const batch = deps.admin.createBatch();
	batch.collection('rounds').update(record.id, { state, phase: state.phase, closed, revision });
	batch.collection('round_events').create({
		round: record.id,
		actor: input.userId,
		type: event.type,
		payload: event,
		revision
	});
	if (closed) {
		const decision: DecisionFields | null =
			record.kind === 'consent'
				? consentDecision(state as ConsentRound, record, names)
				: electionDecision(state as Election, record, names, sha256Hex);
		if (decision)
			batch
				.collection('decisions')
				.create({ ...decision, experiment: record.experiment, round: record.id });
	}
	await batch.send().catch(storeError);

	const stored = { ...record, state, phase: state.phase, closed, revision };
	(deps.hub ?? liveHub()).publish(
		roundTopic(record.id),
		roundChanged(stored, { members, names, at, archived: ctx.archived })
	);
	return cutView(stored, input.userId, names, at);
}

/**
 * `round.changed` for each subscriber: with the view `roundView` would return them (same access
 * rule, same cut) when the members read with this change still let them read the round, the
 * bare notice otherwise (their refetch is then refused, as it should be).
 */
function roundChanged(
	stored: RoundRecord,
	read: { members: readonly Member[]; names: Record<string, string>; at: string; archived: boolean }
): LiveMessageFor {
	const notice: RoundChanged = { revision: stored.revision, phase: stored.phase };
	const bare: LiveMessage = { type: ROUND_CHANGED, data: notice };
	const roles = new Map(read.members.map((m) => [m.id, m.role]));
	// Cut once per viewer (a user's tabs share it; every projection shares one).
	const cuts = new Map<string | null, LiveMessage>();
	return ({ userId, view }) => {
		if (userId === null || (view !== null && view !== PROJECTION_VIEW)) return bare;
		if (!can({ role: roles.get(userId) ?? null, archived: read.archived }, 'read')) return bare;
		const viewerId = view === PROJECTION_VIEW ? null : userId;
		let message = cuts.get(viewerId);
		if (!message) {
			const data: RoundChanged = {
				...notice,
				view: cutView(stored, viewerId, read.names, read.at)
			};
			message = { type: ROUND_CHANGED, data };
			cuts.set(viewerId, message);
		}
		return message;
	};
}
