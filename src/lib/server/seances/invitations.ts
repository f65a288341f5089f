/**
 * Invitations to a séance: after a séance is created, changed or cancelled, each member concerned
 * (domain/seances/invitation.ts) gets an inbox notice and, when SMTP is configured in PocketBase,
 * an email in their language (plain text and HTML) with an .ics: an invitation, an update
 * (SEQUENCE + 1, stored on the séance) or a cancellation. A member who muted invitations gets
 * neither. A failure here never undoes the séance's change: it is logged.
 */
import type PocketBase from 'pocketbase';
import { m } from '../../paraglide/messages';
import { formatDateTime, timeZoneLabel } from '../../i18n/format';
import {
	planInvitations,
	type InvitationMessage,
	type InvitedSeance
} from '../../domain/seances/invitation';
import { appLog, errorFields } from '../log';
import { writeNotifications } from '../review/notify';
import { invitationIcs } from './invitation-ics';

type Locale = 'fr' | 'en';

interface SeanceRow {
	id: string;
	experiment: string;
	title: string;
	starts_at: string;
	duration_minutes?: number;
	place?: string;
	visio_url?: string;
	status: string;
	invitees?: string[];
	ical_sequence?: number;
}

/** What the invitations compare: read it before a change, pass it to `sendInvitations` after. */
export function invitedSeance(row: SeanceRow): InvitedSeance {
	return {
		title: row.title,
		startsAt: row.starts_at,
		durationMinutes: Number(row.duration_minutes ?? 0),
		place: row.place ?? '',
		visioUrl: row.visio_url ?? '',
		status: row.status,
		invitees: row.invitees ?? [],
		sequence: Number(row.ical_sequence ?? 0)
	};
}

const KIND = {
	invitation: 'seance_invitation',
	update: 'seance_updated',
	cancel: 'seance_cancelled'
} as const;

const escape = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function mailText(
	message: InvitationMessage,
	locale: Locale,
	words: {
		name: string;
		organizer: string;
		title: string;
		experiment: string;
		when: string;
		/** The time zone's name, in the body only (the subject stays short). */
		zone: string;
		place: string;
		visio: string;
		link: string;
	}
) {
	const o = { locale };
	const intro = {
		invitation: m.followup_mail_invitation_intro,
		update: m.followup_mail_update_intro,
		cancel: m.followup_mail_cancel_intro
	}[message](words, o);
	const subject = {
		invitation: m.followup_mail_invitation_subject,
		update: m.followup_mail_update_subject,
		cancel: m.followup_mail_cancel_subject
	}[message]({ title: words.title, when: words.when }, o);
	const facts = [
		m.followup_mail_when({ when: `${words.when} (${words.zone})` }, o),
		words.place ? m.followup_mail_where({ place: words.place }, o) : '',
		words.visio && message !== 'cancel' ? m.followup_mail_visio({ link: words.visio }, o) : ''
	].filter(Boolean);
	const closing = [
		message === 'cancel' ? '' : m.followup_mail_open({ link: words.link }, o),
		message === 'cancel' ? m.followup_mail_cancel_calendar({}, o) : m.followup_mail_calendar({}, o)
	].filter(Boolean);
	const paragraphs = [
		m.followup_mail_hello({ name: words.name }, o),
		intro,
		facts.join('\n'),
		closing.join('\n')
	];
	return {
		subject,
		text: paragraphs.join('\n\n') + '\n',
		html: paragraphs.map((p) => `<p>${escape(p).replace(/\n/g, '<br>')}</p>`).join(''),
		// The calendar event's description: the facts and the link, no greeting.
		description: [intro, ...facts, message === 'cancel' ? '' : words.link]
			.filter(Boolean)
			.join('\n')
	};
}

/**
 * Sends what a change of the séance calls for. `before` is null for a new séance. Returns who was
 * notified with what (for tests and logs).
 */
export async function sendInvitations(
	admin: PocketBase,
	input: { seanceId: string; before: InvitedSeance | null; actorId: string; origin: string }
): Promise<{ user: string; message: InvitationMessage; mailed: boolean }[]> {
	try {
		const row = await admin
			.collection('seances')
			.getOne<SeanceRow & { expand?: { experiment?: { title?: string } } }>(input.seanceId, {
				expand: 'experiment'
			});
		const after = invitedSeance(row);
		const plan = planInvitations(input.before, after, input.actorId);
		if (plan.sequence !== after.sequence)
			await admin.collection('seances').update(row.id, { ical_sequence: plan.sequence });
		if (plan.sends.length === 0) return [];
		const link = `${input.origin}/experiences/${row.experiment}/seances/${row.id}`;
		const notified = new Set<string>();
		// One notice per member: one message each in a plan.
		for (const message of ['invitation', 'update', 'cancel'] as const) {
			const users = plan.sends.filter((s) => s.message === message).map((s) => s.user);
			if (users.length === 0) continue;
			const done = await writeNotifications(admin, {
				recipients: new Map(users.map((u) => [u, KIND[message]])),
				actorId: input.actorId,
				excerpt: row.title,
				link: `/experiences/${row.experiment}/seances/${row.id}`
			});
			for (const u of done) notified.add(u);
		}
		const ids = [...notified, input.actorId];
		const people = await admin.collection('users').getFullList({
			filter: ids.map((id) => admin.filter('id = {:id}', { id })).join(' || '),
			fields: 'id,name,email,locale'
		});
		const byId = new Map(people.map((p) => [p.id, p]));
		const organizer = byId.get(input.actorId);
		const settings = await admin.settings.getAll();
		const out: { user: string; message: InvitationMessage; mailed: boolean }[] = [];
		for (const send of plan.sends) {
			if (!notified.has(send.user)) continue;
			const person = byId.get(send.user);
			let mailed = false;
			if (person?.email && settings.smtp?.enabled) {
				const locale: Locale = person.locale === 'en' ? 'en' : 'fr';
				const when = formatDateTime(row.starts_at, locale);
				const text = mailText(send.message, locale, {
					name: String(person.name || person.email),
					organizer: String(organizer?.name || settings.meta?.senderName || 'Trame'),
					title: row.title,
					experiment: String(row.expand?.experiment?.title ?? ''),
					when,
					zone: timeZoneLabel(locale),
					place: row.place ?? '',
					visio: row.visio_url ?? '',
					link
				});
				const ics = invitationIcs(send.message, {
					seanceId: row.id,
					title: row.title,
					experimentTitle: String(row.expand?.experiment?.title ?? ''),
					startsAt: row.starts_at,
					durationMinutes: Number(row.duration_minutes ?? 0),
					place: row.place ?? '',
					visioUrl: row.visio_url ?? '',
					url: link,
					sequence: plan.sequence,
					organizer: {
						name: String(organizer?.name || settings.meta?.senderName || 'Trame'),
						email: String(settings.meta?.senderAddress || 'trame@localhost')
					},
					attendee: { name: String(person.name ?? ''), email: String(person.email) },
					description: text.description
				});
				try {
					const result = await admin.send<{ sent: boolean }>('/api/trame/seances/mail', {
						method: 'POST',
						body: {
							to: person.email,
							subject: text.subject,
							text: text.text,
							html: text.html,
							ics: {
								name: send.message === 'cancel' ? 'annulation.ics' : 'invitation.ics',
								content: ics
							}
						}
					});
					mailed = result.sent;
				} catch (error) {
					appLog.error('seances.invitation_mail_failed', {
						user: send.user,
						...errorFields(error)
					});
				}
			}
			out.push({ user: send.user, message: send.message, mailed });
		}
		return out;
	} catch (error) {
		appLog.error('seances.invitations_failed', { seance: input.seanceId, ...errorFields(error) });
		return [];
	}
}
