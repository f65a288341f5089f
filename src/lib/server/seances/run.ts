/**
 * Running a séance: start, next item, close, and a consent round started from an item. The rules
 * (what may happen now) are pure (src/lib/domain/seances/run.ts); this writes the instants with
 * the facilitator's own client (PocketBase's rules check the right again) in one batch, then
 * tells the séance's followers.
 */
import type { RunCommand, RunRefusal } from '../../domain/seances/run';
import { nextItem, roundParticipants, runRefusal } from '../../domain/seances/run';
import type { SeanceItemsRecord, SeancesRecord, TypedPocketBase } from '../../pocketbase/types';
import { startConsentRound } from '../governance/round-writes';
import { experimentMembers } from '../members';
import { adminPocketBase } from '../pocketbase';
import { announceSeance } from './live';

export type RunResult = { ok: true } | { ok: false; error: RunRefusal | 'stale' };

export async function runSeance(
	pb: TypedPocketBase,
	seance: SeancesRecord,
	items: readonly SeanceItemsRecord[],
	command: RunCommand,
	from: string,
	now: Date
): Promise<RunResult> {
	const current = seance.current_item ?? '';
	const refusal = runRefusal(command, seance.status, items, current);
	if (refusal) return { ok: false, error: refusal };
	if (command !== 'start' && from !== current) return { ok: false, error: 'stale' };
	const at = now.toISOString();
	const batch = pb.createBatch();
	if (current && items.some((i) => i.id === current))
		batch.collection('seance_items').update(current, { ended_at: at });
	// `run_from`: PocketBase refuses the step if the séance moved on since it was read
	// (pb_hooks/seance_run.pb.js), atomically with the batch.
	const runFrom = command === 'start' ? '' : current;
	if (command === 'close') {
		batch.collection('seances').update(seance.id, {
			status: 'closed',
			closed_at: at,
			current_item: '',
			run_from: runFrom
		});
	} else {
		const next = nextItem(items, current)!;
		batch.collection('seance_items').update(next.id, { started_at: at, ended_at: '' });
		batch.collection('seances').update(seance.id, {
			current_item: next.id,
			run_from: runFrom,
			...(command === 'start' ? { status: 'running', started_at: at } : {})
		});
	}
	try {
		await batch.send();
	} catch (error) {
		// PocketBase capitalises the hook's message: compare in lower case.
		const answer = JSON.stringify((error as { response?: unknown }).response ?? '');
		if (answer.toLowerCase().includes('seance_run_stale')) return { ok: false, error: 'stale' };
		throw error;
	}
	announceSeance(seance.id);
	return { ok: true };
}

/** Starts a consent round on the item's proposal and links it to the item; returns its id. */
export async function startItemRound(
	pb: TypedPocketBase,
	seance: SeancesRecord,
	item: SeanceItemsRecord,
	input: { userId: string; text: string; proposer: string }
): Promise<string> {
	const admin = await adminPocketBase();
	const members = await experimentMembers(admin, seance.experiment);
	const roundId = await startConsentRound(
		{ admin },
		{
			experimentId: seance.experiment,
			userId: input.userId,
			title: item.title,
			text: input.text,
			proposerId: input.proposer,
			participants: roundParticipants(
				seance.attendance,
				members.map((m) => m.id),
				input.proposer
			)
		}
	);
	await pb.collection('seance_items').update(item.id, { round: roundId, kind: 'consent' });
	announceSeance(seance.id);
	return roundId;
}
