/**
 * The PocketBase API rules and access hooks, against the real binary with the repo's migrations
 * and hooks (no mock): who sees and writes what, and the derived access lists on experiments.
 */
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ClientResponseError } from 'pocketbase';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type {
	ExperimentsRecord,
	TypedPocketBase,
	UsersRecord
} from '../../src/lib/pocketbase/types';
import { HOOKS_DIR } from '../../scripts/lib/pocketbase.mjs';
import { startTestPocketBase, type TestPocketBase } from '../support/pocketbase';

const PASSWORD = 'password-123456';
const DERIVED = ['readers', 'commenters', 'editors', 'facilitators', 'managers'] as const;

/** The error a rejected SDK call throws, or a failure if it resolved. */
async function rejection(promise: Promise<unknown>): Promise<ClientResponseError> {
	try {
		await promise;
	} catch (error) {
		if (error instanceof ClientResponseError) return error;
		throw error;
	}
	throw new Error('expected the request to be rejected, but it succeeded');
}

describe('PocketBase rules and access hooks', () => {
	let pb: TestPocketBase;
	let alice: UsersRecord; // creates the experiment: coordinator
	let bob: UsersRecord; // observer
	let carol: UsersRecord; // not a member
	let dave: UsersRecord; // evaluator (edits)
	let aliceClient: TypedPocketBase;
	let bobClient: TypedPocketBase;
	let carolClient: TypedPocketBase;
	let daveClient: TypedPocketBase;
	let experiment: ExperimentsRecord;

	const lists = async (experimentId: string) => {
		const record = await pb.admin.collection('experiments').getOne(experimentId);
		return Object.fromEntries(DERIVED.map((list) => [list, [...record[list]].sort()]));
	};

	beforeAll(async () => {
		pb = await startTestPocketBase();
		[alice, bob, carol, dave] = (await Promise.all(
			['alice', 'bob', 'carol', 'dave'].map((name) =>
				pb.createUser({ email: `${name}@example.test`, password: PASSWORD, name })
			)
		)) as [UsersRecord, UsersRecord, UsersRecord, UsersRecord];
		[aliceClient, bobClient, carolClient, daveClient] = (await Promise.all(
			[alice, bob, carol, dave].map((user) => pb.userClient(user.email!, PASSWORD))
		)) as [TypedPocketBase, TypedPocketBase, TypedPocketBase, TypedPocketBase];

		experiment = await pb.createExperiment(aliceClient, { title: 'Budget participatif' });
		await pb.addMember(experiment.id, bob.id, 'observer');
		await pb.addMember(experiment.id, dave.id, 'evaluator');
		await pb.admin
			.collection('documents')
			.create({ experiment: experiment.id, kind: 'protocole', title: 'Protocole' });
	});

	afterAll(async () => {
		await pb?.stop();
	});

	it('makes the creator of an experiment its coordinator, in the create response too', async () => {
		expect(experiment.created_by).toBe(alice.id);
		for (const list of DERIVED) expect(experiment[list]).toEqual([alice.id]);

		const memberships = await pb.admin
			.collection('memberships')
			.getFullList({ filter: pb.admin.filter('experiment = {:id}', { id: experiment.id }) });
		expect(memberships.map((m) => [m.user, m.role]).sort()).toEqual(
			[
				[alice.id, 'coordinator'],
				[bob.id, 'observer'],
				[dave.id, 'evaluator']
			].sort()
		);
	});

	it('ignores a created_by naming someone else: users create experiments as themselves', async () => {
		const own = await pb.createExperiment(carolClient, { created_by: alice.id });
		expect(own.created_by).toBe(carol.id);
		expect(own.managers).toEqual([carol.id]);
		await pb.admin.collection('experiments').delete(own.id);
	});

	it('gives a non-member 200 with no items on experiments, memberships and documents', async () => {
		for (const name of ['experiments', 'memberships', 'documents'] as const) {
			const page = await carolClient.collection(name).getList(1, 50);
			expect(page.items, name).toEqual([]);
			expect(page.totalItems, name).toBe(0);
		}
		expect(
			(await rejection(carolClient.collection('experiments').getOne(experiment.id))).status
		).toBe(404);
	});

	it('shows members the experiment, its memberships and its documents', async () => {
		for (const client of [bobClient, daveClient, aliceClient]) {
			expect((await client.collection('experiments').getFullList()).map((e) => e.id)).toEqual([
				experiment.id
			]);
			expect(await client.collection('memberships').getFullList()).toHaveLength(3);
			expect(await client.collection('documents').getFullList()).toHaveLength(1);
		}
	});

	it('refuses a document from an observer, accepts one from an editor as its author', async () => {
		const refused = await rejection(
			bobClient
				.collection('documents')
				.create({ experiment: experiment.id, kind: 'libre', title: 'Notes' })
		);
		expect(refused.status).toBe(400);
		expect(refused.response.message).toBe('Failed to create record.');

		const created = await daveClient
			.collection('documents')
			.create({ experiment: experiment.id, kind: 'libre', title: 'Notes', created_by: alice.id });
		expect(created.created_by).toBe(dave.id);
		await pb.admin.collection('documents').delete(created.id);
	});

	it('refuses client writes of the derived access lists', async () => {
		const onUpdate = await rejection(
			aliceClient.collection('experiments').update(experiment.id, { readers: [carol.id] })
		);
		expect(onUpdate.status).toBe(400);
		expect(onUpdate.response.message).toMatch(/maintained by the server.*readers/);

		const onCreate = await rejection(
			carolClient.collection('experiments').create({ title: 'X', editors: [carol.id] })
		);
		expect(onCreate.status).toBe(400);
		expect(onCreate.response.message).toMatch(/editors/);

		// The "+" modifier is caught too.
		const appended = await rejection(
			aliceClient.collection('experiments').update(experiment.id, { 'editors+': carol.id })
		);
		expect(appended.status).toBe(400);

		// A superuser write is not refused but recomputed from the memberships.
		await pb.admin.collection('experiments').update(experiment.id, { readers: [carol.id] });
		expect((await lists(experiment.id)).readers).toEqual([alice.id, bob.id, dave.id].sort());
		expect(await carolClient.collection('experiments').getFullList()).toEqual([]);
	});

	it('keeps the derived lists in step with role changes, removals and archiving', async () => {
		const before = await lists(experiment.id);
		expect(before.readers).toEqual([alice.id, bob.id, dave.id].sort());
		expect(before.commenters).toEqual([alice.id, dave.id].sort());
		expect(before.editors).toEqual([alice.id, dave.id].sort());
		expect(before.facilitators).toEqual([alice.id]);
		expect(before.managers).toEqual([alice.id]);

		// The coordinator (a manager) promotes the observer through the API.
		const bobMembership = await pb.admin
			.collection('memberships')
			.getFirstListItem(
				pb.admin.filter('experiment = {:e} && user = {:u}', { e: experiment.id, u: bob.id })
			);
		await aliceClient.collection('memberships').update(bobMembership.id, { role: 'copil_member' });
		const promoted = await lists(experiment.id);
		expect(promoted.editors).toContain(bob.id);
		expect(promoted.facilitators).toEqual([alice.id, bob.id].sort());
		expect(promoted.managers).toEqual([alice.id]);
		const doc = await bobClient
			.collection('documents')
			.create({ experiment: experiment.id, kind: 'compte_rendu_copil', title: 'COPIL 1' });
		await pb.admin.collection('documents').delete(doc.id);

		// Non-managers cannot change memberships.
		const selfPromotion = await rejection(
			bobClient.collection('memberships').update(bobMembership.id, { role: 'coordinator' })
		);
		expect(selfPromotion.status).toBe(404);

		// Removal: bob loses every access at once.
		await aliceClient.collection('memberships').delete(bobMembership.id);
		const removed = await lists(experiment.id);
		for (const list of DERIVED) expect(removed[list]).not.toContain(bob.id);
		expect(await bobClient.collection('experiments').getFullList()).toEqual([]);
		expect(await bobClient.collection('documents').getFullList()).toEqual([]);

		// Archiving leaves only read and manage (can() in access.ts), and restoring brings them back.
		await aliceClient.collection('experiments').update(experiment.id, { status: 'archivee' });
		const archived = await lists(experiment.id);
		expect(archived.readers).toEqual([alice.id, dave.id].sort());
		expect(archived.managers).toEqual([alice.id]);
		expect(archived.commenters).toEqual([]);
		expect(archived.editors).toEqual([]);
		expect(archived.facilitators).toEqual([]);
		const refused = await rejection(
			daveClient
				.collection('documents')
				.create({ experiment: experiment.id, kind: 'libre', title: 'Trop tard' })
		);
		expect(refused.status).toBe(400);

		await aliceClient.collection('experiments').update(experiment.id, { status: 'terminee' });
		expect((await lists(experiment.id)).editors).toEqual([alice.id, dave.id].sort());

		// Put bob back for the other tests.
		await pb.addMember(experiment.id, bob.id, 'observer');
	});

	it('refuses a second membership of the same user in the same experiment', async () => {
		const duplicate = await rejection(pb.addMember(experiment.id, bob.id, 'partner'));
		expect(duplicate.status).toBe(400);
	});

	it('lets only managers add members', async () => {
		const byObserver = await rejection(
			bobClient
				.collection('memberships')
				.create({ experiment: experiment.id, user: carol.id, role: 'coordinator' })
		);
		expect(byObserver.status).toBe(400);
		expect(await carolClient.collection('experiments').getFullList()).toEqual([]);
	});

	it('keeps doc_updates superuser-only', async () => {
		const [document] = await pb.admin.collection('documents').getFullList();
		const update = await pb.admin
			.collection('doc_updates')
			.create({ document: document!.id, data: 'AAE=', bytes: 2, compacted: false });

		for (const client of [aliceClient, bobClient, carolClient, pb.client()]) {
			expect((await rejection(client.collection('doc_updates').getList())).status).toBe(403);
			expect((await rejection(client.collection('doc_updates').getOne(update.id))).status).toBe(
				403
			);
			const create = client
				.collection('doc_updates')
				.create({ document: document!.id, data: 'AAE=', bytes: 2 });
			expect((await rejection(create)).status).toBe(403);
		}
	});

	it('shows users only themselves and the people they share an experiment with', async () => {
		const seenBy = async (client: TypedPocketBase) =>
			(await client.collection('users').getFullList()).map((u) => u.id).sort();
		expect(await seenBy(carolClient)).toEqual([carol.id]);
		expect(await seenBy(bobClient)).toEqual([alice.id, bob.id, dave.id].sort());
		expect((await rejection(carolClient.collection('users').getOne(alice.id))).status).toBe(404);
		// Emails stay private unless their owner makes them visible.
		const aliceSeenByBob = await bobClient.collection('users').getOne(alice.id);
		expect(aliceSeenByBob.email).toBeUndefined();
		expect(aliceSeenByBob.name).toBe('alice');
	});

	it('stores a ~14 MB base64 update and compacts rows in one batch', async () => {
		const document = await pb.admin
			.collection('documents')
			.create({ experiment: experiment.id, kind: 'libre', title: 'Gros document' });
		const rows = await Promise.all(
			[1, 2, 3].map(() =>
				pb.admin
					.collection('doc_updates')
					.create({ document: document.id, data: 'AAE=', bytes: 2, compacted: false })
			)
		);

		const big = Buffer.alloc(10.5 * 1024 * 1024, 7).toString('base64'); // ~14.7 M chars
		const batch = pb.admin.createBatch();
		batch.collection('doc_updates').create({
			document: document.id,
			data: big,
			bytes: 10.5 * 1024 * 1024,
			compacted: true
		});
		for (const row of rows) batch.collection('doc_updates').delete(row.id);
		const results = await batch.send();
		expect(results.map((r) => r.status)).toEqual([200, 204, 204, 204]);

		const left = await pb.admin
			.collection('doc_updates')
			.getFullList({ filter: pb.admin.filter('document = {:d}', { d: document.id }) });
		expect(left).toHaveLength(1);
		expect(left[0]!.data.length).toBe(big.length);
		expect(left[0]!.compacted).toBe(true);
	});

	it('cascades an experiment deletion to its memberships and documents', async () => {
		const doomed = await pb.createExperiment(carol.id, { title: 'Éphémère' });
		expect(doomed.managers).toEqual([carol.id]);
		await pb.addMember(doomed.id, bob.id, 'partner');
		await pb.admin
			.collection('documents')
			.create({ experiment: doomed.id, kind: 'libre', title: 'Brouillon' });

		await carolClient.collection('experiments').delete(doomed.id);
		const filter = pb.admin.filter('experiment = {:id}', { id: doomed.id });
		expect(await pb.admin.collection('memberships').getFullList({ filter })).toEqual([]);
		expect(await pb.admin.collection('documents').getFullList({ filter })).toEqual([]);
	});

	it('drops a deleted user from memberships and every derived list', async () => {
		const erin = await pb.createUser({
			email: 'erin@example.test',
			password: PASSWORD,
			name: 'erin'
		});
		const own = await pb.createExperiment(erin.id, { title: 'Projet d’Erin' });
		await pb.addMember(experiment.id, erin.id, 'copil_member');
		// Erin hands her own experiment over first: the last coordinator's account is never
		// deleted (pb_hooks/accounts.pb.js).
		await pb.addMember(own.id, dave.id, 'coordinator');
		expect((await lists(experiment.id)).facilitators).toContain(erin.id);

		await pb.admin.collection('users').delete(erin.id);

		for (const id of [experiment.id, own.id]) {
			const after = await lists(id);
			for (const list of DERIVED) expect(after[list]).not.toContain(erin.id);
		}
		const remaining = await pb.admin.collection('experiments').getOne(own.id);
		expect(remaining.created_by).toBe('');
		expect(remaining.readers).toEqual([dave.id]);
		const filter = pb.admin.filter('user = {:id}', { id: erin.id });
		expect(await pb.admin.collection('memberships').getFullList({ filter })).toEqual([]);
		await pb.admin.collection('experiments').delete(own.id);
	});

	it('does not lose list entries when memberships are added concurrently', async () => {
		const crowd = await Promise.all(
			Array.from({ length: 12 }, (_, i) =>
				pb.createUser({ email: `crowd${i}@example.test`, password: PASSWORD, name: `crowd${i}` })
			)
		);
		const target = await pb.createExperiment(alice.id, { title: 'Foule' });
		await Promise.all(crowd.map((user) => pb.addMember(target.id, user.id, 'partner')));
		const after = await lists(target.id);
		expect(after.readers).toEqual([alice.id, ...crowd.map((user) => user.id)].sort());
		expect(after.commenters).toEqual(after.readers);
		expect(after.editors).toEqual([alice.id]);
		await pb.admin.collection('experiments').delete(target.id);
		await Promise.all(crowd.map((user) => pb.admin.collection('users').delete(user.id)));
	});

	it('defaults the status of a new experiment to idee', async () => {
		const created = await carolClient.collection('experiments').create({ title: 'Sans statut' });
		expect(created.status).toBe('idee');
		await pb.admin.collection('experiments').delete(created.id);
	});

	it('enables the batch API and auth rate limiting', async () => {
		const settings = await pb.admin.settings.getAll();
		expect(settings.batch).toMatchObject({ enabled: true, maxRequests: 1000 });
		expect(settings.rateLimits.enabled).toBe(true);
		expect(settings.rateLimits.rules).toContainEqual(
			expect.objectContaining({ label: '*:authWithPassword', maxRequests: 30, duration: 10 })
		);
	});
});

describe('PocketBase access hooks are transactional', () => {
	const POISON_ID = 'poisonpoisonpoi';
	let pb: TestPocketBase;
	let hooksDir: string;

	beforeAll(async () => {
		// The repo's hooks plus one that fails the refresh of any experiment whose readers would
		// include the "poison" user: the failure happens after the membership write. An Execute
		// hook, because JSVM binds the handlers of different files in no fixed order.
		hooksDir = mkdtempSync(join(tmpdir(), 'trame-hooks-'));
		cpSync(HOOKS_DIR, hooksDir, { recursive: true });
		writeFileSync(
			join(hooksDir, 'zz_test_failure.pb.js'),
			`onRecordUpdateExecute((e) => {
				if (e.record.getStringSlice('readers').includes('${POISON_ID}')) {
					throw new Error('refresh failed (test)');
				}
				e.next();
			}, 'experiments');\n`
		);
		pb = await startTestPocketBase({ hooksDir });
	});

	afterAll(async () => {
		await pb?.stop();
		if (hooksDir) rmSync(hooksDir, { recursive: true, force: true });
	});

	it('rolls back the membership and the experiment when the list refresh fails', async () => {
		const owner = await pb.createUser({ email: 'o@example.test', password: PASSWORD, name: 'o' });
		await pb.admin.collection('users').create({
			id: POISON_ID,
			email: 'p@example.test',
			password: PASSWORD,
			passwordConfirm: PASSWORD,
			name: 'p'
		});
		const experiment = await pb.createExperiment(owner.id, { title: 'calme' });
		expect(experiment.readers).toEqual([owner.id]);

		// Adding the member writes the membership, then the refresh fails: nothing is kept.
		expect((await rejection(pb.addMember(experiment.id, POISON_ID, 'observer'))).status).toBe(400);
		const memberships = await pb.admin.collection('memberships').getFullList();
		expect(memberships.map((m) => m.user)).toEqual([owner.id]);

		// Creating an experiment as the poison user: its coordinator membership fails to refresh,
		// so the experiment itself is rolled back too.
		const poisonClient = await pb.userClient('p@example.test', PASSWORD);
		expect((await rejection(pb.createExperiment(poisonClient, { title: 'x' }))).status).toBe(400);
		const experiments = await pb.admin
			.collection('experiments')
			.getFullList({ filter: "kind = 'experiment'" });
		expect(experiments.map((e) => e.id)).toEqual([experiment.id]);
	});
});

describe('PocketBase auth rate limiting', () => {
	let pb: TestPocketBase;

	beforeAll(async () => {
		pb = await startTestPocketBase();
	});

	afterAll(async () => {
		await pb?.stop();
	});

	it('answers 429 after 30 password sign-ins from one IP within 10 s', async () => {
		await pb.createUser({ email: 'r@example.test', password: PASSWORD, name: 'r' });
		const attempt = () =>
			fetch(`${pb.url}/api/collections/users/auth-with-password`, {
				method: 'POST',
				headers: { 'content-type': 'application/json' },
				body: JSON.stringify({ identity: 'r@example.test', password: 'wrong-password' })
			}).then((response) => response.status);
		// Sent together so that all 31 arrive within the 10 s window however slow the machine
		// (one after the other, each password check takes its time and the window can roll over).
		const statuses = await Promise.all(Array.from({ length: 31 }, attempt));
		const count = (status: number) => statuses.filter((s) => s === status).length;
		expect({ refused: count(400), limited: count(429) }).toEqual({ refused: 30, limited: 1 });
	});
});
