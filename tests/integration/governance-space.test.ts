/**
 * An organisation's governance space, owned by PocketBase (real, its migrations and hooks): one
 * per organisation, created with it and titled after it; its memberships follow the organisation
 * roles through governanceRole() (admin → coordinator, team → copil_member, member → nothing) in
 * the same write; clients can neither create one, change its kind or status, nor delete it.
 */
import { ClientResponseError } from 'pocketbase';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { governanceRole, ORG_ROLES } from '../../src/lib/domain/access';
import type { TypedPocketBase } from '../../src/lib/pocketbase/types';
import { startTestPocketBase, type TestPocketBase } from '../support/pocketbase';

const PASSWORD = 'space-password-123';
let pb: TestPocketBase;

async function spaceOf(organisation: string) {
	return pb.admin
		.collection('experiments')
		.getFirstListItem(
			pb.admin.filter("organisation = {:o} && kind = 'organisation'", { o: organisation })
		);
}

async function roleIn(experiment: string, user: string): Promise<string | null> {
	const rows = await pb.admin.collection('memberships').getFullList({
		filter: pb.admin.filter('experiment = {:e} && user = {:u}', { e: experiment, u: user })
	});
	return rows[0]?.role ?? null;
}

async function refusal(call: Promise<unknown>): Promise<number> {
	try {
		await call;
		return 0;
	} catch (error) {
		if (error instanceof ClientResponseError) return error.status;
		throw error;
	}
}

beforeAll(async () => {
	pb = await startTestPocketBase();
}, 60_000);

afterAll(async () => {
	await pb?.stop();
});

describe('governance space', () => {
	it('exists for the default organisation (migration) and for a new one (hook)', async () => {
		const labo = await pb.admin.collection('organisations').getFirstListItem("slug = 'labo'");
		expect((await spaceOf(labo.id)).title).toBe('Gouvernance — Le Labo');
		const reseau = await pb.admin
			.collection('organisations')
			.create({ name: 'Réseau des territoires', slug: 'reseau-space' });
		const space = await spaceOf(reseau.id);
		expect(space).toMatchObject({ kind: 'organisation', status: 'en_cours' });
		await pb.admin.collection('organisations').update(reseau.id, { name: 'Réseau' });
		expect((await spaceOf(reseau.id)).title).toBe('Gouvernance — Réseau');
		// Experiments created without a kind are experiments.
		const user = await pb.createUser({ email: 'kind@trame.test', password: PASSWORD, name: 'K' });
		const experiment = await pb.createExperiment(user.id, { organisation: reseau.id });
		expect(experiment.kind).toBe('experiment');
	});

	it('derives its memberships and access lists from organisation roles', async () => {
		const org = await pb.admin
			.collection('organisations')
			.create({ name: 'Labo bis', slug: 'labo-bis' });
		const space = await spaceOf(org.id);
		const person = await pb.createUser({
			email: 'roles@trame.test',
			password: PASSWORD,
			name: 'Roles'
		});
		const row = await pb.admin
			.collection('org_memberships')
			.create({ organisation: org.id, user: person.id, role: 'member' });
		for (const orgRole of [...ORG_ROLES, 'member' as const]) {
			await pb.admin.collection('org_memberships').update(row.id, { role: orgRole });
			expect(await roleIn(space.id, person.id), orgRole).toBe(governanceRole(orgRole));
			const lists = await pb.admin.collection('experiments').getOne(space.id);
			expect(lists.readers.includes(person.id), orgRole).toBe(orgRole !== 'member');
			expect(lists.facilitators.includes(person.id), orgRole).toBe(orgRole !== 'member');
			expect(lists.managers.includes(person.id), orgRole).toBe(orgRole === 'admin');
		}
		await pb.admin.collection('org_memberships').update(row.id, { role: 'team' });
		await pb.admin.collection('org_memberships').delete(row.id);
		expect(await roleIn(space.id, person.id)).toBeNull();
		expect((await pb.admin.collection('experiments').getOne(space.id)).readers).not.toContain(
			person.id
		);
	});

	it('keeps its kind and status, and cannot be made or deleted by a client', async () => {
		const org = await pb.admin
			.collection('organisations')
			.create({ name: 'Labo ter', slug: 'labo-ter' });
		const space = await spaceOf(org.id);
		const head = await pb.createUser({ email: 'head@trame.test', password: PASSWORD, name: 'H' });
		await pb.admin
			.collection('org_memberships')
			.create({ organisation: org.id, user: head.id, role: 'admin' });
		const client: TypedPocketBase = await pb.userClient('head@trame.test', PASSWORD);
		// The administrator manages the space (its summary) but not its nature.
		await client.collection('experiments').update(space.id, { summary: 'Le COPIL du Labo.' });
		expect(
			await refusal(client.collection('experiments').update(space.id, { kind: 'experiment' }))
		).toBe(404);
		expect(
			await refusal(client.collection('experiments').update(space.id, { status: 'archivee' }))
		).toBe(404);
		expect(await refusal(client.collection('experiments').delete(space.id))).toBe(404);
		expect(
			await refusal(
				client.collection('experiments').create({
					title: 'Faux espace',
					status: 'idee',
					kind: 'organisation',
					organisation: org.id
				})
			)
		).toBe(400);
		const after = await pb.admin.collection('experiments').getOne(space.id);
		expect(after).toMatchObject({
			kind: 'organisation',
			status: 'en_cours',
			summary: 'Le COPIL du Labo.'
		});
	});
});
