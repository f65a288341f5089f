#!/usr/bin/env node
// `npm run setup`: everything `npm start` does before serving, then stops — npm packages, generated
// code (Paraglide, SvelteKit types), the PocketBase (and local Mailpit) binaries, the superuser
// secrets, the schema (migrations applied to `<TRAME_DATA_DIR>/pb_data`), the demo data on first
// run and the production build. `npm start` afterwards only serves. Same environment as `npm start`.
import { buildAppIfStale, generateCode, prepareTools, seedDemoData } from './lib/stack.mjs';

const log = (/** @type {string} */ msg) => console.log(`[trame] ${msg}`);

try {
	const { config, superuser, pocketbase } = await prepareTools({ log });
	const running = await fetch(`${config.pbUrl}/api/health`, { signal: AbortSignal.timeout(2000) })
		.then(() => true)
		.catch(() => false);
	// Two PocketBase processes must never share one pb_data.
	if (running)
		throw new Error(`PocketBase répond déjà sur ${config.pbUrl} : arrêtez Trame d'abord.`);
	await generateCode();
	if (!config.accountsEnv.SMTP_HOST) {
		// The local mail catcher `npm start` runs when no mail server is configured.
		const { ensureMailpitBinary } = await import('./lib/mailpit.mjs');
		try {
			ensureMailpitBinary({ log });
		} catch (error) {
			log(`Pas de serveur de courrier local : ${error instanceof Error ? error.message : error}`);
		}
	}
	log(`Schéma et données de démonstration (données : ${config.dataDir})…`);
	// Any free port: only this script talks to it.
	const server = await pocketbase.startPocketBase({
		dataDir: config.dataDir,
		port: 0,
		superuser,
		log
	});
	try {
		await seedDemoData({
			...process.env,
			PB_URL: server.url,
			PB_SUPERUSER_EMAIL: superuser.email,
			PB_SUPERUSER_PASSWORD: superuser.password
		});
	} finally {
		await server.stop();
	}
	await buildAppIfStale({ log });
	log('Trame est installé : `npm start` le lance.');
} catch (error) {
	console.error(`[trame] ${error instanceof Error ? error.message : String(error)}`);
	process.exit(1);
}
