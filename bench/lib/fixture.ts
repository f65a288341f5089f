/**
 * Real users, an experiment and documents in the bench's PocketBase (through its API, like the
 * integration tests), so Trame is measured with authentication on. References take any room name.
 */
import { randomBytes } from 'node:crypto';
import type { TestPocketBase } from '../../tests/support/pocketbase';
import { EDITOR_SCHEMA_VERSION } from '../../src/lib/editor/schema-version';
import { writeSnapshotRow } from '../../server/storage/doc-rows';

export interface Rooms {
	/** Session tokens of editors (reused round-robin by clients). */
	tokens: string[];
	/** A new empty document: a PocketBase record for Trame, a random name for the references. */
	newRoom(): Promise<string>;
	/** Trame: the experiment the documents belong to (more members can join it). */
	experimentId?: string;
}

const ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';
/** Every bench user's password (the app scenarios sign in with it). */
export const BENCH_PASSWORD = 'bench-password-123';
/** Email of the i-th editor made by `trameRooms(pb, users, tag)`. */
export const editorEmail = (i: number, tag: string) => `editor${i}.${tag}@bench.test`;

/**
 * A session token for a bench user, issued by the superuser (PocketBase's impersonate route): the
 * bench signs in up to hundreds of users from 127.0.0.1, which the password route's rate limit
 * (`1763700001_trame_settings.js`) refuses with 429. The token is a real user token that the
 * collaboration server checks like any other (`auth-refresh`); only the way it is obtained differs.
 */
export async function benchUserToken(pb: TestPocketBase, userId: string): Promise<string> {
	const client = await pb.admin.collection('users').impersonate(userId, BENCH_TOKEN_SECONDS);
	return client.authStore.token;
}

/** Long enough for the longest bench run. */
const BENCH_TOKEN_SECONDS = 6 * 3600;

export function randomRoomName(): string {
	const bytes = randomBytes(15);
	return Array.from(bytes, (b) => ALPHABET[b % ALPHABET.length]).join('');
}

export async function trameRooms(pb: TestPocketBase, users: number, tag: string): Promise<Rooms> {
	const owner = await pb.createUser({
		email: `owner.${tag}@bench.test`,
		password: BENCH_PASSWORD,
		name: 'Coordinatrice'
	});
	const experiment = await pb.createExperiment(owner.id, { title: `Banc d'essai ${tag}` });
	const tokens: string[] = [];
	for (let i = 0; i < users; i++) {
		const email = editorEmail(i, tag);
		const user = await pb.createUser({
			email,
			password: BENCH_PASSWORD,
			name: `Éditeur ${i}`
		});
		await pb.addMember(experiment.id, user.id, 'evaluator');
		tokens.push(await benchUserToken(pb, user.id));
	}
	return {
		tokens,
		experimentId: experiment.id,
		async newRoom() {
			const document = await pb.admin.collection('documents').create({
				experiment: experiment.id,
				kind: 'libre',
				title: 'Protocole de charge',
				archived: false,
				schema_version: EDITOR_SCHEMA_VERSION,
				created_by: owner.id
			});
			return document.id;
		}
	};
}

export function referenceRooms(): Rooms {
	return { tokens: [''], newRoom: async () => randomRoomName() };
}

/** Trame: the document as one compacted row in PocketBase, as the server leaves it after an unload. */
export function storedDocumentSeeder(pb: TestPocketBase, rooms: Rooms) {
	return async (data: Uint8Array) => {
		const room = await rooms.newRoom();
		await writeSnapshotRow(pb.admin, room, data);
		return room;
	};
}
