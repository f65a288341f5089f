/**
 * Seeds the demo data on first run (`npm start` calls it every start; it does nothing once the
 * demo accounts exist). Everything goes through PocketBase's API: the experiment is created by
 * the demo coordinator herself, so the same rules and hooks apply as for a real user.
 */
import PocketBase from 'pocketbase';
import { fileURLToPath } from 'node:url';
import { createDocumentWithTemplate } from '../src/lib/server/documents';
import {
	DEMO_ACCOUNTS,
	DEMO_EXPERIMENT,
	DEMO_PASSWORD,
	DEMO_PROTOCOL_TITLE,
	type DemoAccount
} from './demo-data';

export interface SeedResult {
	seeded: boolean;
	experimentId: string;
	protocolId: string;
	users: Record<string, string>;
}

export async function seedDemo(
	pbUrl: string,
	superuser: { email: string; password: string }
): Promise<SeedResult> {
	const admin = new PocketBase(pbUrl);
	admin.autoCancellation(false);
	await admin.collection('_superusers').authWithPassword(superuser.email, superuser.password);

	const coordinator = DEMO_ACCOUNTS.find((a) => a.role === 'coordinator') as DemoAccount;
	const existing = await admin
		.collection('users')
		.getFirstListItem(admin.filter('email = {:email}', { email: coordinator.email }))
		.catch(() => null);
	if (existing) {
		const experiment = await admin
			.collection('experiments')
			.getFirstListItem(admin.filter('title = {:title}', { title: DEMO_EXPERIMENT.title }));
		const protocol = await admin
			.collection('documents')
			.getFirstListItem(admin.filter('experiment = {:id}', { id: experiment.id }));
		const users = await admin.collection('users').getFullList({ fields: 'id,email' });
		return {
			seeded: false,
			experimentId: experiment.id,
			protocolId: protocol.id,
			users: Object.fromEntries(users.map((u) => [u.email as string, u.id]))
		};
	}

	const users: Record<string, string> = {};
	for (const account of DEMO_ACCOUNTS) {
		const user = await admin.collection('users').create({
			email: account.email,
			password: DEMO_PASSWORD,
			passwordConfirm: DEMO_PASSWORD,
			name: account.name,
			verified: true,
			locale: 'fr'
		});
		users[account.email] = user.id;
	}

	const asCoordinator = new PocketBase(pbUrl);
	asCoordinator.autoCancellation(false);
	await asCoordinator.collection('users').authWithPassword(coordinator.email, DEMO_PASSWORD);
	const experiment = await asCoordinator.collection('experiments').create({ ...DEMO_EXPERIMENT });
	for (const account of DEMO_ACCOUNTS) {
		if (account.role === null || account.role === 'coordinator') continue;
		await asCoordinator.collection('memberships').create({
			experiment: experiment.id,
			user: users[account.email],
			role: account.role
		});
	}

	const protocol = await createDocumentWithTemplate(admin, {
		experimentId: experiment.id,
		userId: users[coordinator.email] as string,
		kind: 'protocole',
		title: DEMO_PROTOCOL_TITLE,
		locale: 'fr'
	});
	if (!protocol.ok) throw new Error(`Could not create the demo protocol: ${protocol.error}`);
	return { seeded: true, experimentId: experiment.id, protocolId: protocol.id, users };
}

async function main(): Promise<void> {
	const pbUrl = process.env.PB_URL;
	const email = process.env.PB_SUPERUSER_EMAIL;
	const password = process.env.PB_SUPERUSER_PASSWORD;
	if (!pbUrl || !email || !password)
		throw new Error('PB_URL, PB_SUPERUSER_EMAIL and PB_SUPERUSER_PASSWORD are required');
	const result = await seedDemo(pbUrl, { email, password });
	console.log(
		result.seeded
			? `[trame] Données de démonstration créées (${DEMO_ACCOUNTS.length} comptes, mot de passe « ${DEMO_PASSWORD} »).`
			: '[trame] Données de démonstration déjà présentes.'
	);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
	main().catch((error: unknown) => {
		console.error(`[trame] Seed failed: ${error instanceof Error ? error.message : String(error)}`);
		process.exit(1);
	});
}
