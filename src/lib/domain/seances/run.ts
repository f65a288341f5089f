/**
 * Running a séance, pure: which item is current and which comes next, and the clocks (time spent
 * and time left on the item and on the séance) derived from the stored start instants and the
 * time passed in. Nothing here is stored twice: a timer is always `now - started_at`.
 */
import { readAttendance, type SeanceStatus } from './seance';

export interface RunItem {
	id: string;
	durationMinutes: number;
	/** ISO instant the item became current, '' if never. */
	startedAt: string;
	/** ISO instant it was left, '' if still current or never started. */
	endedAt: string;
}

export interface Clock {
	/** Seconds spent so far (never negative). */
	elapsedSeconds: number;
	/** Seconds planned minus seconds spent: negative once over time. */
	leftSeconds: number;
	overrun: boolean;
}

const seconds = (fromIso: string, to: Date): number => {
	const from = Date.parse(fromIso);
	if (Number.isNaN(from)) return 0;
	return Math.max(0, Math.floor((to.getTime() - from) / 1000));
};

/** The clock of a span that started at `startedAt` and ends at `endedAt` (or runs until `now`). */
export function clockOf(
	plannedMinutes: number,
	startedAt: string,
	endedAt: string,
	now: Date
): Clock {
	const end = endedAt && !Number.isNaN(Date.parse(endedAt)) ? new Date(endedAt) : now;
	const elapsedSeconds = startedAt ? seconds(startedAt, end) : 0;
	const leftSeconds = Math.max(0, plannedMinutes) * 60 - elapsedSeconds;
	return { elapsedSeconds, leftSeconds, overrun: leftSeconds < 0 };
}

/** The item after `currentId` in agenda order; the first one when none is current; null at the end. */
export function nextItem<T extends { id: string }>(
	items: readonly T[],
	currentId: string
): T | null {
	if (!currentId) return items[0] ?? null;
	const index = items.findIndex((i) => i.id === currentId);
	if (index < 0) return items[0] ?? null;
	return items[index + 1] ?? null;
}

export const RUN_COMMANDS = ['start', 'next', 'close'] as const;
export type RunCommand = (typeof RUN_COMMANDS)[number];

export type RunRefusal = 'not_planned' | 'not_running' | 'agenda_empty' | 'last_item';

/** May this command run now? The séance's status and agenda decide. */
export function runRefusal(
	command: RunCommand,
	status: SeanceStatus,
	items: readonly { id: string }[],
	currentId: string
): RunRefusal | null {
	if (command === 'start') {
		if (status !== 'planned') return 'not_planned';
		return items.length === 0 ? 'agenda_empty' : null;
	}
	if (status !== 'running') return 'not_running';
	if (command === 'next' && nextItem(items, currentId) === null) return 'last_item';
	return null;
}

/** Where each item stands during the run: done, current or to come. */
export type ItemProgress = 'done' | 'current' | 'upcoming';

export function itemProgress(item: RunItem, currentId: string): ItemProgress {
	if (item.id === currentId) return 'current';
	return item.startedAt ? 'done' : 'upcoming';
}

/** "12:05", "-3:20", "1:02:00": a clock's seconds as the room reads them. */
export function formatClock(totalSeconds: number): string {
	const sign = totalSeconds < 0 ? '-' : '';
	const s = Math.abs(Math.trunc(totalSeconds));
	const h = Math.floor(s / 3600);
	const m = Math.floor((s % 3600) / 60);
	const r = String(s % 60).padStart(2, '0');
	return h > 0 ? `${sign}${h}:${String(m).padStart(2, '0')}:${r}` : `${sign}${m}:${r}`;
}

/**
 * Who takes part in a round started during the séance: the members marked present or remote (all
 * members when attendance was not taken), the proposer always.
 */
export function roundParticipants(
	attendance: unknown,
	memberIds: readonly string[],
	proposer: string
): string[] {
	const present = readAttendance(attendance);
	const attending = memberIds.filter((id) => present[id] === 'present' || present[id] === 'remote');
	const chosen = attending.length > 0 ? attending : [...memberIds];
	return chosen.includes(proposer) ? chosen : [...chosen, proposer];
}
