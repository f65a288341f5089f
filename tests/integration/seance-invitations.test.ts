/**
 * Séance invitations against a real PocketBase and a real SMTP server (Mailpit): each invited
 * member gets an inbox notice and an email in their language (plain text and HTML) with an .ics
 * read back by an independent parser (ical.js): METHOD:REQUEST with a stable UID and the
 * Europe/Paris VTIMEZONE, then an update (SEQUENCE + 1) when the date changes, then METHOD:CANCEL.
 * The .ics part's Content-Type, as it left PocketBase, names the same method (RFC 6047 §2.4:
 * Outlook shows the mail as an invitation only then). A member who muted invitations gets neither.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ICAL from 'ical.js';
import { invitedSeance, sendInvitations } from '../../src/lib/server/seances/invitations';
import { startTestPocketBase, type TestPocketBase } from '../support/pocketbase';
import { startTestMailbox, type TestMailbox } from '../support/mailpit';

const ORIGIN = 'http://trame.test';
let pb: TestPocketBase;
let mail: TestMailbox;
let seanceId: string;
const users: Record<string, { id: string; email: string }> = {};

interface Attachment {
	PartID: string;
	FileName: string;
	ContentType: string;
}

/**
 * The Content-Type of the message's calendar part as it was sent (the raw message: Mailpit's
 * summary of an attachment drops the parameters), parsed: its type and its parameters.
 */
async function calendarPartType(id: string) {
	const raw = await (await fetch(`${mail.apiUrl}/api/v1/message/${id}/raw`)).text();
	const unfolded = raw.replace(/\r?\n[ \t]+/g, ' ');
	const headers = [...unfolded.matchAll(/^Content-Type:[ \t]*(text\/calendar\b[^\r\n]*)/gim)];
	if (headers.length !== 1) throw new Error(`${headers.length} calendar parts in message ${id}`);
	const [type, ...params] = headers[0]![1]!.split(';').map((part) => part.trim());
	return {
		type: type!.toLowerCase(),
		params: Object.fromEntries(
			params
				.filter((param) => param.includes('='))
				.map((param) => {
					const [key, ...value] = param.split('=');
					return [key!.trim().toLowerCase(), value.join('=').trim().replace(/^"|"$/g, '')];
				})
		) as Record<string, string>
	};
}

/** The newest message to `email` matching `subject`, with its text and its .ics. */
async function received(email: string, subject: RegExp, count = 1) {
	const message = await mail.waitFor(email, { subject, count });
	const full = (await (await fetch(`${mail.apiUrl}/api/v1/message/${message.ID}`)).json()) as {
		Attachments: Attachment[];
	};
	const ics = full.Attachments.find((a) => a.FileName.endsWith('.ics'));
	if (!ics) throw new Error(`no .ics in "${message.Subject}"`);
	const text = await (
		await fetch(`${mail.apiUrl}/api/v1/message/${message.ID}/part/${ics.PartID}`)
	).text();
	const calendar = new ICAL.Component(ICAL.parse(text));
	for (const zone of calendar.getAllSubcomponents('vtimezone')) ICAL.TimezoneService.register(zone);
	const vevent = calendar.getFirstSubcomponent('vevent')!;
	const event = new ICAL.Event(vevent);
	return {
		subject: message.Subject,
		contentType: await calendarPartType(message.ID),
		text: message.Text,
		html: message.HTML,
		method: String(calendar.getFirstPropertyValue('method')),
		zones: calendar
			.getAllSubcomponents('vtimezone')
			.map((z) => String(z.getFirstPropertyValue('tzid'))),
		uid: event.uid,
		sequence: event.sequence,
		status: String(vevent.getFirstPropertyValue('status')),
		location: event.location,
		start: event.startDate,
		attendees: vevent.getAllProperties('attendee').map((p) => String(p.getFirstValue())),
		organizer: String(vevent.getFirstPropertyValue('organizer'))
	};
}

/** Dates keep their words together with no-break spaces: compare them as spaces. */
const plain = (text: string) => text.replace(/[\u00a0\u202f]/g, ' ');

async function notices(userId: string) {
	return pb.admin.collection('notifications').getFullList({
		filter: pb.admin.filter('user = {:u}', { u: userId }),
		sort: 'created'
	});
}

beforeAll(async () => {
	pb = await startTestPocketBase();
	mail = await startTestMailbox();
	await pb.admin.settings.update({
		meta: { appURL: ORIGIN, senderAddress: 'trame@trame.test', senderName: 'Trame' },
		smtp: { enabled: true, host: mail.smtpHost, port: mail.smtpPort }
	});
	for (const [key, name, locale] of [
		['org', 'Camille Coordinatrice', 'fr'],
		['ana', 'Ana Élue', 'fr'],
		['ben', 'Ben Partner', 'en']
	] as const) {
		const email = `${key}@invitations.test`;
		const user = await pb.createUser({ email, password: 'motdepasse-123', name, locale });
		users[key] = { id: user.id, email };
	}
	const experiment = await pb.createExperiment(users.org!.id, { title: 'Budget participatif' });
	await pb.addMember(experiment.id, users.ana!.id, 'elected');
	await pb.addMember(experiment.id, users.ben!.id, 'copil_member');
	const seance = await pb.admin.collection('seances').create({
		experiment: experiment.id,
		title: 'COPIL n° 3',
		// 17:00 in Paris (summer time).
		starts_at: '2027-03-30 15:00:00.000Z',
		duration_minutes: 120,
		place: 'Mairie, salle du conseil',
		visio_url: 'https://visio.test/copil-3',
		status: 'planned',
		invitees: [users.org!.id, users.ana!.id, users.ben!.id],
		attendance: {},
		created_by: users.org!.id
	});
	seanceId = seance.id;
}, 60_000);

afterAll(async () => {
	await mail?.stop();
	await pb?.stop();
});

describe('séance invitations', () => {
	it('invites each member in their language with an .ics request; not the organiser', async () => {
		const sent = await sendInvitations(pb.admin, {
			seanceId,
			before: null,
			actorId: users.org!.id,
			origin: ORIGIN
		});
		expect(sent.map((s) => `${s.message}:${s.mailed}`)).toEqual([
			'invitation:true',
			'invitation:true'
		]);
		const ana = await received(users.ana!.email, /^Invitation/);
		expect(plain(ana.subject)).toBe('Invitation : COPIL n° 3 — 30 mars 2027 à 17:00');
		expect(plain(ana.text)).toContain('Quand : 30 mars 2027 à 17:00 (heure d’Europe centrale)');
		expect(ana.text).toContain('Bonjour Ana Élue,');
		expect(ana.text).toContain('Camille Coordinatrice vous invite à la séance « COPIL n° 3 »');
		expect(ana.text).toContain('Visioconférence : https://visio.test/copil-3');
		expect(ana.text).toContain(`${ORIGIN}/experiences/`);
		expect(ana.method).toBe('REQUEST');
		expect(ana.contentType).toEqual({
			type: 'text/calendar',
			params: {
				charset: 'utf-8',
				method: 'REQUEST',
				filename: 'invitation.ics',
				name: 'invitation.ics'
			}
		});
		expect(ana.organizer.toLowerCase()).toBe('mailto:trame@trame.test');
		expect(ana.uid).toBe(`seance-${seanceId}@trame`);
		expect(ana.sequence).toBe(0);
		expect(ana.zones).toEqual(['Europe/Paris']);
		expect(ana.location).toBe('Mairie, salle du conseil');
		expect(ana.start.zone?.tzid).toBe('Europe/Paris');
		expect(ana.start.toString()).toBe('2027-03-30T17:00:00');
		expect(ana.start.toJSDate().toISOString()).toBe('2027-03-30T15:00:00.000Z');
		expect(ana.attendees.map((a) => a.toLowerCase())).toEqual([`mailto:${users.ana!.email}`]);

		const ben = await received(users.ben!.email, /^Invitation/);
		expect(plain(ben.subject)).toBe('Invitation: COPIL n° 3 — 30 March 2027 at 17:00');
		expect(ben.contentType.params.method).toBe('REQUEST');
		expect(ben.text).toContain('Hello Ben Partner,');
		expect(ben.text).toContain('Video call: https://visio.test/copil-3');

		expect((await notices(users.ana!.id)).map((n) => n.kind)).toEqual(['seance_invitation']);
		expect(await notices(users.org!.id)).toEqual([]);
		expect(await mail.messagesTo(users.org!.email)).toEqual([]);
	});

	it('a new date is an update with SEQUENCE + 1 and the same UID', async () => {
		const before = invitedSeance(await pb.admin.collection('seances').getOne(seanceId));
		// Across the DST change: 31 October 2027 is winter time in Paris (UTC+1).
		await pb.admin
			.collection('seances')
			.update(seanceId, { starts_at: '2027-11-02 16:00:00.000Z' });
		await sendInvitations(pb.admin, { seanceId, before, actorId: users.org!.id, origin: ORIGIN });
		const ana = await received(users.ana!.email, /^Séance modifiée/);
		expect(plain(ana.subject)).toBe('Séance modifiée : COPIL n° 3 — 2 novembre 2027 à 17:00');
		expect(ana.method).toBe('REQUEST');
		expect(ana.contentType.params.method).toBe('REQUEST');
		expect(ana.uid).toBe(`seance-${seanceId}@trame`);
		expect(ana.sequence).toBe(1);
		expect(ana.start.toString()).toBe('2027-11-02T17:00:00');
		expect((await pb.admin.collection('seances').getOne(seanceId)).ical_sequence).toBe(1);
		expect((await notices(users.ben!.id)).map((n) => n.kind)).toEqual([
			'seance_invitation',
			'seance_updated'
		]);
	});

	it('a cancellation is METHOD:CANCEL; a member who muted invitations gets nothing', async () => {
		await pb.admin
			.collection('notification_prefs')
			.create({ user: users.ben!.id, mute_invitations: true });
		const before = invitedSeance(await pb.admin.collection('seances').getOne(seanceId));
		await pb.admin.collection('seances').update(seanceId, { status: 'cancelled' });
		await sendInvitations(pb.admin, { seanceId, before, actorId: users.org!.id, origin: ORIGIN });
		const ana = await received(users.ana!.email, /^Séance annulée/);
		expect(ana.method).toBe('CANCEL');
		expect(ana.contentType).toEqual({
			type: 'text/calendar',
			params: {
				charset: 'utf-8',
				method: 'CANCEL',
				filename: 'annulation.ics',
				name: 'annulation.ics'
			}
		});
		expect(ana.organizer.toLowerCase()).toBe('mailto:trame@trame.test');
		expect(ana.attendees.map((a) => a.toLowerCase())).toEqual([`mailto:${users.ana!.email}`]);
		expect(ana.status).toBe('CANCELLED');
		expect(ana.sequence).toBe(2);
		expect(ana.uid).toBe(`seance-${seanceId}@trame`);
		expect(ana.text).toContain('Camille Coordinatrice a annulé la séance « COPIL n° 3 »');
		expect((await notices(users.ana!.id)).map((n) => n.kind)).toEqual([
			'seance_invitation',
			'seance_updated',
			'seance_cancelled'
		]);
		expect((await notices(users.ben!.id)).length).toBe(2);
		expect((await mail.messagesTo(users.ben!.email)).length).toBe(2);
	});

	it('refuses an incomplete message to the mail endpoint, and anyone but the superuser', async () => {
		await expect(
			pb.admin.send('/api/trame/seances/mail', { method: 'POST', body: { to: 'x@y.z' } })
		).rejects.toMatchObject({ status: 400 });
		const ana = await pb.userClient(users.ana!.email, 'motdepasse-123');
		await expect(
			ana.send('/api/trame/seances/mail', {
				method: 'POST',
				body: { to: 'x@y.z', subject: 's', ics: { name: 'a.ics', content: '' } }
			})
		).rejects.toMatchObject({ status: 403 });
	});
});
