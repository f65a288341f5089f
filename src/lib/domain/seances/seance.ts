/**
 * Séances (COPIL meetings), pure: attendance and quorum, the agenda's order, and the Paris wall
 * clock the room lives in (entered and shown in Europe/Paris, stored as an instant).
 */

export const SEANCE_TIME_ZONE = 'Europe/Paris';
export const SEANCE_STATUSES = ['planned', 'running', 'closed', 'cancelled'] as const;
export type SeanceStatus = (typeof SEANCE_STATUSES)[number];

export const ATTENDANCE_STATUSES = ['present', 'remote', 'excused', 'absent'] as const;
export type AttendanceStatus = (typeof ATTENDANCE_STATUSES)[number];
export type Attendance = Readonly<Record<string, AttendanceStatus>>;

export const ITEM_KINDS = [
	'information',
	'discussion',
	'consent',
	'review',
	'actions',
	'approval'
] as const;
export type ItemKind = (typeof ITEM_KINDS)[number];

export function isAttendanceStatus(value: unknown): value is AttendanceStatus {
	return typeof value === 'string' && (ATTENDANCE_STATUSES as readonly string[]).includes(value);
}

/** The stored attendance, keeping only known statuses (a JSON field may hold anything). */
export function readAttendance(value: unknown): Record<string, AttendanceStatus> {
	if (!value || typeof value !== 'object' || Array.isArray(value)) return {};
	return Object.fromEntries(
		Object.entries(value as Record<string, unknown>).filter(([, s]) => isAttendanceStatus(s))
	) as Record<string, AttendanceStatus>;
}

export interface QuorumState {
	/** Members who count: present in the room or remote. */
	counted: number;
	/** 0 when the séance has no quorum. */
	required: number;
	reached: boolean;
}

/** Remote members take part, so they count towards the quorum. */
export function quorumOf(attendance: Attendance, required: number): QuorumState {
	const counted = Object.values(attendance).filter((s) => s === 'present' || s === 'remote').length;
	return { counted, required, reached: required <= 0 || counted >= required };
}

/** The ids in their new order once the item at `index` moved by `delta` (clamped). */
export function moveItem<T>(order: readonly T[], index: number, delta: number): T[] {
	const next = [...order];
	if (index < 0 || index >= next.length) return next;
	const target = Math.max(0, Math.min(next.length - 1, index + delta));
	const [moved] = next.splice(index, 1);
	next.splice(target, 0, moved!);
	return next;
}

/** Total planned time of the agenda, in minutes. */
export function agendaMinutes(items: ReadonlyArray<{ durationMinutes: number }>): number {
	return items.reduce((sum, item) => sum + Math.max(0, item.durationMinutes), 0);
}

/** Offset of Paris from UTC, in minutes, at this instant (+60 in winter, +120 in summer). */
function parisOffsetMinutes(at: Date): number {
	const parts = new Intl.DateTimeFormat('en-GB', {
		timeZone: SEANCE_TIME_ZONE,
		hourCycle: 'h23',
		year: 'numeric',
		month: '2-digit',
		day: '2-digit',
		hour: '2-digit',
		minute: '2-digit'
	}).formatToParts(at);
	const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
	const asUtc = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'));
	return Math.round((asUtc - Math.floor(at.getTime() / 60_000) * 60_000) / 60_000);
}

/**
 * The instant of a Paris wall-clock date and time ("2027-03-28", "14:30"), or null if malformed.
 * A time skipped by the spring change is read with the winter offset (02:30 → 03:30 CEST).
 */
export function parisToInstant(date: string, time: string): Date | null {
	const d = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
	const t = /^(\d{2}):(\d{2})$/.exec(time);
	if (!d || !t) return null;
	const [y, mo, da, h, mi] = [d[1], d[2], d[3], t[1], t[2]].map(Number) as number[];
	if (mo! < 1 || mo! > 12 || da! < 1 || da! > 31 || h! > 23 || mi! > 59) return null;
	const naive = Date.UTC(y!, mo! - 1, da!, h!, mi!);
	const check = new Date(naive);
	if (check.getUTCDate() !== da || check.getUTCMonth() !== mo! - 1) return null;
	const first = naive - parisOffsetMinutes(new Date(naive)) * 60_000;
	// Near a change the offset at the guess may differ from the offset at the answer.
	return new Date(naive - parisOffsetMinutes(new Date(first)) * 60_000);
}

/** The Paris wall-clock date ("YYYY-MM-DD") and time ("HH:MM") of an instant, for inputs. */
export function instantToParis(at: Date): { date: string; time: string } {
	const shifted = new Date(at.getTime() + parisOffsetMinutes(at) * 60_000);
	const iso = shifted.toISOString();
	return { date: iso.slice(0, 10), time: iso.slice(11, 16) };
}
