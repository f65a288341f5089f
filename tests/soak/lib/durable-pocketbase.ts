/**
 * A real PocketBase whose process can be killed (-9) and started again on the same data directory
 * and port — what `tests/support/pocketbase.ts` cannot do, since its kill() also removes the data.
 * Implements what `createCollabFixture` needs, so the usual fixture works on it.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import PocketBase from 'pocketbase';
import type { Role } from '../../../src/lib/domain/access';
import { findFreePort, startPocketBase } from '../../../scripts/lib/pocketbase.mjs';

type PocketBaseProcess = Awaited<ReturnType<typeof startPocketBase>>;

export interface DurablePocketBase {
	readonly url: string;
	readonly port: number;
	readonly dataDir: string;
	readonly superuser: { email: string; password: string };
	/** Superuser client (re-authenticated after each restart). */
	readonly admin: PocketBase;
	createUser(user: { email: string; password: string; name: string }): Promise<{ id: string }>;
	createExperiment(owner: string, fields?: Record<string, unknown>): Promise<{ id: string }>;
	addMember(experimentId: string, userId: string, role: Role): Promise<{ id: string }>;
	userClient(email: string, password: string): Promise<PocketBase>;
	/** Everything PocketBase printed (all incarnations), for log checks. */
	output(): string;
	/** SIGKILL now: no flush, no goodbye. The data directory stays. */
	kill(): Promise<void>;
	/** Starts it again on the same data directory and port. */
	restart(): Promise<void>;
	/** SIGTERM and remove the data directory. */
	dispose(): Promise<void>;
}

function client(url: string): PocketBase {
	const pb = new PocketBase(url);
	pb.autoCancellation(false);
	return pb;
}

export async function startDurablePocketBase(
	options: { dataDir?: string } = {}
): Promise<DurablePocketBase> {
	const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'trame-pb-durable-'));
	const superuser = { email: 'superuser@trame.test', password: 'superuser-password-123' };
	const port = await findFreePort();
	let outputs = '';
	let current: PocketBaseProcess | null = null;
	const url = `http://127.0.0.1:${port}`;
	const admin = client(url);

	const boot = async () => {
		current = await startPocketBase({ dataDir, superuser, port, log: () => {} });
		await admin.collection('_superusers').authWithPassword(superuser.email, superuser.password);
	};
	const collect = () => {
		if (current) outputs += current.output();
	};
	await boot();

	return {
		url,
		port,
		dataDir,
		superuser,
		admin,
		createUser: ({ email, password, name }) =>
			admin
				.collection('users')
				.create({ email, password, passwordConfirm: password, name, locale: 'fr', verified: true }),
		createExperiment: (owner, fields = {}) =>
			admin.collection('experiments').create({
				title: 'Expérimentation de test',
				status: 'idee',
				...fields,
				created_by: owner
			}),
		addMember: (experimentId, userId, role) =>
			admin.collection('memberships').create({ experiment: experimentId, user: userId, role }),
		async userClient(email, password) {
			const pb = client(url);
			await pb.collection('users').authWithPassword(email, password);
			return pb;
		},
		output: () => outputs + (current?.output() ?? ''),
		async kill() {
			collect();
			await current?.kill();
			current = null;
		},
		async restart() {
			if (current) throw new Error('PocketBase is still running');
			await boot();
		},
		async dispose() {
			collect();
			await current?.stop();
			current = null;
			rmSync(dataDir, { recursive: true, force: true });
		}
	};
}
