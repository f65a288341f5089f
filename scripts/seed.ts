/**
 * Seeds the demo data on first run (`npm start` calls it at every start). Each step is
 * get-or-create, so a run interrupted half-way is completed by the next one rather than stuck.
 * Everything goes through PocketBase's API: the experiment is created by the demo coordinator
 * herself, so the same rules and hooks apply as for a real user. `main` then plays the demo
 * protocol's story (scripts/demo-story.ts: a decision, a version, séances); the e2e tests seed
 * with `seedDemo` alone, so their experiment starts without rounds or séances.
 */
import PocketBase, { ClientResponseError, type RecordModel } from 'pocketbase';
import { fileURLToPath } from 'node:url';
import { readConfig, superuserCredentials } from '../server/config.mjs';
import { createDocumentWithTemplate } from '../src/lib/server/documents';
import { seedDemoStory } from './demo-story';
import {
	DEMO_ACCOUNTS,
	DEMO_EXPERIMENT,
	DEMO_ORGANISATION,
	DEMO_SECOND_EXPERIMENT,
	DEMO_STRATEGY,
	DEMO_PASSWORD,
	DEMO_PROTOCOL_TITLE,
	type DemoAccount
} from './demo-data';

export interface SeedResult {
	/** True when this run created anything. */
	seeded: boolean;
	experimentId: string;
	protocolId: string;
	/** The Labo's governance space and its strategy document. */
	governanceId: string;
	strategyId: string;
	/** User id by email. */
	users: Record<string, string>;
}

function client(url: string): PocketBase {
	const pb = new PocketBase(url);
	pb.autoCancellation(false);
	return pb;
}

/** The first record matching `filter`, or the one `create` makes; `created` tells which. */
async function getOrCreate(
	pb: PocketBase,
	collection: string,
	filter: string,
	create: () => Promise<RecordModel>
): Promise<{ record: RecordModel; created: boolean }> {
	const found = await findFirst(pb, collection, filter);
	return found ? { record: found, created: false } : { record: await create(), created: true };
}

async function findFirst(
	pb: PocketBase,
	collection: string,
	filter: string
): Promise<RecordModel | null> {
	const page = await pb.collection(collection).getList(1, 1, { filter, skipTotal: true });
	return page.items[0] ?? null;
}

export async function seedDemo(
	pbUrl: string,
	superuser: { email: string; password: string }
): Promise<SeedResult> {
	const admin = client(pbUrl);
	await admin.collection('_superusers').authWithPassword(superuser.email, superuser.password);
	let created = false;

	const users: Record<string, string> = {};
	for (const account of DEMO_ACCOUNTS) {
		const user = await getOrCreate(
			admin,
			'users',
			admin.filter('email = {:email}', { email: account.email }),
			() =>
				admin.collection('users').create({
					email: account.email,
					password: DEMO_PASSWORD,
					passwordConfirm: DEMO_PASSWORD,
					name: account.name,
					verified: true,
					locale: 'fr'
				})
		);
		created ||= user.created;
		users[account.email] = user.record.id;
	}

	// The Labo: the default organisation, its members with their organisation roles.
	const labo = await findFirst(
		admin,
		'organisations',
		admin.filter('slug = {:slug}', { slug: DEMO_ORGANISATION.slug })
	);
	if (!labo) throw new Error('the default organisation (migration 1765910000) is missing');
	if (labo.name !== DEMO_ORGANISATION.name)
		await admin.collection('organisations').update(labo.id, { name: DEMO_ORGANISATION.name });
	for (const account of DEMO_ACCOUNTS) {
		const orgRole = account.orgRole ?? (account.role ? 'member' : null);
		if (!orgRole) continue;
		const filter = admin.filter('organisation = {:org} && user = {:user}', {
			org: labo.id,
			user: users[account.email] as string
		});
		if (await findFirst(admin, 'org_memberships', filter)) continue;
		await admin
			.collection('org_memberships')
			.create({ organisation: labo.id, user: users[account.email], role: orgRole });
		created = true;
	}

	const coordinator = DEMO_ACCOUNTS.find((a) => a.role === 'coordinator') as DemoAccount;
	const asCoordinator = client(pbUrl);
	await asCoordinator.collection('users').authWithPassword(coordinator.email, DEMO_PASSWORD);
	const found = await getOrCreate(
		asCoordinator,
		'experiments',
		asCoordinator.filter('title = {:title}', { title: DEMO_EXPERIMENT.title }),
		() => asCoordinator.collection('experiments').create({ ...DEMO_EXPERIMENT })
	);
	created ||= found.created;
	const experiment = found.record;

	for (const account of DEMO_ACCOUNTS) {
		if (account.role === null || account.role === 'coordinator') continue;
		const userId = users[account.email] as string;
		const filter = admin.filter('experiment = {:experiment} && user = {:user}', {
			experiment: experiment.id,
			user: userId
		});
		if (await findFirst(admin, 'memberships', filter)) continue;
		await asCoordinator
			.collection('memberships')
			.create({ experiment: experiment.id, user: userId, role: account.role });
		created = true;
	}

	let protocolId = (
		await findFirst(
			admin,
			'documents',
			admin.filter('experiment = {:id} && kind = "protocole"', { id: experiment.id })
		)
	)?.id;
	if (!protocolId) {
		const protocol = await createDocumentWithTemplate(admin, {
			experimentId: experiment.id,
			userId: users[coordinator.email] as string,
			kind: 'protocole',
			title: DEMO_PROTOCOL_TITLE,
			locale: 'fr'
		});
		if (!protocol.ok) throw new Error(`could not create the demo protocol: ${protocol.error}`);
		protocolId = protocol.id;
		created = true;
	}
	// The Labo's second experiment, coordinated by a member of its team.
	const second = DEMO_SECOND_EXPERIMENT;
	const asSecondCoordinator = client(pbUrl);
	await asSecondCoordinator.collection('users').authWithPassword(second.coordinator, DEMO_PASSWORD);
	const secondFound = await getOrCreate(
		asSecondCoordinator,
		'experiments',
		asSecondCoordinator.filter('title = {:title}', { title: second.fields.title }),
		() =>
			asSecondCoordinator
				.collection('experiments')
				.create({ ...second.fields, organisation: labo.id })
	);
	created ||= secondFound.created;

	// The Labo's governance space (created with the organisation) holds its strategy.
	const space = await findFirst(
		admin,
		'experiments',
		admin.filter("organisation = {:org} && kind = 'organisation'", { org: labo.id })
	);
	if (!space) throw new Error('the Labo has no governance space (migration 1766710000)');
	let strategyId = (
		await findFirst(
			admin,
			'documents',
			admin.filter('experiment = {:id} && title = {:title}', {
				id: space.id,
				title: DEMO_STRATEGY.title
			})
		)
	)?.id;
	if (!strategyId) {
		const strategy = await createDocumentWithTemplate(admin, {
			experimentId: space.id,
			userId: users[DEMO_STRATEGY.author] as string,
			kind: 'libre',
			title: DEMO_STRATEGY.title,
			content: DEMO_STRATEGY.content
		});
		if (!strategy.ok) throw new Error(`could not create the demo strategy: ${strategy.error}`);
		strategyId = strategy.id;
		created = true;
	}
	return {
		seeded: created,
		experimentId: experiment.id,
		protocolId,
		governanceId: space.id,
		strategyId,
		users
	};
}

function describe(error: unknown): string {
	if (error instanceof ClientResponseError)
		return `${error.message} (${error.status} ${error.url}) ${JSON.stringify(error.response)}`;
	return error instanceof Error ? error.message : String(error);
}

async function main(): Promise<void> {
	const config = readConfig();
	const superuser = superuserCredentials(config);
	const result = await seedDemo(config.pbUrl, superuser);
	// The protocol's story: a decision in its register, a version, a past and a coming séance.
	const story = await seedDemoStory(config.pbUrl, superuser, result, { origin: config.origin });
	console.log(
		result.seeded || story.created
			? `[trame] Données de démonstration créées (${DEMO_ACCOUNTS.length} comptes, mot de passe « ${DEMO_PASSWORD} »).`
			: '[trame] Données de démonstration déjà présentes.'
	);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
	main().catch((error: unknown) => {
		console.error(`[trame] Seed failed: ${describe(error)}`);
		process.exit(1);
	});
}
