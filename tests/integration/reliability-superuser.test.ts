/**
 * The app's own superuser client (`adminPocketBase()` in src/lib/server/pocketbase.ts) survives a
 * PocketBase restart: every start runs `superuser upsert`, which resets the superuser's token
 * key, so a session signed in before is dead afterwards. A plain SDK client proves the reset
 * happens; the app's client (the collaboration server's `connectSuperuser`, one implementation)
 * renews its session and answers superuser-only requests again, concurrent ones included.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import PocketBase, { ClientResponseError } from 'pocketbase';
import * as Y from 'yjs';
import { within } from '../../server/testing/within';
import { PocketBaseStore } from '../../server/storage/pocketbase-store';
import { EDITOR_SCHEMA_VERSION } from '../../src/lib/editor/schema-version';
import { startDurablePocketBase, type DurablePocketBase } from '../soak/lib/durable-pocketbase';

let pb: DurablePocketBase;
const saved = { ...process.env };

beforeAll(async () => {
	pb = await startDurablePocketBase();
	process.env.PB_URL = pb.url;
	process.env.PB_SUPERUSER_EMAIL = pb.superuser.email;
	process.env.PB_SUPERUSER_PASSWORD = pb.superuser.password;
}, 120_000);

afterAll(async () => {
	process.env = saved;
	await pb?.dispose();
});

async function status(request: Promise<unknown>): Promise<number> {
	try {
		await request;
		return 200;
	} catch (error) {
		if (error instanceof ClientResponseError) return error.status;
		throw error;
	}
}

describe('adminPocketBase() across a PocketBase restart', () => {
	it('renews its superuser session after the token key was reset', async () => {
		const { adminPocketBase } = await import('../../src/lib/server/pocketbase');
		const admin = await adminPocketBase();
		const plain = new PocketBase(pb.url);
		plain.autoCancellation(false);
		await plain
			.collection('_superusers')
			.authWithPassword(pb.superuser.email, pb.superuser.password);
		expect(await status(admin.collection('_superusers').getList(1, 1))).toBe(200);
		expect(await status(plain.collection('_superusers').getList(1, 1))).toBe(200);

		await pb.kill();
		await within(pb.restart(), 60_000, 'PocketBase to restart');

		// The reset is real: a session from before the restart is refused…
		expect(await status(plain.collection('_superusers').getList(1, 1))).toBe(403);
		// …while the app's client (same instance, no new sign-in by the caller) carries on.
		expect(await adminPocketBase()).toBe(admin);
		const answers = await Promise.all(
			Array.from({ length: 5 }, () => status(admin.collection('_superusers').getList(1, 1)))
		);
		expect(answers).toEqual([200, 200, 200, 200, 200]);
		const users = await admin.collection('users').getList(1, 1);
		expect(users.totalItems).toBeGreaterThanOrEqual(0);
	}, 120_000);

	it('renews it for a batch too: the store appends on the first try after the reset', async () => {
		const { adminPocketBase } = await import('../../src/lib/server/pocketbase');
		const admin = await adminPocketBase();
		const owner = await admin.collection('users').create({
			email: 'batch.owner@trame.test',
			password: 'batch-owner-123',
			passwordConfirm: 'batch-owner-123',
			name: 'Owner'
		});
		const experiment = await admin
			.collection('experiments')
			.create({ title: 'Lot', status: 'idee', created_by: owner.id });
		const document = await admin.collection('documents').create({
			experiment: experiment.id,
			kind: 'libre',
			title: 'Protocole',
			archived: false,
			schema_version: EDITOR_SCHEMA_VERSION,
			created_by: owner.id
		});
		const store = new PocketBaseStore(admin);

		await pb.kill();
		await within(pb.restart(), 60_000, 'PocketBase to restart');

		// An append of a dead session is refused (401/403): renewed and sent again, once.
		const doc = new Y.Doc();
		doc.getText('text').insert(0, 'après le redémarrage');
		const id = await store.append(document.id, Y.encodeStateAsUpdate(doc));
		const rows = await store.load(document.id);
		expect(rows.map((row) => row.id)).toEqual([id]);
	}, 120_000);
});
