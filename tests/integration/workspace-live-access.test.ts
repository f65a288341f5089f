/**
 * Live access changes against the real stack: a coordinator changes memberships through the
 * PocketBase API (as the members page does) while people have the protocol open. The collab
 * server re-checks access every COLLAB_ACCESS_RECHECK_MS (`accessRecheckMs`, 250 ms here) and
 * closes a socket whose access changed with AccessChanged (4301); the reconnected socket gets the
 * new access.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import * as decoding from 'lib0/decoding';
import type { Role } from '../../src/lib/domain/access';
import { CloseCode, MessageType } from '../../src/lib/collab/protocol';
import { EDITOR_SCHEMA_VERSION } from '../../src/lib/editor/schema-version';
import type { TypedPocketBase } from '../../src/lib/pocketbase/types';
import { startTrameServer, type TrameServer } from '../../server/index';
import { createMemoryLogger } from '../../server/log';
import { PocketBaseStore } from '../../server/storage/pocketbase-store';
import { encodeSyncStep1, SyncStep } from '../../server/collab/wire';
import { connectRaw, type RawClient } from '../../server/testing/raw-client';
import { startTestPocketBase, type TestPocketBase } from '../support/pocketbase';
import {
	connectCollabClient,
	createCollabFixture,
	type CollabClient,
	type CollabFixture,
	type FixtureUser
} from '../support/collab-client';

const ORIGIN = 'http://trame.test';
const RECHECK_MS = 250;
/** Generous for a loaded machine, still "within a few seconds". */
const CLOSE_WITHIN_MS = 3_000;

const logger = createMemoryLogger();
let pb: TestPocketBase;
let server: TrameServer;
let fixture: CollabFixture;
let coordinator: TypedPocketBase;
let documentId: string;
let watcher: CollabClient;
const sockets: { close(): unknown }[] = [];

async function member(name: string, role: Role): Promise<FixtureUser & { membership: string }> {
	const email = `${name.toLowerCase()}.live@trame.test`;
	const password = `${name}-password-123`;
	const record = await pb.createUser({ email, password, name });
	const membership = await pb.addMember(fixture.experimentId, record.id, role);
	const client = await pb.userClient(email, password);
	return {
		id: record.id,
		email,
		password,
		token: client.authStore.token,
		membership: membership.id
	};
}

function open(user: FixtureUser): RawClient {
	const raw = connectRaw(
		`${server.url.replace('http', 'ws')}/collab/${documentId}?schema=${EDITOR_SCHEMA_VERSION}`,
		{ token: user.token, origin: ORIGIN }
	);
	sockets.push(raw);
	return raw;
}

/** The server's current text of the document, asked on this socket (ordered after its updates). */
async function serverText(raw: RawClient): Promise<string> {
	const from = raw.frames.length;
	raw.send(encodeSyncStep1(new Y.Doc()));
	let payload: Uint8Array | null = null;
	await vi.waitFor(() => {
		for (const frame of raw.frames.slice(from)) {
			const decoder = decoding.createDecoder(frame);
			if (decoding.readVarUint(decoder) !== MessageType.Sync) continue;
			if (decoding.readVarUint(decoder) === SyncStep.Step2)
				payload = decoding.readVarUint8Array(decoder);
		}
		expect(payload).not.toBeNull();
	});
	const doc = new Y.Doc();
	Y.applyUpdate(doc, payload!);
	return doc.getText('text').toString();
}

async function storedText(): Promise<string> {
	const doc = new Y.Doc();
	for (const row of await new PocketBaseStore(pb.admin).load(documentId))
		Y.applyUpdate(doc, row.data);
	return doc.getText('text').toString();
}

/** Waits for the socket to be closed by the server; returns the code and how long it took. */
async function closedAfter(raw: RawClient, changedAt: number): Promise<[number, number]> {
	const event = await Promise.race([
		raw.closed,
		new Promise<never>((_, reject) =>
			setTimeout(() => reject(new Error('socket still open after 10 s')), 10_000)
		)
	]);
	return [event.code, Date.now() - changedAt];
}

async function setRole(membership: string, role: Role): Promise<number> {
	const changedAt = Date.now();
	await coordinator.collection('memberships').update(membership, { role });
	return changedAt;
}

/** Connects, syncs and returns the access the server logged for this new connection. */
async function admitted(user: FixtureUser): Promise<{ raw: RawClient; access: unknown }> {
	const seen = logger.entries.length;
	const raw = open(user);
	await raw.opened;
	raw.sendStep1();
	await serverText(raw);
	const entry = logger.entries
		.slice(seen)
		.find((e) => e.event === 'collab.connected' && e.fields.user === user.id);
	return { raw, access: entry?.fields.access };
}

beforeAll(async () => {
	pb = await startTestPocketBase();
	fixture = await createCollabFixture(pb, 'live');
	documentId = await fixture.newDocument('Protocole vivant');
	coordinator = await pb.userClient(fixture.alice.email, fixture.alice.password);
	server = await startTrameServer({
		port: 0,
		origin: ORIGIN,
		pbUrl: pb.url,
		superuser: pb.superuser,
		logger,
		buildDir: '/nonexistent',
		collab: { accessRecheckMs: RECHECK_MS }
	});
	watcher = connectCollabClient({
		wsUrl: server.url.replace('http', 'ws'),
		documentId,
		token: fixture.alice.token
	});
	sockets.push({ close: () => watcher.destroy() });
	await watcher.synced();
	watcher.doc.getText('text').insert(0, 'Protocole.');
	await watcher.save();
}, 120_000);

afterAll(async () => {
	for (const socket of sockets) socket.close();
	await server?.close();
	await pb?.stop();
});

describe('live access changes', () => {
	it('closes a removed editor’s open socket with AccessChanged within seconds, then refuses them', async () => {
		const eli = await member('Eli', 'evaluator');
		const { raw, access } = await admitted(eli);
		expect(access).toBe('edit');

		const removedAt = Date.now();
		await coordinator.collection('memberships').delete(eli.membership);
		const [code, took] = await closedAfter(raw, removedAt);
		expect(code).toBe(CloseCode.AccessChanged);
		expect(took).toBeLessThan(CLOSE_WITHIN_MS);
		expect(raw.errors.map((e) => e.id)).toEqual(['access_changed']);

		const again = open(eli);
		expect((await again.closed).code).toBe(CloseCode.Forbidden);
		expect(again.types.every((type) => type === MessageType.Error)).toBe(true);
	});

	it('demotes an editor to observer: closed, and the reconnected socket is read-only', async () => {
		const dora = await member('Dora', 'project_lead');
		// Dora has the real client (y-websocket provider) open, like a browser tab.
		const tab = connectCollabClient({
			wsUrl: server.url.replace('http', 'ws'),
			documentId,
			token: dora.token
		});
		sockets.push({ close: () => tab.destroy() });
		await tab.synced();
		tab.doc.getText('text').insert(tab.text().length, ' Avant.');
		await tab.save();
		await vi.waitFor(() => expect(watcher.text()).toContain('Avant.'));

		const seen = logger.entries.length;
		const changedAt = await setRole(dora.membership, 'observer');
		await vi.waitFor(() => expect(tab.closeCodes).toContain(CloseCode.AccessChanged), {
			timeout: 10_000
		});
		expect(Date.now() - changedAt).toBeLessThan(CLOSE_WITHIN_MS + 500);
		// The provider reconnects by itself and is admitted read-only.
		await vi.waitFor(
			() =>
				expect(
					logger.entries
						.slice(seen)
						.some(
							(e) =>
								e.event === 'collab.connected' &&
								e.fields.user === dora.id &&
								e.fields.access === 'read'
						)
				).toBe(true),
			{ timeout: 10_000 }
		);
		await vi.waitFor(() => expect(tab.provider.wsconnected).toBe(true));
		tab.doc.getText('text').insert(0, 'DORA-TAB ');
		// Never acknowledged: the update was dropped, not stored.
		await expect(tab.save(1_500)).rejects.toThrow(/no Saved/);

		// The same on a raw socket, with a positive barrier: the server's own text after the update.
		const { raw, access } = await admitted(dora);
		expect(access).toBe('read');
		raw.edit((doc) => doc.getText('text').insert(0, 'DORA-RAW '));
		raw.sendSaveRequest(1);
		const onServer = await serverText(raw);
		expect(onServer).not.toContain('DORA');
		expect(onServer).toContain('Avant.');
		await watcher.save();
		expect(watcher.text()).not.toContain('DORA');
		expect(await storedText()).not.toContain('DORA');
		expect(raw.saved).toEqual([]);
		expect(raw.closeEvent).toBeNull();
	});

	it('promotes an observer: closed, and the reconnected socket can edit', async () => {
		const otto = await member('Otto', 'observer');
		const before = await admitted(otto);
		expect(before.access).toBe('read');
		before.raw.edit((doc) => doc.getText('text').insert(0, 'TOO-EARLY '));
		expect(await serverText(before.raw)).not.toContain('TOO-EARLY');

		const changedAt = await setRole(otto.membership, 'copil_member');
		const [code, took] = await closedAfter(before.raw, changedAt);
		expect(code).toBe(CloseCode.AccessChanged);
		expect(took).toBeLessThan(CLOSE_WITHIN_MS);

		const { raw, access } = await admitted(otto);
		expect(access).toBe('edit');
		raw.edit((doc) => doc.getText('text').insert(0, 'OTTO '));
		raw.sendSaveRequest(1);
		await vi.waitFor(() => expect(raw.saved).toEqual([1]), { timeout: 10_000 });
		expect(await serverText(raw)).toMatch(/^OTTO /);
		await vi.waitFor(() => expect(watcher.text()).toMatch(/^OTTO /));
		expect(await storedText()).toMatch(/^OTTO /);
		// The update sent while read-only stays out, even after the promotion.
		expect(await storedText()).not.toContain('TOO-EARLY');
	});
});
