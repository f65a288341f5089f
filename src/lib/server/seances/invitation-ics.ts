/**
 * The .ics attached to a séance invitation (RFC 5546 iTIP, written by ical-generator): METHOD
 * REQUEST for an invitation or an update (same UID as the personal feed, SEQUENCE raised with each
 * change so clients replace the event), METHOD CANCEL with STATUS:CANCELLED for a cancellation.
 * Times in Europe/Paris with its VTIMEZONE; the place as LOCATION, the video link in the text.
 */
import ical, {
	ICalAttendeeRole,
	ICalAttendeeStatus,
	ICalCalendarMethod,
	ICalEventStatus
} from 'ical-generator';
import { getVtimezoneComponent } from '@touch4it/ical-timezones';
import { SEANCE_TIME_ZONE } from '../../domain/seances/seance';
import type { InvitationMessage } from '../../domain/seances/invitation';
import { parisWallClock, seanceUid } from './calendar';

export interface InvitationEvent {
	seanceId: string;
	title: string;
	experimentTitle: string;
	startsAt: string;
	durationMinutes: number;
	place: string;
	visioUrl: string;
	url: string;
	sequence: number;
	organizer: { name: string; email: string };
	attendee: { name: string; email: string };
	/** The description, in the recipient's language. */
	description: string;
}

export function invitationIcs(message: InvitationMessage, event: InvitationEvent): string {
	const cancel = message === 'cancel';
	const cal = ical({
		prodId: { company: 'Trame', product: 'trame', language: 'FR' },
		method: cancel ? ICalCalendarMethod.CANCEL : ICalCalendarMethod.REQUEST
	});
	cal.timezone({ name: SEANCE_TIME_ZONE, generator: getVtimezoneComponent });
	const start = new Date(event.startsAt.replace(' ', 'T'));
	const end = new Date(start.getTime() + Math.max(event.durationMinutes, 30) * 60_000);
	cal.createEvent({
		id: seanceUid(event.seanceId),
		sequence: event.sequence,
		stamp: new Date(),
		start: parisWallClock(start),
		end: parisWallClock(end),
		timezone: SEANCE_TIME_ZONE,
		summary: `${event.title} — ${event.experimentTitle}`,
		location: event.place || event.visioUrl || null,
		description: event.description,
		url: event.url,
		status: cancel ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
		organizer: event.organizer,
		attendees: [
			{
				name: event.attendee.name,
				email: event.attendee.email,
				role: ICalAttendeeRole.REQ,
				status: ICalAttendeeStatus.NEEDSACTION,
				rsvp: !cancel
			}
		]
	});
	return cal.toString();
}
