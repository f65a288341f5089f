/**
 * Personal iCal feeds (RFC 5545, ical-generator): a secret token per user (only its SHA-256 is
 * stored, in `calendar_feeds`), revoked by deleting the record. The feed holds the séances of
 * every experiment the user reads (Europe/Paris, with its VTIMEZONE) and the due dates of their
 * open follow-up actions (all-day events).
 */
import { createHash, randomBytes } from 'node:crypto';
import ical, { ICalEventStatus } from 'ical-generator';
import { getVtimezoneComponent } from '@touch4it/ical-timezones';
import type PocketBase from 'pocketbase';
import { instantToParis, SEANCE_TIME_ZONE } from '../../domain/seances/seance';

const hashOf = (token: string) => createHash('sha256').update(token).digest('hex');

/** A new secret token for the user; any earlier one stops working. */
export async function renewFeed(admin: PocketBase, userId: string): Promise<string> {
	const token = randomBytes(32).toString('base64url');
	const existing = await admin.collection('calendar_feeds').getFullList({
		filter: admin.filter('user = {:u}', { u: userId })
	});
	const batch = admin.createBatch();
	for (const feed of existing) batch.collection('calendar_feeds').delete(feed.id);
	batch.collection('calendar_feeds').create({ user: userId, token_hash: hashOf(token) });
	await batch.send();
	return token;
}

/** The user a token opens, or null (unknown or revoked). */
export async function feedOwner(admin: PocketBase, token: string): Promise<string | null> {
	if (!/^[A-Za-z0-9_-]{43}$/.test(token)) return null;
	const found = await admin.collection('calendar_feeds').getList(1, 1, {
		filter: admin.filter('token_hash = {:h}', { h: hashOf(token) })
	});
	return found.items[0]?.user ?? null;
}

/**
 * ical-generator writes a zoned time from the Date's local getters: give it a Date whose local
 * wall clock is Paris's, whatever the server's zone.
 */
export function parisWallClock(at: Date): Date {
	const { date, time } = instantToParis(at);
	const [y, mo, d] = date.split('-').map(Number) as [number, number, number];
	const [h, mi] = time.split(':').map(Number) as [number, number];
	return new Date(y, mo - 1, d, h, mi);
}

function calendarDay(value: string): Date {
	const [y, mo, d] = value.slice(0, 10).split('-').map(Number) as [number, number, number];
	return new Date(y, mo - 1, d);
}

/** A séance's iCal UID: the same in the feed and in the invitations, so clients merge them. */
export function seanceUid(seanceId: string): string {
	return `seance-${seanceId}@trame`;
}

export interface FeedContent {
	seances: {
		id: string;
		title: string;
		startsAt: string;
		durationMinutes: number;
		place: string;
		url: string;
		experimentTitle: string;
		/** A cancelled séance stays in the feed as a cancelled event (clients remove it). */
		cancelled?: boolean;
	}[];
	actions: { id: string; what: string; dueDate: string; url: string; experimentTitle: string }[];
}

export function renderFeed(
	content: FeedContent,
	words: { calendar: string; due: (what: string) => string }
): string {
	const cal = ical({
		name: words.calendar,
		prodId: { company: 'Trame', product: 'trame', language: 'FR' }
	});
	cal.timezone({ name: SEANCE_TIME_ZONE, generator: getVtimezoneComponent });
	for (const s of content.seances) {
		const start = new Date(s.startsAt.replace(' ', 'T'));
		const end = new Date(start.getTime() + Math.max(s.durationMinutes, 30) * 60_000);
		cal.createEvent({
			id: seanceUid(s.id),
			start: parisWallClock(start),
			end: parisWallClock(end),
			timezone: SEANCE_TIME_ZONE,
			summary: `${s.title} — ${s.experimentTitle}`,
			location: s.place || null,
			url: s.url,
			status: s.cancelled ? ICalEventStatus.CANCELLED : null
		});
	}
	for (const a of content.actions) {
		cal.createEvent({
			id: `action-${a.id}@trame`,
			start: calendarDay(a.dueDate),
			allDay: true,
			summary: words.due(a.what),
			description: a.experimentTitle,
			url: a.url
		});
	}
	return cal.toString();
}

/** What the user's feed holds, read as superuser (the token stands for the user). */
export async function feedContent(
	admin: PocketBase,
	userId: string,
	origin: string
): Promise<FeedContent> {
	const memberships = await admin.collection('memberships').getFullList({
		filter: admin.filter('user = {:u}', { u: userId }),
		fields: 'experiment'
	});
	const experiments = memberships.map((mb) => String(mb.experiment));
	if (experiments.length === 0) return { seances: [], actions: [] };
	const inExperiments = experiments
		.map((id) => admin.filter('experiment = {:e}', { e: id }))
		.join(' || ');
	const [seances, actions] = await Promise.all([
		admin
			.collection('seances')
			.getFullList({ filter: inExperiments, expand: 'experiment', sort: 'starts_at' }),
		admin.collection('follow_ups').getFullList({
			filter: `(${inExperiments}) && ${admin.filter('owner = {:u}', { u: userId })} && due_date != "" && (status = "todo" || status = "doing")`,
			expand: 'experiment'
		})
	]);
	const titleOf = (r: { expand?: unknown }) =>
		String((r.expand as { experiment?: { title?: string } } | undefined)?.experiment?.title ?? '');
	return {
		seances: seances.map((s) => ({
			id: s.id,
			title: String(s.title),
			startsAt: String(s.starts_at),
			durationMinutes: Number(s.duration_minutes ?? 0),
			place: String(s.place ?? ''),
			url: `${origin}/experiences/${s.experiment}/seances/${s.id}`,
			experimentTitle: titleOf(s),
			cancelled: s.status === 'cancelled'
		})),
		actions: actions.map((a) => ({
			id: a.id,
			what: String(a.what),
			dueDate: String(a.due_date),
			url: `${origin}/experiences/${a.experiment}/actions`,
			experimentTitle: titleOf(a)
		}))
	};
}
