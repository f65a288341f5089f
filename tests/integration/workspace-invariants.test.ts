/**
 * Workspace invariants owned by PocketBase (pb_hooks/workspace.pb.js and the invitations
 * migration), exercised against a real PocketBase with users' own tokens: what a client sending
 * requests straight to the API gets.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ClientResponseError } from 'pocketbase';
import { startTestPocketBase, type TestPocketBase } from '../support/pocketbase';
import type { TypedPocketBase } from '../../src/lib/pocketbase/types';
import {
	createInvitation,
	findInvitation,
	acceptWithNewAccount
} from '../../src/lib/server/invitations';

let pb: TestPocketBase;
let coord: TypedPocketBase;
let coordId: string;
let evalId: string;
let evaluator: TypedPocketBase;

async function rejection(promise: Promise<unknown>): Promise<ClientResponseError> {
	try {
		await promise;
	} catch (error) {
		if (error instanceof ClientResponseError) return error;
		throw error;
	}
	throw new Error('expected a rejection');
}

const full = {
	title: 'Budget participatif',
	territory_name: 'Rennes',
	territory_type: 'metropole',
	enjeux: ['massification'],
	summary: 'Résumé',
	start_date: '2027-01-01 00:00:00.000Z',
	end_date: '2027-06-30 00:00:00.000Z'
};

beforeAll(async () => {
	pb = await startTestPocketBase();
	const c = await pb.createUser({
		email: 'coord.ws@trame.test',
		password: 'coord-password-1',
		name: 'Coord'
	});
	const e = await pb.createUser({
		email: 'eval.ws@trame.test',
		password: 'eval-password-1',
		name: 'Eval'
	});
	coordId = c.id;
	evalId = e.id;
	coord = await pb.userClient('coord.ws@trame.test', 'coord-password-1');
	evaluator = await pb.userClient('eval.ws@trame.test', 'eval-password-1');
});

afterAll(async () => {
	await pb?.stop();
});

describe('experiments: fields and status owned by PocketBase', () => {
	it('refuses invalid fields sent straight to the API, with a clear error', async () => {
		const error = await rejection(
			coord
				.collection('experiments')
				.create({ ...full, territory_name: '  ', enjeux: [], end_date: '2026-01-01 00:00:00.000Z' })
		);
		expect(error.status).toBe(400);
		const data = error.response.data as Record<string, { code: string; message: string }>;
		expect(data.territory_name?.code).toBe('territory_name_required');
		expect(data.enjeux?.code).toBe('enjeux_required');
		expect(data.end_date?.code).toBe('end_before_start');
		expect(data.end_date?.message).toMatch(/date de fin/);
	});

	it('allows the status graph and refuses a jump', async () => {
		const created = await coord.collection('experiments').create({ ...full, status: 'idee' });
		const jump = await rejection(
			coord.collection('experiments').update(created.id, { status: 'terminee' })
		);
		expect(jump.status).toBe(400);
		expect((jump.response.data as Record<string, { code: string }>).status?.code).toBe(
			'status_change_invalid'
		);
		await coord.collection('experiments').update(created.id, { status: 'conception' });
		await coord.collection('experiments').update(created.id, { status: 'archivee' });
		const back = await rejection(
			coord.collection('experiments').update(created.id, { status: 'idee' })
		);
		expect(back.status).toBe(400);
		const restored = await coord
			.collection('experiments')
			.update(created.id, { status: 'terminee' });
		expect(restored.status).toBe('terminee');
	});

	it('refuses clearing a required field on update', async () => {
		const created = await coord.collection('experiments').create(full);
		const error = await rejection(
			coord.collection('experiments').update(created.id, { title: ' ' })
		);
		expect(error.status).toBe(400);
	});
});

describe('memberships: an experiment keeps a coordinator', () => {
	it('refuses demoting or removing the last coordinator, allows it once another exists', async () => {
		const experiment = await coord.collection('experiments').create(full);
		const mine = await coord
			.collection('memberships')
			.getFirstListItem(
				coord.filter('experiment = {:e} && user = {:u}', { e: experiment.id, u: coordId })
			);
		const demote = await rejection(
			coord.collection('memberships').update(mine.id, { role: 'observer' })
		);
		expect(demote.status).toBe(400);
		expect((demote.response.data as Record<string, { code: string }>).role?.code).toBe(
			'last_coordinator'
		);
		const leave = await rejection(coord.collection('memberships').delete(mine.id));
		expect(leave.status).toBe(400);
		// Even a superuser request goes through the rule.
		expect((await rejection(pb.admin.collection('memberships').delete(mine.id))).status).toBe(400);

		const other = await coord
			.collection('memberships')
			.create({ experiment: experiment.id, user: evalId, role: 'coordinator' });
		await coord.collection('memberships').update(mine.id, { role: 'evaluator' });
		// Now the other one is the last coordinator.
		const again = await rejection(evaluator.collection('memberships').delete(other.id));
		expect(again.status).toBe(400);
		// Deleting the experiment still cascades to its memberships.
		await evaluator.collection('experiments').delete(experiment.id);
		expect(
			(
				await pb.admin
					.collection('memberships')
					.getList(1, 1, { filter: `experiment = "${experiment.id}"` })
			).totalItems
		).toBe(0);
	});
});

describe('invitations and search text', () => {
	it('stores only a hash, lets managers list and revoke, and never lets clients create', async () => {
		const experiment = await coord.collection('experiments').create(full);
		await pb.addMember(experiment.id, evalId, 'evaluator');
		const invitation = await createInvitation(pb.admin, {
			experimentId: experiment.id,
			email: 'Invitee.WS@trame.test',
			role: 'project_lead',
			invitedBy: coordId,
			origin: 'http://trame.test',
			now: new Date()
		});
		expect(invitation.sent).toBe(false); // no SMTP in tests: the app shows the link
		const token = invitation.link.split('/').pop()!;
		const stored = await pb.admin.collection('invitations').getOne(invitation.id);
		expect(JSON.stringify(stored)).not.toContain(token);
		expect((await coord.collection('invitations').getList()).items.map((i) => i.id)).toEqual([
			invitation.id
		]);
		expect(
			(await coord.collection('invitations').getOne(invitation.id)).token_hash
		).toBeUndefined();
		expect((await evaluator.collection('invitations').getList()).items).toEqual([]);
		expect(
			(
				await rejection(
					coord.collection('invitations').create({
						experiment: experiment.id,
						email: 'x@y.fr',
						role: 'observer',
						token_hash: 'a'.repeat(64),
						expires: '2030-01-01 00:00:00.000Z'
					})
				)
			).status
		).toBe(403);

		const found = await findInvitation(pb.admin, token, new Date());
		expect(found.state).toBe('pending');
		expect(
			(await findInvitation(pb.admin, token, new Date(Date.now() + 8 * 86_400_000))).state
		).toBe('expired');
		expect((await findInvitation(pb.admin, 'x'.repeat(43), new Date())).state).toBe('unknown');
		if (found.state !== 'pending') throw new Error('unreachable');
		const accepted = await acceptWithNewAccount(
			pb.admin,
			found.invitation,
			{ name: 'Invitée', password: 'invitee-password', locale: 'fr' },
			new Date()
		);
		expect(accepted).toMatchObject({ ok: true, email: 'invitee.ws@trame.test' });
		const invitee = await pb.userClient('invitee.ws@trame.test', 'invitee-password');
		const membership = await invitee
			.collection('memberships')
			.getFirstListItem(
				`experiment = "${experiment.id}" && user = "${invitee.authStore.record!.id}"`
			);
		expect(membership.role).toBe('project_lead');
		expect((await findInvitation(pb.admin, token, new Date())).state).toBe('accepted');
	});

	it('keeps search_text for the server: clients can neither create nor change it', async () => {
		const experiment = await coord.collection('experiments').create(full);
		const error = await rejection(
			coord
				.collection('documents')
				.create({ experiment: experiment.id, kind: 'libre', title: 'Doc', search_text: 'faux' })
		);
		expect([400, 403]).toContain(error.status);
		const doc = await coord
			.collection('documents')
			.create({ experiment: experiment.id, kind: 'libre', title: 'Doc' });
		expect(
			(await rejection(coord.collection('documents').update(doc.id, { search_text: 'faux' })))
				.status
		).toBeGreaterThanOrEqual(400);
		await coord.collection('documents').update(doc.id, { title: 'Renommé' });
	});
});
