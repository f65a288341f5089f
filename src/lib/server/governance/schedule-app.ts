/**
 * The app's entry to the asynchronous-consent schedule (schedule.ts), started once per process by
 * the `init` hook (src/hooks.server.ts) — in production when server/index.ts loads the app, in dev
 * when Vite first loads it. Notifications are stored as kinds (each reader sees them in their
 * language); the live documents are looked up at each pass (the collaboration server is created
 * after the app is loaded).
 */
import { serverServices } from '../../../../server/services';
import { liveHub } from '../live/hub';
import { adminPocketBase } from '../pocketbase';
import { scheduleIntervalMs } from './config';
import { startSchedule, type Schedule } from './schedule';

const KEY = Symbol.for('trame.governanceSchedule');
const holder = globalThis as typeof globalThis & { [KEY]?: Schedule };

/**
 * The collaboration server's documents; at start-up the app is loaded before the collaboration
 * server exists, so the first pass waits for it a little (an adoption is written back at once).
 */
async function liveDocuments(waitMs = 15_000) {
	const deadline = Date.now() + waitMs;
	while (!serverServices().liveDocuments && Date.now() < deadline)
		await new Promise((r) => setTimeout(r, 100));
	return serverServices().liveDocuments;
}

export function startGovernanceSchedule(): Schedule {
	// One schedule per process, even when Vite reloads this module.
	holder[KEY]?.stop();
	const schedule = startSchedule({
		intervalMs: scheduleIntervalMs(),
		deps: async () => ({
			admin: await adminPocketBase(),
			hub: liveHub(),
			documents: await liveDocuments()
		})
	});
	holder[KEY] = schedule;
	return schedule;
}
