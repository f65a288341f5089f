/**
 * Adding people from the members page, against a real PocketBase: an account is added at once
 * (and told in its inbox, which closes a pending invitation to that address); an address is
 * invited once — a second invitation renews the first (new role, new token: the old link is
 * dead), and PocketBase itself refuses two pending invitations for one address.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ClientResponseError } from 'pocketbase';
import { startTestPocketBase, type TestPocketBase } from '../support/pocketbase';
import { findInvitation } from '../../src/lib/server/invitations';
import { addMemberOrInvite, renewInvitation } from '../../src/lib/server/member-adding';

let pb: TestPocketBase;
let coordId: string;
let experimentId: string;

beforeAll(async () => {
	pb = await startTestPocketBase();
	coordId = (
		await pb.createUser({
			email: 'coord.ma@trame.test',
			password: 'coord-password-1',
			name: 'Coord'
		})
	).id;
	experimentId = (await pb.createExperiment(coordId, { title: 'Conseil de quartier' })).id;
});

afterAll(async () => {
	await pb?.stop();
});

const token = (link: string) => link.split('/').pop()!;
const add = (email: string, role: 'partner' | 'observer' | 'evaluator', now = new Date()) =>
	addMemberOrInvite(pb.admin, {
		experimentId,
		email,
		role,
		actorId: coordId,
		origin: 'http://trame.test',
		now
	});

describe('adding people to an experiment', () => {
	it('invites an address once: a second invitation renews the first, the old link dies', async () => {
		const first = await add('Nina@Exemple.test', 'observer');
		const second = await add(' nina@exemple.test ', 'partner');
		expect(first).toMatchObject({ kind: 'invited', renewed: false });
		expect(second).toMatchObject({ kind: 'invited', renewed: true, email: 'nina@exemple.test' });
		if (first.kind !== 'invited' || second.kind !== 'invited') throw new Error('unreachable');
		const pending = await pb.admin
			.collection('invitations')
			.getFullList({ filter: `experiment = "${experimentId}"` });
		expect(pending.map((i) => [i.email, i.role])).toEqual([['nina@exemple.test', 'partner']]);
		expect((await findInvitation(pb.admin, token(first.link), new Date())).state).toBe('unknown');
		expect((await findInvitation(pb.admin, token(second.link), new Date())).state).toBe('pending');

		// A new link on demand: again, only the newest works.
		const renewed = await renewInvitation(pb.admin, {
			invitationId: pending[0]!.id,
			invitedBy: coordId,
			origin: 'http://trame.test',
			now: new Date()
		});
		expect((await findInvitation(pb.admin, token(second.link), new Date())).state).toBe('unknown');
		expect((await findInvitation(pb.admin, token(renewed.link), new Date())).state).toBe('pending');

		// PocketBase holds the rule itself: no second pending invitation for the address.
		const duplicate = pb.admin.collection('invitations').create({
			experiment: experimentId,
			email: 'nina@exemple.test',
			role: 'observer',
			token_hash: 'b'.repeat(64),
			expires: '2030-01-01 00:00:00.000Z'
		});
		await expect(duplicate).rejects.toBeInstanceOf(ClientResponseError);
	});

	it('adds an existing account at once, tells them, and closes their pending invitation', async () => {
		const ada = await pb.createUser({
			email: 'ada@exemple.test',
			password: 'ada-password-1',
			name: 'Ada'
		});
		// Invited before the account existed… then added now that it does.
		await pb.admin.collection('invitations').create({
			experiment: experimentId,
			email: 'ada@exemple.test',
			role: 'observer',
			token_hash: 'c'.repeat(64),
			expires: '2030-01-01 00:00:00.000Z'
		});
		expect(await add('ADA@exemple.test', 'evaluator')).toEqual({
			kind: 'added',
			name: 'Ada',
			email: 'ada@exemple.test',
			role: 'evaluator'
		});
		const membership = await pb.admin
			.collection('memberships')
			.getFirstListItem(`experiment = "${experimentId}" && user = "${ada.id}"`);
		expect(membership.role).toBe('evaluator');
		const invitation = await pb.admin
			.collection('invitations')
			.getFirstListItem(`experiment = "${experimentId}" && email = "ada@exemple.test"`);
		expect(invitation.accepted_by).toBe(ada.id);
		const inbox = await pb.admin
			.collection('notifications')
			.getFullList({ filter: `user = "${ada.id}"` });
		expect(inbox).toMatchObject([
			{
				kind: 'invitation',
				actor: coordId,
				link: `/experiences/${experimentId}`,
				excerpt: 'Conseil de quartier'
			}
		]);
		expect(await add('ada@exemple.test', 'partner')).toEqual({ kind: 'already_member' });
	});
});
