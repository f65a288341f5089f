/**
 * Agreement of the one access matrix across its three enforcers: every experiment role and
 * organisation role × every action × (own experiment A of the own organisation L, other
 * experiment B of L, experiment C of another organisation M, L's governance space G, M's
 * governance space H) against
 *   (a) the real PocketBase API rules, as that user (bodies checked, not only status codes),
 *   (b) the real collaboration server, one real socket per role and experiment,
 *   (c) `can()` / `documentAccess()` of src/lib/domain/access.ts, the reference.
 * Each of the eight role holders holds their role in A and is a `member` of L; L's `admin` and
 * `team` hold no experiment role, `team+evaluator` is on L's team and an evaluator in A. Nobody
 * but C's owner holds anything in M (they administer it, hence coordinate H). In G and H nobody
 * holds a role by hand: the memberships derive from organisation roles (governanceRole()). Disagreements are collected and reported as
 * "person / action / target: surface says X, domain says Y".
 *
 * Surfaces per action:
 * - read: experiments, memberships, documents, decisions (governance), review_threads (review)
 *   list + view; the `readers` list.
 * - comment: review_threads and review_messages create (rule on `commenters`).
 * - edit: documents create + update (rule on `editors`); live socket updates stored or dropped.
 * - facilitate: no PocketBase rule lets a client write `rounds` (superuser only: every round write
 *   goes through the Trame server, which holds secrets such as hidden positions), so it is
 *   asserted through the `facilitators` list and the governance service `startConsentRound`,
 *   which the app's endpoints call with the signed-in user. Séances (seances, seance_items,
 *   follow_ups) are planned and run by facilitators and read by readers: their rules are
 *   checked directly (create, update, delete as that user; list/view for read).
 * - manage: experiments update/delete, memberships create/update/delete, invitations
 *   list/view/delete (rule on `managers`).
 */
import { ClientResponseError } from 'pocketbase';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import * as decoding from 'lib0/decoding';
import {
	ACTIONS,
	ROLES,
	can,
	documentAccess,
	type AccessContext,
	type Action,
	governanceRole,
	type OrgRole,
	type Role
} from '../../src/lib/domain/access';
import { CloseCode, MessageType } from '../../src/lib/collab/protocol';
import { EDITOR_SCHEMA_VERSION } from '../../src/lib/editor/schema-version';
import type { TypedPocketBase, UsersRecord } from '../../src/lib/pocketbase/types';
import { createInvitation } from '../../src/lib/server/invitations';
import { startConsentRound } from '../../src/lib/server/governance/rounds';
import { GovernanceError } from '../../src/lib/server/governance/errors';
import { startTrameServer, type TrameServer } from '../../server/index';
import { createMemoryLogger } from '../../server/log';
import { PocketBaseStore } from '../../server/storage/pocketbase-store';
import { encodeSyncStep1, SyncStep } from '../../server/collab/wire';
import { connectRaw, type RawClient } from '../../server/testing/raw-client';
import { startTestPocketBase, type TestPocketBase } from '../support/pocketbase';
import { connectCollabClient, type CollabClient } from '../support/collab-client';

const PASSWORD = 'matrix-password-123';
const ORIGIN = 'http://trame.test';
const LIST_OF: Record<Action, 'readers' | 'commenters' | 'editors' | 'facilitators' | 'managers'> =
	{
		read: 'readers',
		comment: 'commenters',
		edit: 'editors',
		facilitate: 'facilitators',
		manage: 'managers'
	};
const ANCHOR = { from: { type: { client: 1, clock: 0 }, assoc: 0 }, to: { tname: 'default' } };

/** own: A (in L, where roles are held); other: B (in L); foreign: C (in M); space: G; foreignSpace: H. */
type Which = 'own' | 'other' | 'foreign' | 'space' | 'foreignSpace';
const WHICH: readonly Which[] = ['own', 'other', 'foreign', 'space', 'foreignSpace'];
const TARGET_NAME: Record<Which, string> = {
	own: 'own experiment',
	other: 'other experiment of the own organisation',
	foreign: 'experiment of another organisation',
	space: 'governance space of the own organisation',
	foreignSpace: 'governance space of another organisation'
};

interface Target {
	which: Which;
	experimentId: string;
	documentId: string;
	threadId: string;
	decisionId: string;
	invitationId: string;
	seanceId: string;
	itemId: string;
	followUpId: string;
	/** A member of this experiment who may be a round's proposer and participant. */
	participantId: string;
	/** That member's session, for a peer socket on the document. */
	participantToken: string;
	/** How many memberships the owner has (a reader lists them all). */
	members: number;
}

interface Person {
	/** Name in reports: the experiment role, the organisation role, or both. */
	label: string;
	/** Role in A (none elsewhere). */
	role: Role | null;
	/** Role in L, the organisation of A and B (none in M). */
	orgRole: OrgRole | null;
	user: UsersRecord;
	client: TypedPocketBase;
	token: string;
}

const logger = createMemoryLogger();
let pb: TestPocketBase;
let server: TrameServer;
let spare: UsersRecord;
const watchers = {} as Record<Which, CollabClient>;
const people = new Map<string, Person>();
const targets = {} as Record<Which, Target>;
/** Organisation people beside the eight role holders (members of L). */
const ORG_PEOPLE: readonly { label: string; role: Role | null; orgRole: OrgRole }[] = [
	{ label: 'admin', role: null, orgRole: 'admin' },
	{ label: 'team', role: null, orgRole: 'team' },
	{ label: 'team+evaluator', role: 'evaluator', orgRole: 'team' }
];
const LABELS = [...ROLES, ...ORG_PEOPLE.map((p) => p.label)];

/** The domain's answer for this person on this target. */
function context(person: Person, which: Which): AccessContext {
	if (which === 'foreign' || which === 'foreignSpace') return { role: null, orgRole: null };
	if (which === 'space') return { role: governanceRole(person.orgRole), orgRole: person.orgRole };
	return { role: which === 'own' ? person.role : null, orgRole: person.orgRole };
}

/** Collects disagreements so one failure lists them all, in words. */
class Agreement {
	readonly problems: string[] = [];
	constructor(
		private readonly person: Person,
		private readonly which: Which
	) {}

	check(action: Action, surface: string, observed: boolean): void {
		const expected = can(context(this.person, this.which), action);
		checked.add(`${this.person.label}/${action}/${this.which}`);
		if (observed !== expected) {
			this.problems.push(
				`${this.person.label} / ${action} / ${TARGET_NAME[this.which]}: ${surface} ${observed ? 'allows' : 'refuses'}, ` +
					`the domain ${expected ? 'allows' : 'refuses'}`
			);
		}
	}

	/** A fact that does not depend on the matrix (e.g. a superuser-only collection). */
	fact(surface: string, holds: boolean, detail = ''): void {
		if (!holds)
			this.problems.push(`${this.person.label} / ${TARGET_NAME[this.which]}: ${surface} ${detail}`);
	}
}

/** person/action/target cases compared at least once (the figure reported in the summary). */
const checked = new Set<string>();

/** Status of a rejected call, or 0 when it succeeded (and the value). */
async function attempt<T>(
	call: Promise<T>
): Promise<{ ok: true; value: T } | { ok: false; status: number }> {
	try {
		return { ok: true, value: await call };
	} catch (error) {
		if (error instanceof ClientResponseError) return { ok: false, status: error.status };
		throw error;
	}
}

async function makeUser(name: string): Promise<{ user: UsersRecord; client: TypedPocketBase }> {
	const email = `${name}.matrix@trame.test`;
	const user = await pb.createUser({ email, password: PASSWORD, name });
	return { user, client: await pb.userClient(email, PASSWORD) };
}

async function newTarget(
	which: Which,
	coordinator: { user: UsersRecord; token: string },
	organisation: string
): Promise<Target> {
	const coordinatorId = coordinator.user.id;
	const experiment =
		which === 'space' || which === 'foreignSpace'
			? await pb.admin
					.collection('experiments')
					.getFirstListItem(
						pb.admin.filter("organisation = {:o} && kind = 'organisation'", { o: organisation })
					)
			: await pb.createExperiment(coordinatorId, {
					title: {
						own: 'Expérimentation A',
						other: 'Expérimentation B',
						foreign: 'Expérimentation C'
					}[which],
					status: 'conception',
					organisation
				});
	const document = await pb.admin.collection('documents').create({
		experiment: experiment.id,
		kind: 'protocole',
		title: `Protocole ${which}`,
		archived: false,
		schema_version: EDITOR_SCHEMA_VERSION,
		created_by: coordinatorId
	});
	const thread = await pb.admin.collection('review_threads').create({
		document: document.id,
		author: coordinatorId,
		kind: 'comment',
		anchor: ANCHOR,
		quote: 'contexte',
		status: 'open'
	});
	const round = await pb.admin.collection('rounds').create({
		experiment: experiment.id,
		kind: 'consent',
		title: 'Proposition',
		state: { seeded: true },
		phase: 'presentation',
		closed: false,
		revision: 0,
		created_by: coordinatorId
	});
	const decision = await pb.admin.collection('decisions').create({
		experiment: experiment.id,
		round: round.id,
		kind: 'consent',
		outcome: 'adopted',
		title: 'Décision',
		decided_at: '2026-01-15 10:00:00.000Z'
	});
	const invitation = await createInvitation(pb.admin, {
		experimentId: experiment.id,
		email: `invite.${which}@trame.test`,
		role: 'observer',
		invitedBy: coordinatorId,
		origin: ORIGIN,
		now: new Date()
	});
	const seance = await pb.admin.collection('seances').create({
		experiment: experiment.id,
		title: 'COPIL',
		starts_at: '2027-03-12 17:30:00.000Z',
		status: 'planned',
		created_by: coordinatorId
	});
	const item = await pb.admin.collection('seance_items').create({
		seance: seance.id,
		position: 0,
		title: 'Point',
		kind: 'information'
	});
	const followUp = await pb.admin.collection('follow_ups').create({
		experiment: experiment.id,
		what: 'Action',
		owner: coordinatorId,
		status: 'todo',
		seance: seance.id,
		created_by: coordinatorId
	});
	return {
		which,
		experimentId: experiment.id,
		seanceId: seance.id,
		itemId: item.id,
		followUpId: followUp.id,
		documentId: document.id,
		threadId: thread.id,
		decisionId: decision.id,
		invitationId: invitation.id,
		participantId: coordinatorId,
		participantToken: coordinator.token,
		members: 1
	};
}

beforeAll(async () => {
	pb = await startTestPocketBase();
	const made = await Promise.all(LABELS.map((label) => makeUser(label.replace('+', '-'))));
	const withToken = async (name: string) => {
		const { user, client } = await makeUser(name);
		return { user, token: client.authStore.token };
	};
	const ownerOfB = await withToken('owner-b');
	const ownerOfC = await withToken('owner-c');
	spare = (await makeUser('spare')).user;
	const setups = [
		...ROLES.map((role) => ({ label: role, role, orgRole: 'member' as OrgRole })),
		...ORG_PEOPLE
	];
	setups.forEach((setup, i) => {
		const { user, client } = made[i]!;
		people.set(setup.label, { ...setup, user, client, token: client.authStore.token });
	});
	// L is the default organisation (the migration's); M is another one.
	const labo = await pb.admin.collection('organisations').getFirstListItem("slug = 'labo'");
	const other = await pb.admin
		.collection('organisations')
		.create({ name: 'Réseau des territoires', slug: 'reseau' });
	for (const person of people.values()) {
		await pb.admin
			.collection('org_memberships')
			.create({ organisation: labo.id, user: person.user.id, role: person.orgRole });
	}
	// The coordinator creates A (the hook makes them its coordinator); B and C belong to others.
	targets.own = await newTarget('own', people.get('coordinator')!, labo.id);
	targets.other = await newTarget('other', ownerOfB, labo.id);
	targets.foreign = await newTarget('foreign', ownerOfC, other.id);
	for (const person of people.values()) {
		if (person.role && person.role !== 'coordinator')
			await pb.addMember(targets.own.experimentId, person.user.id, person.role);
	}
	targets.own.members = [...people.values()].filter((p) => p.role !== null).length;
	// G is run by L's administrator (derived coordinator); H by C's owner, M's administrator.
	targets.space = await newTarget('space', people.get('admin')!, labo.id);
	targets.space.members = [...people.values()].filter((p) => governanceRole(p.orgRole)).length;
	const ownerOfCInM = await pb.admin
		.collection('org_memberships')
		.getFirstListItem(
			pb.admin.filter('organisation = {:o} && user = {:u}', { o: other.id, u: ownerOfC.user.id })
		);
	await pb.admin.collection('org_memberships').update(ownerOfCInM.id, { role: 'admin' });
	targets.foreignSpace = await newTarget('foreignSpace', ownerOfC, other.id);
	server = await startTrameServer({
		port: 0,
		origin: ORIGIN,
		pbUrl: pb.url,
		superuser: pb.superuser,
		logger,
		buildDir: '/nonexistent'
	});
	// A peer on each protocol: editors' updates must reach it, readers' must not.
	for (const which of WHICH) {
		watchers[which] = connectCollabClient({
			wsUrl: server.url.replace('http', 'ws'),
			documentId: targets[which].documentId,
			token: targets[which].participantToken
		});
		await watchers[which].synced();
	}
}, 120_000);

afterAll(async () => {
	console.log(
		`access matrix: ${checked.size} person × action × target cases compared across PocketBase, ` +
			`the collaboration server and can()`
	);
	for (const which of WHICH) watchers[which]?.destroy();
	await server?.close();
	await pb?.stop();
});

describe('the domain matrix itself', () => {
	it('gives nobody anything in an experiment where they hold no role', () => {
		for (const action of ACTIONS) expect(can({ role: null }, action), action).toBe(false);
		expect(documentAccess({ role: null })).toBe('none');
	});

	it('derives the live document access from can()', () => {
		for (const role of ROLES) {
			const ctx = { role };
			const expected = can(ctx, 'edit')
				? 'edit'
				: can(ctx, 'comment')
					? 'comment'
					: can(ctx, 'read')
						? 'read'
						: 'none';
			expect(documentAccess(ctx), role).toBe(expected);
		}
	});
});

describe.each(WHICH)('PocketBase API rules, %s target', (which) => {
	it.each(LABELS)('%s', async (label) => {
		const person = people.get(label)!;
		const role = label;
		const target = targets[which];
		const me = person.user.id;
		const pbc = person.client;
		const agree = new Agreement(person, which);
		const byExperiment = pbc.filter('experiment = {:e}', { e: target.experimentId });

		// --- the derived lists (what every rule reads) -----------------------------------------
		const stored = await pb.admin.collection('experiments').getOne(target.experimentId);
		for (const action of ACTIONS) {
			agree.check(action, `experiments.${LIST_OF[action]}`, stored[LIST_OF[action]].includes(me));
		}

		// --- read --------------------------------------------------------------------------------
		const experiments = await pbc.collection('experiments').getList(1, 50);
		agree.check(
			'read',
			'experiments list',
			experiments.items.some((e) => e.id === target.experimentId)
		);
		const experiment = await attempt(pbc.collection('experiments').getOne(target.experimentId));
		agree.check('read', 'experiments view', experiment.ok && experiment.value.title !== '');
		if (!experiment.ok)
			agree.fact(
				'experiments view refused',
				experiment.status === 404,
				`with ${experiment.status}, not 404`
			);

		const memberships = await pbc
			.collection('memberships')
			.getList(1, 50, { filter: byExperiment });
		const expectedMembers = target.members;
		agree.check(
			'read',
			'memberships list (all members)',
			memberships.items.length === expectedMembers && memberships.totalItems === expectedMembers
		);
		if (!can(context(person, which), 'read'))
			agree.fact('memberships list refused', memberships.items.length === 0, 'leaks items');

		const documents = await pbc.collection('documents').getList(1, 50, { filter: byExperiment });
		agree.check(
			'read',
			'documents list',
			documents.items.map((d) => d.id).join() === target.documentId
		);
		const document = await attempt(pbc.collection('documents').getOne(target.documentId));
		agree.check('read', 'documents view', document.ok && document.value.id === target.documentId);
		if (!document.ok)
			agree.fact('documents view refused', document.status === 404, `with ${document.status}`);

		const decisions = await pbc.collection('decisions').getList(1, 50, { filter: byExperiment });
		agree.check(
			'read',
			'decisions list (governance)',
			decisions.items.map((d) => d.id).join() === target.decisionId
		);
		const decision = await attempt(pbc.collection('decisions').getOne(target.decisionId));
		agree.check('read', 'decisions view', decision.ok && decision.value.title === 'Décision');
		if (!decision.ok)
			agree.fact('decisions view refused', decision.status === 404, `with ${decision.status}`);

		const threads = await pbc.collection('review_threads').getList(1, 50, {
			filter: pbc.filter('document = {:d}', { d: target.documentId })
		});
		agree.check(
			'read',
			'review_threads list (review)',
			threads.items.map((t) => t.id).join() === target.threadId
		);

		// Séances (issue 14): readers read the séance, its agenda and the follow-up actions.
		const seances = await pbc.collection('seances').getList(1, 50, { filter: byExperiment });
		agree.check('read', 'seances list', seances.items.map((x) => x.id).join() === target.seanceId);
		const seanceView = await attempt(pbc.collection('seances').getOne(target.seanceId));
		agree.check('read', 'seances view', seanceView.ok && seanceView.value.title === 'COPIL');
		const items = await pbc.collection('seance_items').getList(1, 50, {
			filter: pbc.filter('seance = {:s}', { s: target.seanceId })
		});
		agree.check('read', 'seance_items list', items.items.map((x) => x.id).join() === target.itemId);
		const followUps = await pbc.collection('follow_ups').getList(1, 50, { filter: byExperiment });
		agree.check(
			'read',
			'follow_ups list',
			followUps.items.map((x) => x.id).join() === target.followUpId
		);

		// Rounds hold secret positions: superuser only for everybody, members included.
		const rounds = await attempt(pbc.collection('rounds').getList(1, 50));
		agree.fact('rounds list', !rounds.ok && rounds.status === 403, 'is not superuser-only');

		// --- comment -----------------------------------------------------------------------------
		const thread = await attempt(
			pbc.collection('review_threads').create({
				document: target.documentId,
				author: me,
				kind: 'comment',
				anchor: ANCHOR,
				quote: 'contexte',
				status: 'open'
			})
		);
		agree.check('comment', 'review_threads create', thread.ok && thread.value.author === me);
		if (thread.ok) await pb.admin.collection('review_threads').delete(thread.value.id);
		else
			agree.fact('review_threads create refused', thread.status === 400, `with ${thread.status}`);

		const message = await attempt(
			pbc
				.collection('review_messages')
				.create({ thread: target.threadId, author: me, body: `Remarque de ${role}` })
		);
		agree.check('comment', 'review_messages create', message.ok && message.value.author === me);
		if (message.ok) await pb.admin.collection('review_messages').delete(message.value.id);
		const threadMessages = await pb.admin.collection('review_messages').getList(1, 1, {
			filter: pb.admin.filter('thread = {:t}', { t: target.threadId })
		});
		agree.fact('review_messages left behind', threadMessages.totalItems === 0);

		// --- edit --------------------------------------------------------------------------------
		const created = await attempt(
			pbc.collection('documents').create({
				experiment: target.experimentId,
				kind: 'libre',
				title: `Notes de ${role}`,
				created_by: target.participantId
			})
		);
		agree.check(
			'edit',
			'documents create (as its author)',
			created.ok &&
				created.value.created_by === me &&
				created.value.experiment === target.experimentId
		);
		if (!created.ok)
			agree.fact('documents create refused', created.status === 400, `with ${created.status}`);

		const title = `Protocole ${which} (${role})`;
		const renamed = await attempt(pbc.collection('documents').update(target.documentId, { title }));
		const afterRename = await pb.admin.collection('documents').getOne(target.documentId);
		agree.check(
			'edit',
			'documents update (stored title)',
			renamed.ok && afterRename.title === title
		);
		if (!renamed.ok) {
			agree.fact('documents update refused', renamed.status === 404, `with ${renamed.status}`);
			agree.fact('documents update refused', afterRename.title !== title, 'but the title changed');
		}

		// --- facilitate --------------------------------------------------------------------------
		let roundId: string | null = null;
		let refusal: string | null = null;
		try {
			roundId = await startConsentRound(
				{ admin: pb.admin },
				{
					experimentId: target.experimentId,
					userId: me,
					title: `Proposition de ${role}`,
					text: 'Texte proposé.',
					proposerId: target.participantId,
					participants: [target.participantId]
				}
			);
		} catch (error) {
			if (!(error instanceof GovernanceError)) throw error;
			refusal = error.code;
		}
		if (roundId) {
			const round = await pb.admin.collection('rounds').getOne(roundId);
			agree.check('facilitate', 'startConsentRound', round.created_by === me && !round.closed);
		} else {
			agree.check('facilitate', 'startConsentRound', false);
			// Non-readers learn nothing (not_found); readers are told they may not (forbidden).
			const expected = can(context(person, which), 'read') ? 'forbidden' : 'not_found';
			agree.fact(
				'startConsentRound refused',
				refusal === expected,
				`with ${refusal}, not ${expected}`
			);
		}

		// Séances: facilitators plan them, add agenda items and follow-up actions.
		const newSeance = await attempt(
			pbc.collection('seances').create({
				experiment: target.experimentId,
				title: `Séance de ${role}`,
				starts_at: '2027-04-02 16:00:00.000Z',
				status: 'planned',
				created_by: me
			})
		);
		agree.check('facilitate', 'seances create', newSeance.ok && newSeance.value.created_by === me);
		if (newSeance.ok) await pb.admin.collection('seances').delete(newSeance.value.id);
		const retitled = await attempt(
			pbc.collection('seances').update(target.seanceId, { title: `COPIL (${role})` })
		);
		const seanceAfter = await pb.admin.collection('seances').getOne(target.seanceId);
		agree.check(
			'facilitate',
			'seances update (stored)',
			retitled.ok && seanceAfter.title === `COPIL (${role})`
		);
		if (retitled.ok)
			await pb.admin.collection('seances').update(target.seanceId, { title: 'COPIL' });
		const newItem = await attempt(
			pbc.collection('seance_items').create({
				seance: target.seanceId,
				position: 1,
				title: `Point de ${role}`,
				kind: 'discussion'
			})
		);
		agree.check('facilitate', 'seance_items create', newItem.ok);
		if (newItem.ok) await pb.admin.collection('seance_items').delete(newItem.value.id);
		const newFollowUp = await attempt(
			pbc.collection('follow_ups').create({
				experiment: target.experimentId,
				what: `Action de ${role}`,
				owner: target.participantId,
				status: 'todo',
				created_by: me
			})
		);
		agree.check('facilitate', 'follow_ups create', newFollowUp.ok);
		if (newFollowUp.ok) await pb.admin.collection('follow_ups').delete(newFollowUp.value.id);
		const itemGone = await attempt(pbc.collection('seance_items').delete(target.itemId));
		agree.check('facilitate', 'seance_items delete', itemGone.ok);
		if (itemGone.ok) {
			const again = await pb.admin.collection('seance_items').create({
				seance: target.seanceId,
				position: 0,
				title: 'Point',
				kind: 'information'
			});
			target.itemId = again.id;
		}

		// --- manage ------------------------------------------------------------------------------
		const summary = `Résumé écrit par ${role}`;
		const updated = await attempt(
			pbc.collection('experiments').update(target.experimentId, { summary })
		);
		const afterUpdate = await pb.admin.collection('experiments').getOne(target.experimentId);
		agree.check(
			'manage',
			'experiments update (stored)',
			updated.ok && afterUpdate.summary === summary
		);
		if (!updated.ok) {
			agree.fact('experiments update refused', updated.status === 404, `with ${updated.status}`);
			agree.fact('experiments update refused', afterUpdate.summary !== summary, 'but it changed');
		}

		const spareMembership = await attempt(
			pbc
				.collection('memberships')
				.create({ experiment: target.experimentId, user: spare.id, role: 'observer' })
		);
		agree.check(
			'manage',
			'memberships create',
			spareMembership.ok && spareMembership.value.user === spare.id
		);
		const sparesNow = await pb.admin.collection('memberships').getFullList({
			filter: pb.admin.filter('experiment = {:e} && user = {:u}', {
				e: target.experimentId,
				u: spare.id
			})
		});
		if (spareMembership.ok) {
			const promoted = await attempt(
				pbc.collection('memberships').update(spareMembership.value.id, { role: 'partner' })
			);
			agree.check('manage', 'memberships update', promoted.ok && promoted.value.role === 'partner');
			const removed = await attempt(pbc.collection('memberships').delete(spareMembership.value.id));
			agree.check('manage', 'memberships delete', removed.ok);
		} else {
			agree.fact(
				'memberships create refused',
				spareMembership.status === 400,
				`with ${spareMembership.status}`
			);
			agree.fact('memberships create refused', sparesNow.length === 0, 'but a membership exists');
			// And the existing memberships stay out of reach.
			const someone = await pb.admin.collection('memberships').getFirstListItem(
				pb.admin.filter('experiment = {:e} && user = {:u}', {
					e: target.experimentId,
					u: target.participantId
				})
			);
			const demote = await attempt(
				pbc.collection('memberships').update(someone.id, { role: 'observer' })
			);
			agree.check('manage', 'memberships update', demote.ok);
			const remove = await attempt(pbc.collection('memberships').delete(someone.id));
			agree.check('manage', 'memberships delete', remove.ok);
			const still = await pb.admin.collection('memberships').getOne(someone.id);
			agree.fact(
				'memberships refused',
				still.role === 'coordinator',
				`but the role is ${still.role}`
			);
		}

		const invitations = await pbc
			.collection('invitations')
			.getList(1, 50, { filter: byExperiment });
		agree.check(
			'manage',
			'invitations list',
			invitations.items.map((i) => i.id).join() === target.invitationId
		);
		agree.fact(
			'invitations list',
			invitations.items.every((i) => i.token_hash === undefined),
			'returns the token hash'
		);
		const invitation = await attempt(pbc.collection('invitations').getOne(target.invitationId));
		agree.check(
			'manage',
			'invitations view',
			invitation.ok && invitation.value.email === `invite.${which}@trame.test`
		);
		if (!invitation.ok)
			agree.fact(
				'invitations view refused',
				invitation.status === 404,
				`with ${invitation.status}`
			);
		// Invitations are created by the Trame server only (it keeps the token): 403 for everyone.
		const forged = await attempt(
			pbc.collection('invitations').create({
				experiment: target.experimentId,
				email: 'forged@trame.test',
				role: 'coordinator',
				token_hash: 'f'.repeat(64),
				expires: '2030-01-01 00:00:00.000Z'
			})
		);
		agree.fact(
			'invitations create',
			!forged.ok && forged.status === 403,
			'is not refused with 403'
		);
		const throwaway = await createInvitation(pb.admin, {
			experimentId: target.experimentId,
			email: `revoke.${role}.${which}@trame.test`,
			role: 'observer',
			invitedBy: target.participantId,
			origin: ORIGIN,
			now: new Date()
		});
		const revoked = await attempt(pbc.collection('invitations').delete(throwaway.id));
		const left = await attempt(pb.admin.collection('invitations').getOne(throwaway.id));
		agree.check('manage', 'invitations delete (revoke)', revoked.ok && !left.ok);
		if (left.ok) await pb.admin.collection('invitations').delete(throwaway.id);

		// A manager may delete documents: the one this user just created, if any.
		if (created.ok) {
			const deleted = await attempt(pbc.collection('documents').delete(created.value.id));
			agree.check('manage', 'documents delete', deleted.ok);
			if (!deleted.ok) await pb.admin.collection('documents').delete(created.value.id);
		} else {
			const deleted = await attempt(pbc.collection('documents').delete(target.documentId));
			agree.check('manage', 'documents delete', deleted.ok);
		}
		// Deleting the experiment itself is only attempted by non-managers (it must be refused).
		if (!can(context(person, which), 'manage')) {
			const gone = await attempt(pbc.collection('experiments').delete(target.experimentId));
			agree.check('manage', 'experiments delete', gone.ok);
		}
		const survives = await pb.admin.collection('experiments').getOne(target.experimentId);
		agree.fact('experiment', survives.id === target.experimentId, 'was deleted');

		expect(agree.problems, `${label} in the ${TARGET_NAME[which]}`).toEqual([]);
	});
});

/** The server's whole current state of the document, asked on this socket (a barrier too). */
async function serverText(raw: RawClient): Promise<string> {
	const from = raw.frames.length;
	raw.send(encodeSyncStep1(new Y.Doc()));
	let payload: Uint8Array | null = null;
	await vi.waitFor(
		() => {
			for (const frame of raw.frames.slice(from)) {
				const decoder = decoding.createDecoder(frame);
				if (decoding.readVarUint(decoder) !== MessageType.Sync) continue;
				if (decoding.readVarUint(decoder) !== SyncStep.Step2) continue;
				payload = decoding.readVarUint8Array(decoder);
			}
			expect(payload).not.toBeNull();
		},
		{ timeout: 10_000 }
	);
	const doc = new Y.Doc();
	Y.applyUpdate(doc, payload!);
	return doc.getText('text').toString();
}

async function storedText(documentId: string): Promise<string> {
	const doc = new Y.Doc();
	for (const row of await new PocketBaseStore(pb.admin).load(documentId))
		Y.applyUpdate(doc, row.data);
	return doc.getText('text').toString();
}

describe.each(WHICH)('collaboration server, %s target', (which) => {
	it.each(LABELS)('%s', async (label) => {
		const person = people.get(label)!;
		const role = label;
		const target = targets[which];
		const watcher = watchers[which];
		const agree = new Agreement(person, which);
		const expected = documentAccess(context(person, which));
		const url = `${server.url.replace('http', 'ws')}/collab/${target.documentId}?schema=${EDITOR_SCHEMA_VERSION}`;
		const raw = connectRaw(url, { token: person.token, origin: ORIGIN });

		if (expected === 'none') {
			const closed = await raw.closed;
			agree.check(
				'read',
				`socket (closed with ${closed.code})`,
				closed.code !== CloseCode.Forbidden
			);
			agree.fact(
				'refused socket',
				raw.types.every((type) => type === MessageType.Error) && raw.text() === '',
				'received document or awareness bytes'
			);
			expect(agree.problems, `${label} in the ${TARGET_NAME[which]}`).toEqual([]);
			return;
		}

		await raw.opened;
		raw.sendStep1();
		const before = await serverText(raw);
		const connected = logger.entries.find(
			(entry) =>
				entry.event === 'collab.connected' &&
				entry.fields.user === person.user.id &&
				entry.fields.document === target.documentId
		);
		agree.fact(
			'socket access',
			connected?.fields.access === expected,
			`is ${String(connected?.fields.access)}, documentAccess() says ${expected}`
		);

		const marker = `<${role}>`;
		raw.edit((doc) => doc.getText('text').insert(0, marker));
		raw.sendSaveRequest(1);
		// A commenter may write only suggestions in the body: this direct edit closes its socket.
		const refused = expected === 'comment';
		if (refused) {
			const closed = await raw.closed;
			agree.fact(
				'comment socket',
				closed.code === CloseCode.SuggestionRefused,
				`closed with ${closed.code}`
			);
		}
		const onServer = refused ? (await watcher.save(), watcher.text()) : await serverText(raw);
		// Barrier on the peer's socket: anything broadcast before the probe arrives before Saved.
		await watcher.save();
		const atPeer = watcher.text().includes(marker);
		if (can(context(person, which), 'edit')) {
			await vi.waitFor(() => expect(raw.saved).toEqual([1]), { timeout: 10_000 });
		}
		const stored = (await storedText(target.documentId)).includes(marker);
		agree.check('edit', 'socket update applied by the server', onServer.includes(marker));
		agree.check('edit', 'socket update reached a peer', atPeer);
		agree.check('edit', 'socket update stored (Saved ack)', stored && raw.saved.includes(1));
		agree.fact(
			'socket',
			refused || raw.closeEvent === null,
			`was closed (${raw.closeEvent?.code})`
		);
		if (!can(context(person, which), 'edit')) {
			agree.fact('read-only socket', onServer === before, 'changed the server document');
		}
		if (!refused) await raw.close();
		expect(agree.problems, `${label} in the ${TARGET_NAME[which]}`).toEqual([]);
	});
});
