/**
 * The .ics of a séance invitation, read back by an independent parser (ical.js): an iTIP object
 * (RFC 5546) whose METHOD matches the message (REQUEST for an invitation or an update, CANCEL for
 * a cancellation), with the ORGANIZER and the ATTENDEE each method requires. The mail's part
 * carries the same method in its Content-Type (pocketbase/calendar_mail.go, checked against
 * Mailpit in tests/integration/seance-invitations.test.ts).
 */
import { describe, expect, it } from 'vitest';
import ICAL from 'ical.js';
import type { InvitationMessage } from '../../domain/seances/invitation';
import { invitationIcs, type InvitationEvent } from './invitation-ics';

const EVENT: InvitationEvent = {
	seanceId: 'seance000000001',
	title: 'COPIL n° 3',
	experimentTitle: 'Budget participatif',
	startsAt: '2027-03-30 15:00:00.000Z',
	durationMinutes: 120,
	place: 'Mairie, salle du conseil',
	visioUrl: '',
	url: 'http://trame.test/experiences/x/seances/seance000000001',
	sequence: 2,
	organizer: { name: 'Camille Rousseau', email: 'trame@trame.test' },
	attendee: { name: 'Ana Élue', email: 'ana@trame.test' },
	description: 'Séance du COPIL.'
};

describe('the .ics of a séance invitation', () => {
	it.each<{ message: InvitationMessage; method: string; status: string; rsvp: boolean }>([
		{ message: 'invitation', method: 'REQUEST', status: 'CONFIRMED', rsvp: true },
		{ message: 'update', method: 'REQUEST', status: 'CONFIRMED', rsvp: true },
		{ message: 'cancel', method: 'CANCEL', status: 'CANCELLED', rsvp: false }
	])('$message: METHOD:$method, STATUS:$status', ({ message, method, status, rsvp }) => {
		const text = invitationIcs(message, EVENT);
		const calendar = new ICAL.Component(ICAL.parse(text));
		expect(calendar.getAllProperties('method').map((p) => p.getFirstValue())).toEqual([method]);
		// A property of the calendar, before its first component: where the mail's sender reads it
		// to type the part (calendar_mail.go).
		const calprops = text.slice(0, text.indexOf('\r\nBEGIN:') + 2);
		expect(calprops).toMatch(new RegExp(`\\r\\nMETHOD:${method}\\r\\n`));
		const vevents = calendar.getAllSubcomponents('vevent');
		expect(vevents).toHaveLength(1);
		const vevent = vevents[0]!;
		expect(vevent.getFirstPropertyValue('uid')).toBe('seance-seance000000001@trame');
		expect(vevent.getFirstPropertyValue('sequence')).toBe(2);
		expect(vevent.getFirstPropertyValue('status')).toBe(status);
		expect(vevent.getFirstPropertyValue('dtstamp')).toBeTruthy();

		const organizer = vevent.getFirstProperty('organizer')!;
		expect(String(organizer.getFirstValue()).toLowerCase()).toBe('mailto:trame@trame.test');
		expect(organizer.getParameter('cn')).toBe('Camille Rousseau');

		const attendees = vevent.getAllProperties('attendee');
		expect(attendees.map((a) => String(a.getFirstValue()).toLowerCase())).toEqual([
			'mailto:ana@trame.test'
		]);
		expect(attendees[0]!.getParameter('cn')).toBe('Ana Élue');
		expect(attendees[0]!.getParameter('rsvp') ?? 'FALSE').toBe(rsvp ? 'TRUE' : 'FALSE');
	});
});
