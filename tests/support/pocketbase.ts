/**
 * A real PocketBase for integration tests: the repo's binary, migrations and hooks, a temp data
 * directory and a free port on 127.0.0.1, torn down by stop(). The binary is built (or fetched)
 * once by tests/support/global-setup.ts.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import PocketBase from 'pocketbase';
import type { Role } from '../../src/lib/domain/access';
import type {
	ExperimentsRecord,
	MembershipsRecord,
	TypedPocketBase,
	UsersRecord
} from '../../src/lib/pocketbase/types';
import { startPocketBase } from '../../scripts/lib/pocketbase.mjs';

export interface NewUser {
	email: string;
	password: string;
	name: string;
	locale?: 'fr' | 'en';
}

/** Writable experiment fields (the derived access lists are maintained by the server). */
export type ExperimentFields = Partial<
	Omit<
		ExperimentsRecord,
		| 'id'
		| 'collectionId'
		| 'collectionName'
		| 'readers'
		| 'commenters'
		| 'editors'
		| 'facilitators'
		| 'managers'
		| 'publishers'
		| 'created'
		| 'updated'
	>
>;

export interface TestPocketBase {
	/** Base URL, e.g. http://127.0.0.1:41234 */
	url: string;
	port: number;
	/** The serving PocketBase process (signals in tests: SIGSTOP for a PocketBase that hangs). */
	pid: number;
	/** Temp Trame data dir (PocketBase data in `<dataDir>/pb_data`), removed by stop()/kill(). */
	dataDir: string;
	superuser: { email: string; password: string };
	/** SDK client authenticated as the superuser. */
	admin: TypedPocketBase;
	/** An unauthenticated SDK client. */
	client(): TypedPocketBase;
	/** Creates a user (as superuser, so rate limits and create rules do not apply). */
	createUser(user: NewUser): Promise<UsersRecord>;
	/**
	 * Creates an experiment. With a user client: as that user (the hooks set created_by and make
	 * them coordinator). With a user id: as superuser with created_by = that user (same hooks).
	 */
	createExperiment(
		owner: TypedPocketBase | string,
		fields?: ExperimentFields
	): Promise<ExperimentsRecord>;
	/** Adds a membership as superuser. */
	addMember(experimentId: string, userId: string, role: Role): Promise<MembershipsRecord>;
	/** An SDK client signed in with email + password. */
	userClient(email: string, password: string): Promise<TypedPocketBase>;
	/** What PocketBase printed recently, for failure messages. */
	output(): string;
	/** SIGTERM, wait for exit, remove the data dir. */
	stop(): Promise<void>;
	/** SIGKILL, wait for exit, remove the data dir. */
	kill(): Promise<void>;
}

export interface StartTestPocketBaseOptions {
	/** Forward harness messages (not PocketBase's output) somewhere; silent by default. */
	log?: (message: string) => void;
	/** Another pb_hooks directory (e.g. the repo's hooks plus a test-only one). */
	hooksDir?: string;
	/** More PocketBase flags (the bench's `--dataSync=normal`). */
	extraArgs?: string[];
}

function newClient(url: string): TypedPocketBase {
	const pb = new PocketBase(url) as TypedPocketBase;
	// Tests fire parallel identical requests; the SDK would otherwise cancel all but the last.
	pb.autoCancellation(false);
	return pb;
}

export async function startTestPocketBase(
	options: StartTestPocketBaseOptions = {}
): Promise<TestPocketBase> {
	const log = options.log ?? (() => {});
	const dataDir = mkdtempSync(join(tmpdir(), 'trame-pb-test-'));
	const superuser = { email: 'superuser@trame.test', password: 'superuser-password-123' };
	const removeDataDir = () => rmSync(dataDir, { recursive: true, force: true });

	let server: Awaited<ReturnType<typeof startPocketBase>>;
	try {
		server = await startPocketBase({
			dataDir,
			superuser,
			log,
			hooksDir: options.hooksDir,
			extraArgs: options.extraArgs
		});
	} catch (error) {
		removeDataDir();
		throw error;
	}

	const admin = newClient(server.url);
	try {
		await admin.collection('_superusers').authWithPassword(superuser.email, superuser.password);
	} catch (error) {
		await server.kill();
		removeDataDir();
		throw error;
	}

	const userClient = async (email: string, password: string) => {
		const pb = newClient(server.url);
		await pb.collection('users').authWithPassword(email, password);
		return pb;
	};

	return {
		url: server.url,
		port: server.port,
		pid: server.process.pid!,
		dataDir,
		superuser,
		admin,
		client: () => newClient(server.url),
		createUser: ({ email, password, name, locale }) =>
			admin.collection('users').create({
				email,
				password,
				passwordConfirm: password,
				name,
				locale: locale ?? 'fr',
				verified: true
			}),
		createExperiment: (owner, fields = {}) => {
			const data = { title: 'Expérimentation de test', status: 'idee', ...fields };
			return typeof owner === 'string'
				? admin.collection('experiments').create({ ...data, created_by: owner })
				: owner.collection('experiments').create(data);
		},
		addMember: (experimentId, userId, role) =>
			admin.collection('memberships').create({ experiment: experimentId, user: userId, role }),
		userClient,
		output: () => server.output(),
		stop: async () => {
			await server.stop();
			removeDataDir();
		},
		kill: async () => {
			await server.kill();
			removeDataDir();
		}
	};
}
