/**
 * The persistent schedule of asynchronous consent windows. Each open asynchronous round stores
 * its next due time (`rounds.due_at`: the reminder, then the end of the window); the schedule
 * looks for due rounds when the server starts and then periodically, and applies what is due
 * through the same path as a facilitator's command (`commitRound`): the reminder to those who
 * have not answered, then at the end the adoption (written back into the document) or the
 * escalation to a live round. Nothing lives only in memory: a server stopped in the middle of a
 * window picks it up where it was when it starts again.
 *
 * Several servers may run it: the round's update carries the revision it read, and PocketBase's
 * hook refuses it if another server got there first (`conflict`), so each step is done once.
 * No SvelteKit imports.
 */
import {
	activeWindow,
	applyRoundEvent,
	missingPositions,
	type ConsentRound
} from '../../domain/consent-round';
import { SCHEDULE_ACTOR, windowStep } from '../../domain/consent-window';
import { writeNotifications } from '../review/notify';
import { liveHub } from '../live/hub';
import { GovernanceError } from './errors';
import { commitRound } from './round-writes';
import { loadRound, withLock } from './round-store';
import type { WritebackDeps } from './write-back';

export { SCHEDULE_ACTOR };

export type ScheduleOutcome = 'reminded' | 'adopted' | 'escalated';

/** Applies what is due now on one round; null when nothing was (or another server did it). */
export function runDueRound(
	deps: WritebackDeps,
	roundId: string,
	now: Date
): Promise<ScheduleOutcome | null> {
	return withLock(roundId, async () => {
		const record = await loadRound(deps.admin, roundId);
		if (record.closed || record.kind !== 'consent') return null;
		const state = record.state as ConsentRound;
		const window = activeWindow(state);
		const at = now.toISOString();
		const step = window ? windowStep(window, at) : null;
		if (!step) return null;
		const event =
			step === 'remind'
				? ({ type: 'remind', by: SCHEDULE_ACTOR, at } as const)
				: ({ type: 'close_window', by: SCHEDULE_ACTOR, at } as const);
		const result = applyRoundEvent(state, event);
		if (!result.ok) {
			console.error('[governance] scheduled step refused', { round: roundId, error: result.error });
			return null;
		}
		try {
			await commitRound(deps, record, {
				event,
				state: result.state,
				actor: SCHEDULE_ACTOR,
				at,
				archived: false
			});
		} catch (error) {
			// Another server applied this step first: the revision check refused ours.
			if (error instanceof GovernanceError && error.code === 'conflict') return null;
			throw error;
		}
		const outcome: ScheduleOutcome =
			step === 'remind' ? 'reminded' : result.state.phase === 'adopted' ? 'adopted' : 'escalated';
		await notify(deps, record.id, record.title, state, result.state, outcome);
		return outcome;
	});
}

async function notify(
	deps: WritebackDeps,
	roundId: string,
	title: string,
	before: ConsentRound,
	after: ConsentRound,
	outcome: ScheduleOutcome
): Promise<void> {
	const recipients =
		outcome === 'reminded'
			? missingPositions(before)
			: outcome === 'adopted'
				? after.participants
				: [after.facilitatorId, ...after.participants];
	// The kind says what happened, in each reader's language; the excerpt is the title only.
	const kind =
		outcome === 'reminded'
			? ('round_reminder' as const)
			: outcome === 'adopted'
				? ('round_adopted' as const)
				: ('round_escalated' as const);
	try {
		await writeNotifications(
			deps.admin,
			{
				recipients: new Map(recipients.map((id) => [id, kind])),
				actorId: '',
				excerpt: title,
				link: `/rounds/${roundId}`
			},
			deps.hub ?? liveHub()
		);
	} catch (error) {
		console.error('[governance] schedule notification failed', error);
	}
}

/** Every round with something due by `now`; returns how many steps were applied. */
export async function runDueRounds(deps: WritebackDeps, now: Date): Promise<number> {
	const due = await deps.admin.collection('rounds').getFullList({
		filter: deps.admin.filter("closed = false && due_at != '' && due_at <= {:now}", {
			now: now.toISOString().replace('T', ' ')
		}),
		sort: 'due_at',
		fields: 'id'
	});
	let applied = 0;
	for (const { id } of due) {
		try {
			if (await runDueRound(deps, id, now)) applied++;
		} catch (error) {
			console.error('[governance] scheduled step failed', { round: id, error });
		}
	}
	return applied;
}

export interface Schedule {
	/** Runs a pass now (also what the timer does); passes never overlap. */
	runNow(): Promise<number>;
	stop(): void;
}

/** Starts the schedule: a pass at once (start-up), then every `intervalMs`. */
export function startSchedule(options: {
	deps: () => Promise<WritebackDeps>;
	intervalMs: number;
	now?: () => Date;
}): Schedule {
	let running: Promise<number> | null = null;
	let stopped = false;
	const runNow = () =>
		(running ??= (async () => {
			try {
				return await runDueRounds(await options.deps(), options.now?.() ?? new Date());
			} catch (error) {
				console.error('[governance] schedule pass failed', error);
				return 0;
			} finally {
				running = null;
			}
		})());
	const timer = setInterval(() => {
		if (!stopped) void runNow();
	}, options.intervalMs);
	timer.unref();
	void runNow();
	return {
		runNow,
		stop: () => {
			stopped = true;
			clearInterval(timer);
		}
	};
}
