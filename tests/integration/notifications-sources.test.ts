/**
 * The inbox's non-review sources against a real PocketBase: an invitation to an address that has
 * an account, and a round (consent or election) started for invited participants. Each right user
 * gets exactly one notification, announced on their inbox topic; muted kinds, the facilitator and
 * non-members get none.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { UsersRecord } from '../../src/lib/pocketbase/types';
import {
	startConsentRound,
	startElection,
	type GovernanceDeps
} from '../../src/lib/server/governance/rounds';
import { createInvitation } from '../../src/lib/server/invitations';
import { LiveHub } from '../../src/lib/server/live/hub';
import { inboxTopic } from '../../src/lib/server/review/notify';
import { startTestPocketBase, type TestPocketBase } from '../support/pocketbase';

const PASSWORD = 'password-123456';

describe('notifications for invitations and rounds', () => {
	let pb: TestPocketBase;
	let hub: LiveHub;
	let deps: GovernanceDeps;
	let fac: UsersRecord;
	let ana: UsersRecord; // participant
	let ben: UsersRecord; // participant who muted rounds and invitations
	let olga: UsersRecord; // member, not invited to the rounds
	let out: UsersRecord; // not a member
	let experimentId: string;

	const notificationsOf = (userId: string, kind: string) =>
		pb.admin.collection('notifications').getFullList({
			filter: pb.admin.filter('user = {:user} && kind = {:kind}', { user: userId, kind })
		});

	/** Inbox announcements per user while `task` runs. */
	async function announced(users: UsersRecord[], task: () => Promise<unknown>) {
		const counts = new Map(users.map((u) => [u.id, 0]));
		const stops = users.map((u) =>
			hub.subscribe(inboxTopic(u.id), () => counts.set(u.id, (counts.get(u.id) ?? 0) + 1))
		);
		try {
			await task();
		} finally {
			for (const stop of stops) stop();
		}
		return Object.fromEntries([...counts].map(([id, n]) => [id, n]));
	}

	beforeAll(async () => {
		pb = await startTestPocketBase();
		hub = new LiveHub();
		deps = { admin: pb.admin, hub };
		[fac, ana, ben, olga, out] = (await Promise.all(
			['fac', 'ana', 'ben', 'olga', 'out'].map((name) =>
				pb.createUser({ email: `${name}@example.test`, password: PASSWORD, name })
			)
		)) as [UsersRecord, UsersRecord, UsersRecord, UsersRecord, UsersRecord];
		experimentId = (await pb.createExperiment(fac.id, { title: 'Budget participatif' })).id;
		await pb.addMember(experimentId, ana.id, 'evaluator');
		await pb.addMember(experimentId, ben.id, 'elected');
		await pb.addMember(experimentId, olga.id, 'observer');
		// Ben mutes both kinds with his own client, as the preferences page does.
		const benClient = await pb.userClient(ben.email!, PASSWORD);
		await benClient
			.collection('notification_prefs')
			.create({ user: ben.id, mute_rounds: true, mute_invitations: true });
	});

	afterAll(async () => {
		await pb?.stop();
	});

	it('tells each invited participant of a consent round once, live, but not the facilitator', async () => {
		let id = '';
		const live = await announced([fac, ana, ben, olga, out], async () => {
			id = await startConsentRound(deps, {
				experimentId,
				userId: fac.id,
				title: 'Rythme du COPIL',
				text: 'Le COPIL se réunit une fois par mois.',
				proposerId: ana.id,
				participants: [fac.id, ana.id, ben.id]
			});
		});
		const [forAna] = await notificationsOf(ana.id, 'round');
		expect(await notificationsOf(ana.id, 'round')).toHaveLength(1);
		expect(forAna).toMatchObject({
			actor: fac.id,
			link: `/rounds/${id}`,
			excerpt: 'Rythme du COPIL',
			read: false
		});
		for (const user of [fac, ben, olga, out])
			expect(await notificationsOf(user.id, 'round')).toHaveLength(0);
		expect(live).toEqual({ [fac.id]: 0, [ana.id]: 1, [ben.id]: 0, [olga.id]: 0, [out.id]: 0 });
		// Ana reads it with her own client (the inbox's rules).
		const anaClient = await pb.userClient(ana.email!, PASSWORD);
		expect((await anaClient.collection('notifications').getFullList()).map((n) => n.link)).toEqual([
			`/rounds/${id}`
		]);
	});

	it('tells the participants of an election, and refuses outsiders as participants', async () => {
		const role = { title: 'Secrétaire', mission: 'Tenir le registre', skills: '', termMonths: 6 };
		const before = (await notificationsOf(olga.id, 'round')).length;
		const id = await startElection(deps, {
			experimentId,
			userId: fac.id,
			role,
			participants: [olga.id, ben.id]
		});
		const forOlga = await notificationsOf(olga.id, 'round');
		expect(forOlga).toHaveLength(before + 1);
		expect(forOlga.map((n) => n.link)).toContain(`/rounds/${id}`);
		expect(await notificationsOf(ben.id, 'round')).toHaveLength(0);
		await expect(
			startElection(deps, { experimentId, userId: fac.id, role, participants: [out.id] })
		).rejects.toMatchObject({ code: 'participants_invalid' });
		expect(await notificationsOf(out.id, 'round')).toHaveLength(0);
	});

	it('tells an invited address that has an account, once, linking to the invitation page', async () => {
		const other = await pb.createExperiment(fac.id, { title: 'Conseil de quartier' });
		const invite = (email: string) =>
			createInvitation(pb.admin, {
				experimentId: other.id,
				email,
				role: 'evaluator',
				invitedBy: fac.id,
				origin: 'http://trame.test',
				now: new Date()
			});
		const created = await invite('  OUT@example.test ');
		await invite('nobody@example.test');
		await invite(ben.email!); // muted
		const forOut = await notificationsOf(out.id, 'invitation');
		expect(forOut).toHaveLength(1);
		expect(forOut[0]).toMatchObject({
			actor: fac.id,
			excerpt: 'Conseil de quartier',
			link: new URL(created.link).pathname
		});
		expect(forOut[0]!.link).toMatch(/^\/invitation\/[A-Za-z0-9_-]{43}$/);
		for (const user of [fac, ana, ben, olga])
			expect(await notificationsOf(user.id, 'invitation')).toHaveLength(0);
		const all = await pb.admin
			.collection('notifications')
			.getFullList({ filter: 'kind = "invitation"' });
		expect(all).toHaveLength(1);
	});
});
