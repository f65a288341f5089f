/**
 * The access monitor's batched re-check against a real PocketBase: decisions for many
 * (user, document) pairs at once agree with the one access function, in a bounded number of
 * requests whatever the number of pairs.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type PocketBase from 'pocketbase';
import { documentAccess, ROLES, type OrgRole, type Role } from '../../src/lib/domain/access';
import { EDITOR_SCHEMA_VERSION } from '../../src/lib/editor/schema-version';
import { PocketBaseAuthenticator } from '../../server/auth/pocketbase-auth';
import type { AccessDecision, AccessQuery } from '../../server/auth/authenticator';
import { connectSuperuser } from '../../server/pocketbase/superuser';
import { startTestPocketBase, type TestPocketBase } from '../support/pocketbase';

let pb: TestPocketBase;
let superuser: PocketBase;
let requests = 0;

interface Case {
	query: AccessQuery;
	expected: AccessDecision['kind'] | 'edit' | 'comment' | 'read';
	label: string;
}
const cases: Case[] = [];

async function newDocument(experiment: string, owner: string, archived = false): Promise<string> {
	const document = await pb.admin.collection('documents').create({
		experiment,
		kind: 'libre',
		title: 'Protocole',
		archived,
		schema_version: EDITOR_SCHEMA_VERSION,
		created_by: owner
	});
	return document.id;
}

function expectation(
	role: Role | null,
	archived: boolean,
	orgRole: OrgRole | null = null
): Case['expected'] {
	const access = documentAccess({ role, orgRole, archived });
	return access === 'none' ? 'forbidden' : access;
}

beforeAll(async () => {
	pb = await startTestPocketBase();
	superuser = await connectSuperuser({ url: pb.url, ...pb.superuser });
	// Count what the authenticator asks PocketBase, on top of the session-keeping fetch.
	const previous = superuser.beforeSend;
	superuser.beforeSend = (url, options) => {
		requests++;
		return previous ? previous(url, options) : { url, options };
	};
	const owner = await pb.createUser({
		email: 'owner.recheck@trame.test',
		password: 'owner-password-123',
		name: 'Owner'
	});
	const outsider = await pb.createUser({
		email: 'outsider.recheck@trame.test',
		password: 'outsider-password-123',
		name: 'Outsider'
	});
	// The organisation's administrator and team, members of no experiment (the default
	// organisation holds every experiment).
	const labo = await pb.admin.collection('organisations').getFirstListItem("slug = 'labo'");
	const orgPeople = [] as { id: string; orgRole: OrgRole }[];
	for (const orgRole of ['admin', 'team'] as const) {
		const user = await pb.createUser({
			email: `${orgRole}.recheck@trame.test`,
			password: 'orgrole-password-123',
			name: orgRole
		});
		await pb.admin
			.collection('org_memberships')
			.create({ organisation: labo.id, user: user.id, role: orgRole });
		orgPeople.push({ id: user.id, orgRole });
	}
	// 45 experiments (more than one request's worth), each with one member per role.
	for (let e = 0; e < 45; e++) {
		const archivedExperiment = e === 3;
		const experiment = await pb.createExperiment(owner.id, { title: `Expérimentation ${e}` });
		const live = await newDocument(experiment.id, owner.id);
		const archivedDocument = await newDocument(experiment.id, owner.id, true);
		const role = ROLES[e % ROLES.length]!;
		const user = await pb.createUser({
			email: `member${e}.recheck@trame.test`,
			password: 'member-password-123',
			name: `Member ${e}`
		});
		await pb.addMember(experiment.id, user.id, role);
		if (archivedExperiment) {
			await pb.admin.collection('experiments').update(experiment.id, { status: 'archivee' });
		}
		cases.push(
			{
				query: { userId: user.id, documentName: live },
				expected: expectation(role, archivedExperiment),
				label: `${role} on a live document (experiment ${e})`
			},
			{
				query: { userId: user.id, documentName: archivedDocument },
				expected: expectation(role, true),
				label: `${role} on an archived document`
			},
			{
				query: { userId: outsider.id, documentName: live },
				expected: 'forbidden',
				label: 'a non-member'
			}
		);
		if (e < 4) {
			for (const { id, orgRole } of orgPeople) {
				cases.push({
					query: { userId: id, documentName: live },
					expected: expectation(null, archivedExperiment, orgRole),
					label: `the organisation's ${orgRole} (experiment ${e})`
				});
			}
		}
	}
	cases.push({
		query: { userId: outsider.id, documentName: 'nosuchdocument1' },
		expected: 'not_found',
		label: 'a missing document'
	});
}, 120_000);

afterAll(async () => {
	await pb?.stop();
});

describe('PocketBaseAuthenticator.recheckMany', () => {
	it('decides every pair like documentAccess(), in a few requests', async () => {
		const auth = new PocketBaseAuthenticator(pb.url, superuser);
		requests = 0;
		const decisions = await auth.recheckMany(cases.map((c) => c.query));
		const actual = decisions.map((d) => (d.kind === 'granted' ? d.access : d.kind));
		expect(actual).toEqual(cases.map((c) => c.expected));
		// Both kinds of outcome are present, so the comparison above can fail either way.
		expect(actual).toContain('edit');
		expect(actual).toContain('forbidden');
		// Both organisation roles reach experiments they are no member of.
		expect(
			cases.filter((c) => c.label.startsWith("the organisation's admin")).map((c) => c.expected)
		).toEqual(['edit', 'edit', 'edit', 'read']);
		// 91 documents → 3 document requests; 45 experiments → 2 membership requests; 48 users
		// → 2 organisation membership requests.
		expect(requests).toBe(7);
	});

	it('sees a membership removed since the last pass', async () => {
		const auth = new PocketBaseAuthenticator(pb.url, superuser);
		const target = cases.find((c) => c.expected === 'edit')!;
		const membership = await pb.admin
			.collection('memberships')
			.getFirstListItem(pb.admin.filter('user = {:user}', { user: target.query.userId }));
		await pb.admin.collection('memberships').delete(membership.id);
		const [decision] = await auth.recheckMany([target.query]);
		expect(decision).toEqual({ kind: 'forbidden' });
	});
});
