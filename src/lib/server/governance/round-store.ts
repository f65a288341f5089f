/**
 * The stored side of a round, shared by the governance service's reads (round-reads.ts) and
 * writes (round-writes.ts): the record's shape, loading it, mapping the store's refusals to
 * GovernanceErrors, and the per-round command lock. No SvelteKit imports.
 */
import type PocketBase from 'pocketbase';
import { ClientResponseError } from 'pocketbase';
import type { LiveHub } from '../live/hub';
import { experimentMembers, type Member } from './access';
import { GovernanceError } from './errors';
import type { RoundKind } from './view';

export interface GovernanceDeps {
	admin: PocketBase;
	hub?: LiveHub;
	now?: () => Date;
}

export interface RoundRecord {
	id: string;
	experiment: string;
	kind: RoundKind;
	title: string;
	section: string;
	document: string;
	source_state?: string;
	/** The section heading's (or COPIL part's) Yjs identity, for rounds started from a document. */
	source_anchor?: unknown;
	mode?: '' | 'live' | 'async';
	/** Next time the schedule acts on an asynchronous window ('' when nothing is due). */
	due_at?: string;
	/** The register entry a renewal round reviews. */
	renews?: string;
	state: unknown;
	phase: string;
	closed: boolean;
	revision: number;
}

export const nowIso = (deps: GovernanceDeps) => (deps.now?.() ?? new Date()).toISOString();

// Commands to one round are applied one at a time in this process; across instances (a cluster)
// the hook's revision check refuses the later of two racing writes, and that command is applied
// again on the new state (applyCommand), as if it had waited its turn.
const locks = new Map<string, Promise<unknown>>();

export function withLock<T>(key: string, task: () => Promise<T>): Promise<T> {
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
export function storeError(error: unknown): never {
	if (error instanceof ClientResponseError) {
		const body = JSON.stringify(error.response ?? {}).toLowerCase();
		if (body.includes('round_closed')) throw new GovernanceError('round_closed');
		if (body.includes('revision_conflict')) throw new GovernanceError('conflict');
		if (error.status === 0 || error.status >= 500) throw new GovernanceError('unavailable');
	}
	throw error;
}

export async function loadRound(admin: PocketBase, roundId: string): Promise<RoundRecord> {
	if (!/^[a-z0-9]{15}$/.test(roundId)) throw new GovernanceError('not_found');
	try {
		return await admin.collection('rounds').getOne<RoundRecord & { id: string }>(roundId);
	} catch (error) {
		if (error instanceof ClientResponseError && error.status === 404)
			throw new GovernanceError('not_found');
		return storeError(error);
	}
}

export const namesFrom = (members: readonly Member[]): Record<string, string> =>
	Object.fromEntries(members.map((m) => [m.id, m.name]));

export async function namesOf(
	admin: PocketBase,
	experimentId: string
): Promise<Record<string, string>> {
	return namesFrom(await experimentMembers(admin, experimentId));
}
