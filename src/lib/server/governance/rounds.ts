/**
 * The governance service: creates rounds and applies commands to them. Every write runs here, on
 * the server, with the superuser client: the user is authenticated by the caller, `by` is that
 * user and `at` the server clock, the pure state machine decides, and the new state, its audit
 * event (and the register entry when the round closes) are written in ONE PocketBase batch
 * (a transaction). pb_hooks/governance.pb.js refuses a stale revision or a change to a closed
 * round even if this code had a bug. No SvelteKit imports: integration tests call it directly.
 */
import { appLog, errorFields } from '../log';
import { orNullIfMissing } from '../pb-errors';
import type PocketBase from 'pocketbase';
import { ClientResponseError } from 'pocketbase';
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
import { can } from '../../domain/access';
import {
	PROJECTION_VIEW,
	ROUND_CHANGED,
	roundTopic,
	type RoundChanged
} from '../../live/round-events';
import {
	liveHub,
	registerLiveCut,
	type LiveHub,
	type LiveMessage,
	type LiveMessageFor
} from '../live/hub';
import { experimentMembers, memberContext, requireAccess, type Member } from './access';
import { consentEvent, electionEvent, type CommandContext } from './commands';
import { consentDecision, electionDecision, type DecisionFields } from './decision';
import { GovernanceError } from './errors';
import { sha256Hex } from './hash';
import { freezeSection } from './proposal-source';
import { auditTrail, type AuditEntry, type StoredEvent } from './audit';
import { newId, shuffle } from './ids';
import { consentView, electionView, type RoundKind, type RoundView } from './view';
import { writeNotifications } from '../review/notify';

export interface GovernanceDeps {
	admin: PocketBase;
	hub?: LiveHub;
	now?: () => Date;
}

export const TITLE_MAX = 300;

export { roundTopic };

interface RoundRecord {
	id: string;
	experiment: string;
	kind: RoundKind;
	title: string;
	section: string;
	document: string;
	source_state?: string;
	state: unknown;
	phase: string;
	closed: boolean;
	revision: number;
}

const nowIso = (deps: GovernanceDeps) => (deps.now?.() ?? new Date()).toISOString();

// Commands to one round are applied one at a time in this process; across instances (a cluster)
// the hook's revision check refuses the later of two racing writes, and that command is applied
// again on the new state (applyCommand), as if it had waited its turn.
const locks = new Map<string, Promise<unknown>>();
/** Attempts of one command against revision conflicts (each on a freshly read round). */
const CONFLICT_ATTEMPTS = 5;

function withLock<T>(key: string, task: () => Promise<T>): Promise<T> {
	const previous = locks.get(key) ?? Promise.resolve();
	const run = previous.then(task, task);
	const tail = run.catch(() => undefined);
	locks.set(key, tail);
	void tail.then(() => {
		if (locks.get(key) === tail) locks.delete(key);
	});
	return run;
}

/** Maps a refusal of the store (hook ids) to a GovernanceError; rethrows anything else. */
function storeError(error: unknown): never {
	if (error instanceof ClientResponseError) {
		const body = JSON.stringify(error.response ?? {}).toLowerCase();
		if (body.includes('round_closed')) throw new GovernanceError('round_closed');
		if (body.includes('revision_conflict')) throw new GovernanceError('conflict');
		if (error.status === 0 || error.status >= 500) throw new GovernanceError('unavailable');
	}
	throw error;
}

async function loadRound(admin: PocketBase, roundId: string): Promise<RoundRecord> {
	if (!/^[a-z0-9]{15}$/.test(roundId)) throw new GovernanceError('not_found');
	try {
		return await admin.collection('rounds').getOne<RoundRecord & { id: string }>(roundId);
	} catch (error) {
		if (error instanceof ClientResponseError && error.status === 404)
			throw new GovernanceError('not_found');
		return storeError(error);
	}
}

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
		appLog.error('governance.round_notification_failed', {
			round: round.id,
			...errorFields(error)
		});
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
		const doc = await orNullIfMissing(
			deps.admin.collection('documents').getOne(input.documentId, { fields: 'experiment' })
		);
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

function cutView(
	record: RoundRecord,
	viewerId: string | null,
	names: Record<string, string>,
	at: string
): RoundView {
	return {
		id: record.id,
		experimentId: record.experiment,
		kind: record.kind,
		title: record.title,
		section: record.section,
		revision: record.revision,
		closed: record.closed,
		phase: record.phase,
		viewerId,
		names,
		serverNow: at,
		consent: record.kind === 'consent' ? consentView(record.state as ConsentRound, viewerId) : null,
		election: record.kind === 'election' ? electionView(record.state as Election, viewerId) : null
	};
}

const namesFrom = (members: readonly Member[]): Record<string, string> =>
	Object.fromEntries(members.map((m) => [m.id, m.name]));

async function namesOf(admin: PocketBase, experimentId: string): Promise<Record<string, string>> {
	return namesFrom(await experimentMembers(admin, experimentId));
}

/** The round as this user may see it; `projection` cuts the room screen's view (nobody's). */
export async function roundView(
	deps: GovernanceDeps,
	roundId: string,
	userId: string,
	options: { projection?: boolean } = {}
): Promise<RoundView> {
	const record = await loadRound(deps.admin, roundId);
	const ctx = await memberContext(deps.admin, record.experiment, userId);
	requireAccess(ctx, 'read');
	const names = await namesOf(deps.admin, record.experiment);
	return cutView(record, options.projection ? null : userId, names, nowIso(deps));
}

/** For the live hub: may this user listen to this round? */
export async function canReadRound(admin: PocketBase, userId: string, roundId: string) {
	try {
		const record = await loadRound(admin, roundId);
		const ctx = await memberContext(admin, record.experiment, userId);
		requireAccess(ctx, 'read');
		return true;
	} catch (error) {
		if (error instanceof GovernanceError) return false;
		throw error;
	}
}

export interface ApplyInput {
	roundId: string;
	/** The authenticated user (never taken from the body). */
	userId: string;
	/** The client's command, as received (untrusted JSON). */
	body: unknown;
}

export function applyCommand(deps: GovernanceDeps, input: ApplyInput): Promise<RoundView> {
	return withLock(input.roundId, async () => {
		for (let attempt = 1; ; attempt++) {
			try {
				return await applyLocked(deps, input);
			} catch (error) {
				// Another instance wrote this round in between: decide again on what it wrote.
				if (!(error instanceof GovernanceError) || error.code !== 'conflict') throw error;
				if (attempt >= CONFLICT_ATTEMPTS) throw error;
				await new Promise((resolve) => setTimeout(resolve, 5 + Math.random() * 20 * attempt));
			}
		}
	});
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
	const notice: RoundChanged = { revision, phase: state.phase };
	(deps.hub ?? liveHub()).publish(
		roundTopic(record.id),
		roundChangedCut(
			{ stored, read: { members, names, at, archived: ctx.archived } },
			{ type: ROUND_CHANGED, data: notice }
		)
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

/** The cut travels to every instance as its input (the stored round and members, plain data). */
const roundChangedCut = registerLiveCut(
	'round.changed',
	(input: { stored: RoundRecord; read: Parameters<typeof roundChanged>[1] }) =>
		roundChanged(input.stored, input.read)
);

export interface RoundSummary {
	id: string;
	kind: RoundKind;
	title: string;
	phase: string;
	closed: boolean;
	updated: string;
}

/** Open rounds of an experiment, for its page and the register. */
export async function openRounds(
	deps: GovernanceDeps,
	experimentId: string,
	userId: string
): Promise<RoundSummary[]> {
	const ctx = await memberContext(deps.admin, experimentId, userId);
	requireAccess(ctx, 'read');
	const list = await deps.admin.collection('rounds').getFullList({
		filter: deps.admin.filter('experiment = {:e} && closed = false', { e: experimentId }),
		sort: '-updated',
		fields: 'id,kind,title,phase,closed,updated'
	});
	return list.map((r) => ({
		id: r.id,
		kind: r.kind as RoundKind,
		title: r.title as string,
		phase: r.phase as string,
		closed: r.closed as boolean,
		updated: r.updated as string
	}));
}

/**
 * The round's audit trail for this user: the facilitator always, every reader once the round is
 * closed (null otherwise), cut so hidden positions and secret nominations stay hidden.
 */
export async function roundAudit(
	deps: GovernanceDeps,
	roundId: string,
	userId: string
): Promise<AuditEntry[] | null> {
	const record = await loadRound(deps.admin, roundId);
	const ctx = await memberContext(deps.admin, record.experiment, userId);
	requireAccess(ctx, 'read');
	const state = record.state as ConsentRound | Election;
	if (!record.closed && state.facilitatorId !== userId) return null;
	const rows = await deps.admin.collection('round_events').getFullList({
		filter: deps.admin.filter('round = {:round}', { round: record.id }),
		sort: 'revision',
		fields: 'revision,actor,type,payload,created'
	});
	const events: StoredEvent[] = rows.map((r) => ({
		revision: Number(r.revision),
		actor: String(r.actor),
		type: String(r.type),
		payload: r.payload,
		created: String(r.created)
	}));
	return auditTrail(record.kind, events, state, userId);
}
