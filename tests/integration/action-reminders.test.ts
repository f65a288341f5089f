/**
 * Reminders of follow-up actions against a real PocketBase and a real SMTP server: a pass
 * notifies each owner once per stage (two passes at once, as two app instances would run them,
 * still send one), honours the mute, starts again when the due date moves, and the daily digest
 * mails the unread reminder in the owner's language.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runActionReminders } from '../../src/lib/server/seances/reminders';
import { startTestPocketBase, type TestPocketBase } from '../support/pocketbase';
import { startTestMailbox, type TestMailbox } from '../support/mailpit';
import type { TypedPocketBase } from '../../src/lib/pocketbase/types';

const ORIGIN = 'http://trame.test';
// 10:00 in Paris on Friday 12 March 2027.
const FRIDAY = new Date('2027-03-12T09:00:00Z');
// 00:30 in Paris on Sunday 14 March 2027 (still Saturday in UTC).
const SUNDAY_EARLY = new Date('2027-03-13T23:30:00Z');

let pb: TestPocketBase;
let mail: TestMailbox;
let secondInstance: TypedPocketBase;
const ids: Record<string, string> = {};
const users: Record<string, { id: string; email: string }> = {};

async function notices(userId: string) {
	return pb.admin.collection('notifications').getFullList({
		filter: pb.admin.filter('user = {:u}', { u: userId }),
		sort: 'created'
	});
}

beforeAll(async () => {
	pb = await startTestPocketBase();
	mail = await startTestMailbox();
	// A second client, as a second app instance would have.
	secondInstance = pb.client();
	await secondInstance
		.collection('_superusers')
		.authWithPassword(pb.superuser.email, pb.superuser.password);
	const people = [
		{ key: 'claire', name: 'Claire', locale: 'fr' as const },
		{ key: 'owen', name: 'Owen', locale: 'en' as const },
		{ key: 'muted', name: 'Fanny', locale: 'fr' as const }
	];
	for (const p of people) {
		const email = `${p.key}@reminders.test`;
		const user = await pb.createUser({
			email,
			password: 'motdepasse-123',
			name: p.name,
			locale: p.locale
		});
		users[p.key] = { id: user.id, email };
	}
	const experiment = await pb.createExperiment(users.claire!.id, { title: 'Budget participatif' });
	await pb.addMember(experiment.id, users.owen!.id, 'copil_member');
	await pb.addMember(experiment.id, users.muted!.id, 'copil_member');
	await pb.admin
		.collection('notification_prefs')
		.create({ user: users.muted!.id, mute_actions: true });
	const action = (key: string, owner: string, due: string, status = 'todo') =>
		pb.admin
			.collection('follow_ups')
			.create({
				experiment: experiment.id,
				what: `Action ${key}`,
				owner: users[owner]!.id,
				due_date: due ? `${due} 00:00:00.000Z` : '',
				status,
				created_by: users.claire!.id
			})
			.then((r) => (ids[key] = r.id));
	await action('soon', 'owen', '2027-03-15');
	await action('late', 'claire', '2027-03-10');
	await action('far', 'owen', '2027-04-30');
	await action('closed', 'owen', '2027-03-01', 'done');
	await action('undated', 'owen', '');
	await action('muted', 'muted', '2027-03-13');
}, 60_000);

afterAll(async () => {
	await mail?.stop();
	await pb?.stop();
});

describe('action reminders', () => {
	it('two passes at once notify each owner once, in their language, muted owners not at all', async () => {
		await Promise.all([
			runActionReminders(pb.admin, FRIDAY),
			runActionReminders(secondInstance, FRIDAY)
		]);
		const owen = await notices(users.owen!.id);
		expect(owen.map((n) => [n.kind, n.excerpt])).toEqual([
			['action_due', 'Action soon — 15 March 2027']
		]);
		expect(owen[0]!.link).toMatch(/^\/experiences\/\w+\/actions$/);
		const claire = await notices(users.claire!.id);
		expect(claire.map((n) => [n.kind, n.excerpt])).toEqual([
			['action_overdue', 'Action late — 10 mars 2027']
		]);
		expect(await notices(users.muted!.id)).toEqual([]);
		const ledger = await pb.admin.collection('follow_up_reminders').getFullList();
		expect(ledger.map((r) => `${r.stage}:${r.due_date}`).sort()).toEqual([
			'eve:2027-03-13',
			'overdue:2027-03-10',
			'soon:2027-03-15'
		]);
	});

	it('sends nothing again the same day (a restart), then the next stage on its Paris day', async () => {
		expect(await runActionReminders(pb.admin, FRIDAY)).toEqual([]);
		const sunday = await runActionReminders(pb.admin, SUNDAY_EARLY);
		// Sunday 14 in Paris: the "soon" action is due the next day; the muted one is overdue.
		expect(
			sunday.map((r) => `${r.actionId === ids.soon ? 'soon' : 'muted'}:${r.stage}`).sort()
		).toEqual(['muted:overdue', 'soon:eve']);
		expect((await notices(users.owen!.id)).map((n) => n.kind)).toEqual([
			'action_due',
			'action_due'
		]);
		expect(await runActionReminders(pb.admin, SUNDAY_EARLY)).toEqual([]);
	});

	it('reminds again when the due date moves, and never for a closed action', async () => {
		await pb.admin
			.collection('follow_ups')
			.update(ids.late!, { due_date: '2027-03-16 00:00:00.000Z' });
		const sent = await runActionReminders(pb.admin, SUNDAY_EARLY);
		expect(sent.map((r) => [r.actionId, r.stage])).toEqual([[ids.late, 'soon']]);
		await pb.admin.collection('follow_ups').update(ids.late!, { status: 'done' });
		expect(await runActionReminders(pb.admin, new Date('2027-03-20T09:00:00Z'))).toEqual([
			expect.objectContaining({ actionId: ids.soon, stage: 'overdue' })
		]);
	});

	it('the daily digest mails the unread reminders in the owner language', async () => {
		await pb.admin
			.collection('notification_prefs')
			.create({ user: users.owen!.id, email_digest: true });
		await pb.admin.settings.update({
			meta: { appURL: ORIGIN, senderAddress: 'trame@trame.test', senderName: 'Trame' },
			smtp: { enabled: true, host: mail.smtpHost, port: mail.smtpPort }
		});
		const run = await pb.admin.send('/api/trame/digest/run', { method: 'POST' });
		expect(run).toEqual({ sent: 1 });
		const message = await mail.waitFor(users.owen!.email);
		expect(message.Subject).toBe('Trame: 3 unread notifications');
		expect(message.HTML).toContain('One of your actions is due soon');
		expect(message.HTML).toContain('One of your actions is overdue');
		expect(message.HTML).toContain('Action soon — 15 March 2027');
		expect(message.HTML).toContain(`${ORIGIN}/experiences/`);
	});
});
