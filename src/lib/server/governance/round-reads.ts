/**
 * The read side of the governance service: what a user may see of a round (cut per viewer by
 * view.ts), who may listen to it, the open rounds of an experiment and the audit trail. Reads only;
 * every write is in round-writes.ts. No SvelteKit imports: integration tests call it directly.
 */
import type PocketBase from 'pocketbase';
import type { ConsentRound } from '../../domain/consent-round';
import type { Election } from '../../domain/election';
import { memberContext, requireAccess } from './access';
import { auditTrail, type AuditEntry, type StoredEvent } from './audit';
import { GovernanceError } from './errors';
import { loadRound, namesOf, nowIso, type GovernanceDeps, type RoundRecord } from './round-store';
import { consentView, electionView, type RoundKind, type RoundView } from './view';

/** The view of a stored round for one viewer (null: the projection, cut for nobody). */
export function cutView(
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
		election: record.kind === 'election' ? electionView(record.state as Election, viewerId) : null,
		documentId: record.document || null,
		answeredBy: (record.state as ConsentRound | Election).positions.map((p) => p.participantId)
	};
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
