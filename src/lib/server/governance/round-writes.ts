/**
 * The write side of the governance service: creates rounds and applies commands to them. Every
 * write runs here, on the server, with the superuser client: the user is authenticated by the
 * caller, `by` is that user and `at` the server clock, the pure state machine decides, and the new
 * state, its audit event (and the register entry when the round closes) are written in ONE
 * PocketBase batch (a transaction). pb_hooks/governance.pb.js refuses a stale revision or a change
 * to a closed round even if this code had a bug. No SvelteKit imports: integration tests call it
 * directly.
 *
 * After the batch, for a round started from a document: its objection threads follow it, an
 * adopted text (or an election's result) is written back into the document — durably — and only
 * then is the change announced (`round.changed`, `decisions.changed` on the document’s topic).
 */
import {
	applyRoundEvent,
	createConsentRound,
	type ConsentRound,
	type RoundEvent
} from '../../domain/consent-round';
import { openWindow, windowDueAt, type ConsentWindow } from '../../domain/consent-window';
import {
	applyElectionEvent,
	createElection,
	type Election,
	type ElectionEvent,
	type RoleDescription
} from '../../domain/election';
import { canonicalSectionText } from '../../domain/section-write';
import { isSectionAnchor } from '../../decisions/section-anchor';
import { SECTION_TEXT_OPTIONS } from '../../decisions/section-text';
import type PocketBase from 'pocketbase';
import { can } from '../../domain/access';
import {
	PROJECTION_VIEW,
	ROUND_CHANGED,
	roundTopic,
	type RoundChanged
} from '../../live/round-events';
import type { DecisionsRecord } from '../../pocketbase/types';
import { liveHub, registerLiveCut, type LiveMessage, type LiveMessageFor } from '../live/hub';
import { appLog, errorFields } from '../log';
import { orNullIfMissing } from '../pb-errors';
import { writeNotifications } from '../review/notify';
import { experimentMembers, memberContext, requireAccess, type Member } from './access';
import { consentEvent, electionEvent, type CommandContext } from './commands';
import { asyncDayMs } from './config';
import { consentDecision, electionDecision, type DecisionFields } from './decision';
import { publishDocumentDecisions } from './document-decisions-topic';
import { writeElection } from './election-write';
import { GovernanceError } from './errors';
import { sha256Hex } from './hash';
import { newId, shuffle } from './ids';
import { syncIntegrationSuggestion } from './integration-suggestion';
import { syncObjectionThreads } from './objection-threads';
import { copilPartSource, freezeSection } from './proposal-source';
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
import { writeBack, type WritebackDeps } from './write-back';

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
		sourceAnchor?: unknown;
		renews?: string;
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
		source_anchor: fields.sourceAnchor ?? null,
		renews: fields.renews ?? '',
		...scheduleFields(fields.state),
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
	 * A section of one of the experiment's documents: its current text is frozen as the proposal
	 * (replacing `section`), with the document's state vector and the heading's anchor; `text`, if
	 * given and different, is the proposed new wording of the section (version 2).
	 */
	source?: { documentId: string; index: number; heading: string } | null;
	text: string;
	proposerId: string;
	participants: string[];
	hidePositionsUntilReveal?: boolean;
	remoteDeadline?: string | null;
	/**
	 * Opens the proposal asynchronously for `days` days (a no-objection window); `reviewDate` is
	 * the review date its adoption will carry.
	 */
	window?: { days: number; reviewDate: string } | null;
	/** A renewal: the register entry whose section comes up for review (replaces `source`). */
	renews?: string | null;
}

/** The register entry a renewal reviews: an adopted decision of this experiment about a section. */
async function renewedDecision(
	admin: PocketBase,
	experimentId: string,
	decisionId: string
): Promise<DecisionsRecord> {
	if (!/^[a-z0-9]{15}$/.test(decisionId)) throw new GovernanceError('invalid_input');
	const decision = await orNullIfMissing(
		admin.collection('decisions').getOne<DecisionsRecord>(decisionId)
	);
	if (
		!decision ||
		decision.experiment !== experimentId ||
		decision.outcome !== 'adopted' ||
		!decision.source_document ||
		!isSectionAnchor(decision.source_anchor)
	)
		throw new GovernanceError('invalid_input');
	return decision;
}

export async function startConsentRound(
	deps: WritebackDeps,
	input: NewConsentRoundInput
): Promise<string> {
	const ctx = await memberContext(deps.admin, input.experimentId, input.userId);
	requireAccess(ctx, 'facilitate');
	const title = cleanTitle(input.title);
	const names = await checkParticipants(deps.admin, input.experimentId, input.participants);
	if (!(input.proposerId in names)) throw new GovernanceError('participants_invalid');
	const renewed = input.renews
		? await renewedDecision(deps.admin, input.experimentId, input.renews)
		: null;
	const source = renewed
		? {
				documentId: renewed.source_document,
				anchor: renewed.source_anchor as never,
				heading: renewed.section
			}
		: (input.source ?? null);
	const frozen = source
		? await freezeSection(
				deps.admin,
				input.experimentId,
				source,
				SECTION_TEXT_OPTIONS,
				deps.documents
			)
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
	let window: ConsentWindow | null = null;
	if (input.window) {
		const opened = openWindow({
			openedAt: at,
			days: input.window.days,
			reviewDate: input.window.reviewDate,
			dayMs: asyncDayMs()
		});
		if (!opened.ok) throw new GovernanceError(opened.error);
		window = opened.window;
	}
	// From a section, a text that differs from it is the proposed new wording (version 2).
	const proposedText = frozen ? canonicalSectionText(input.text) : '';
	const proposed =
		frozen && proposedText !== '' && proposedText !== frozen.text
			? { text: proposedText, hash: sha256Hex(proposedText) }
			: null;
	const result = createConsentRound({
		facilitatorId: input.userId,
		proposerId: input.proposerId,
		participants: input.participants,
		text: frozen?.text ?? input.text,
		hash: sha256Hex(frozen?.text ?? input.text),
		proposed,
		at,
		hidePositionsUntilReveal: input.hidePositionsUntilReveal ?? false,
		remoteDeadline: window ? null : (deadline?.toISOString() ?? null),
		window
	});
	if (!result.ok) throw new GovernanceError(result.error);
	const id = await writeNewRound(deps, {
		experimentId: input.experimentId,
		kind: 'consent',
		title,
		section: (frozen?.heading ?? input.section ?? '').trim().slice(0, TITLE_MAX),
		documentId: frozen?.documentId ?? input.documentId ?? null,
		sourceState: frozen?.stateVector ?? '',
		sourceAnchor: frozen?.anchor ?? null,
		renews: renewed?.id ?? '',
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
	if (frozen) publishDocumentDecisions(deps.hub ?? liveHub(), frozen.documentId);
	return id;
}

export interface NewElectionInput {
	experimentId: string;
	userId: string;
	role: RoleDescription;
	participants: string[];
	/** A document whose COPIL composition part receives the elected person, role and term. */
	documentId?: string | null;
}

export async function startElection(deps: WritebackDeps, input: NewElectionInput): Promise<string> {
	const ctx = await memberContext(deps.admin, input.experimentId, input.userId);
	requireAccess(ctx, 'facilitate');
	const title = cleanTitle(input.role.title);
	await checkParticipants(deps.admin, input.experimentId, input.participants);
	const part = input.documentId
		? await copilPartSource(deps.admin, input.experimentId, input.documentId, deps.documents)
		: null;
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
		section: part?.heading.slice(0, TITLE_MAX) ?? '',
		documentId: part?.documentId ?? null,
		sourceAnchor: part?.anchor ?? null,
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

/** Attempts of one command against revision conflicts (each on a freshly read round). */
const CONFLICT_ATTEMPTS = 5;

export function applyCommand(deps: WritebackDeps, input: ApplyInput): Promise<RoundView> {
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

async function applyLocked(deps: WritebackDeps, input: ApplyInput): Promise<RoundView> {
	const record = await loadRound(deps.admin, input.roundId);
	const ctx = await memberContext(deps.admin, record.experiment, input.userId);
	requireAccess(ctx, 'read');
	if (record.closed) throw new GovernanceError('round_closed');
	if (ctx.archived) throw new GovernanceError('experiment_archived');

	const at = nowIso(deps);
	const commandCtx: CommandContext = {
		by: input.userId,
		at,
		hash: sha256Hex,
		newId,
		shuffle,
		// A proposal frozen from a section is kept in the section's text form, to be written back.
		canonical: record.document && record.kind === 'consent' ? canonicalSectionText : undefined
	};
	let event: RoundEvent | ElectionEvent;
	let state: ConsentRound | Election;
	if (record.kind === 'consent') {
		const current = record.state as ConsentRound;
		const roundEvent = consentEvent(input.body, commandCtx, current.participants);
		const result = applyRoundEvent(current, roundEvent);
		if (!result.ok) throw new GovernanceError(result.error);
		[event, state] = [roundEvent, result.state];
	} else {
		const current = record.state as Election;
		const electionEv = electionEvent(input.body, commandCtx, current.participants);
		const result = applyElectionEvent(current, electionEv);
		if (!result.ok) throw new GovernanceError(result.error);
		[event, state] = [electionEv, result.state];
	}
	const { stored, names } = await commitRound(deps, record, {
		event,
		state,
		actor: input.userId,
		at,
		archived: ctx.archived
	});
	return cutView(stored, input.userId, names, at);
}

/** Fields that let the schedule find an asynchronous window when something is due. */
function scheduleFields(state: ConsentRound | Election): { mode: string; due_at: string } {
	const consent = 'versions' in state ? state : null;
	const window = consent?.window ?? null;
	const due = consent && consent.closedAt === null && window ? windowDueAt(window) : null;
	return { mode: consent?.mode ?? 'live', due_at: due ?? '' };
}

export interface RoundChange {
	event: RoundEvent | ElectionEvent;
	state: ConsentRound | Election;
	/** Who did it: the user, or the schedule's actor (SCHEDULE_ACTOR). */
	actor: string;
	at: string;
	archived: boolean;
}

/**
 * Stores a round's new state with its event (and register entry when it closes) in one batch,
 * then, for a round started from a document, brings its objection threads along and writes an
 * adopted text or an election's result back into the document; announces the change last.
 */
export async function commitRound(
	deps: WritebackDeps,
	record: RoundRecord,
	change: RoundChange
): Promise<{
	stored: RoundRecord;
	names: Record<string, string>;
	decision: DecisionsRecord | null;
}> {
	const { event, state, at } = change;
	const closed = state.closedAt !== null;
	// One read for the decision's names and, once stored, for whom the change may be pushed to.
	const members = await experimentMembers(deps.admin, record.experiment);
	const names = namesFrom(members);
	const revision = record.revision + 1;
	const batch = deps.admin.createBatch();
	batch.collection('rounds').update(record.id, {
		state,
		phase: state.phase,
		closed,
		revision,
		...scheduleFields(state)
	});
	batch.collection('round_events').create({
		round: record.id,
		actor: change.actor,
		type: event.type,
		payload: event,
		revision
	});
	const decisionId = newId();
	let decisionFields: DecisionFields | null = null;
	if (closed) {
		decisionFields =
			record.kind === 'consent'
				? consentDecision(state as ConsentRound, record, names)
				: electionDecision(state as Election, record, names, sha256Hex);
		if (decisionFields)
			batch.collection('decisions').create({
				...decisionFields,
				id: decisionId,
				experiment: record.experiment,
				round: record.id
			});
	}
	await batch.send().catch(storeError);

	const stored: RoundRecord = { ...record, state, phase: state.phase, closed, revision };
	const decision = decisionFields
		? await deps.admin.collection('decisions').getOne<DecisionsRecord>(decisionId)
		: null;
	if (record.document) await afterDocumentRound(deps, stored, decision, { event, names });
	const notice: RoundChanged = { revision, phase: state.phase };
	(deps.hub ?? liveHub()).publish(
		roundTopic(record.id),
		roundChangedCut(
			{ stored, read: { members, names, at, archived: change.archived } },
			{ type: ROUND_CHANGED, data: notice }
		)
	);
	if (record.document) publishDocumentDecisions(deps.hub ?? liveHub(), record.document);
	return { stored, names, decision };
}

/**
 * What a round started from a document does to it: objection threads, and the adopted text or
 * the election's result written back. The round is already stored: a failure here is logged and
 * leaves the write-back pending (the round page offers it again), never undoes the decision.
 */
async function afterDocumentRound(
	deps: WritebackDeps,
	stored: RoundRecord,
	decision: DecisionsRecord | null,
	change: { event: RoundEvent | ElectionEvent; names: Record<string, string> }
): Promise<void> {
	try {
		if (stored.kind === 'consent') {
			const state = stored.state as ConsentRound;
			await syncObjectionThreads(deps, stored, state, stored.closed);
			// Before the write-back: the section then reads as it did, without the round's proposal.
			await syncIntegrationSuggestion(deps, stored, { state, closed: stored.closed, ...change });
		}
		if (decision?.outcome === 'adopted')
			await writeBack(deps, { decision, round: stored, userId: null });
		if (decision?.outcome === 'elected') await writeElection(deps, decision, stored);
	} catch (error) {
		appLog.error('governance.document_follow_up_failed', {
			round: stored.id,
			...errorFields(error)
		});
	}
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
