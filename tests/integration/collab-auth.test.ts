/**
 * Admission against the real stack: PocketBase validates sessions and memberships, and a refused
 * client receives no document or awareness byte — checked on raw frames.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { CloseCode, MessageType } from '../../src/lib/collab/protocol';
import { EDITOR_SCHEMA_VERSION } from '../../src/lib/editor/schema-version';
import { startTestPocketBase, type TestPocketBase } from '../support/pocketbase';
import {
	createCollabFixture,
	connectCollabClient,
	type CollabFixture
} from '../support/collab-client';
import { startTrameServer, type TrameServer } from '../../server/index';
import { createMemoryLogger } from '../../server/log';
import { connectRaw, type RawClient } from '../../server/testing/raw-client';

let pb: TestPocketBase;
let server: TrameServer;
let fixture: CollabFixture;
let documentId: string;
const logger = createMemoryLogger();
const ORIGIN = 'http://trame.test';
/** The same app reached by another name (TRAME_ALLOWED_ORIGINS). */
const EXTRA_ORIGIN = 'http://trame.local';

beforeAll(async () => {
	pb = await startTestPocketBase();
	fixture = await createCollabFixture(pb, 'auth');
	documentId = await fixture.newDocument();
	server = await startTrameServer({
		port: 0,
		origin: ORIGIN,
		extraOrigins: [EXTRA_ORIGIN],
		pbUrl: pb.url,
		superuser: pb.superuser,
		logger,
		buildDir: '/nonexistent'
	});
	// Content and presence that a leak would reveal.
	const alice = connectCollabClient({ wsUrl: wsUrl(), documentId, token: fixture.alice.token });
	await alice.synced();
	alice.doc.getText('text').insert(0, 'confidential');
	alice.provider.awareness.setLocalStateField('cursor', 1);
	await alice.save();
	alice.destroy();
	await vi.waitFor(() => expect(server.collab.stats().connections).toBe(0));
	const keeper = connectCollabClient({ wsUrl: wsUrl(), documentId, token: fixture.alice.token });
	keeper.provider.awareness.setLocalStateField('cursor', 2);
	await keeper.synced();
	keepers.push(keeper);
});

const keepers: ReturnType<typeof connectCollabClient>[] = [];

afterAll(async () => {
	for (const keeper of keepers) keeper.destroy();
	await server?.close();
	await pb?.stop();
});

function wsUrl(): string {
	return server.url.replace('http', 'ws');
}

function rawUrl(id = documentId, schema = String(EDITOR_SCHEMA_VERSION)): string {
	return `${wsUrl()}/collab/${id}?schema=${schema}`;
}

async function expectNoDocumentByte(client: RawClient, code: number): Promise<void> {
	await client.opened.catch(() => {});
	const event = await client.closed;
	expect(event.code).toBe(code);
	// At most one Error message, never Sync (0) nor Awareness (1).
	expect(client.types.every((type) => type === MessageType.Error)).toBe(true);
	expect(client.frames.length).toBeLessThanOrEqual(1);
	expect(client.text()).toBe('');
}

describe('collab admission (real PocketBase)', () => {
	it('serves a member', async () => {
		const bob = connectRaw(rawUrl(), { token: fixture.bob.token, origin: ORIGIN });
		await bob.opened;
		bob.sendStep1();
		await vi.waitFor(() => expect(bob.text()).toBe('confidential'));
		await bob.close();
	});

	it('serves a member coming from an extra allowed origin', async () => {
		const bob = connectRaw(rawUrl(), { token: fixture.bob.token, origin: EXTRA_ORIGIN });
		await bob.opened;
		bob.sendStep1();
		await vi.waitFor(() => expect(bob.text()).toBe('confidential'));
		await bob.close();
	});

	it('gives an unauthenticated client no byte', async () => {
		const client = connectRaw(rawUrl(), { origin: ORIGIN });
		await client.opened.catch(() => {});
		// Even if it sends a sync step 1 eagerly.
		if (client.ws.readyState === client.ws.OPEN) client.sendStep1();
		await expectNoDocumentByte(client, CloseCode.Unauthenticated);
	});

	it('gives a forged or revoked token no byte', async () => {
		await expectNoDocumentByte(
			connectRaw(rawUrl(), { cookie: 'trame_session=eyJhbGciOiJIUzI1NiJ9.e30.x', origin: ORIGIN }),
			CloseCode.Unauthenticated
		);
		// A token naming a member, without her signature: her access may be looked up while the
		// token is checked, never used.
		const claim = Buffer.from(JSON.stringify({ id: fixture.alice.id, type: 'auth' })).toString(
			'base64url'
		);
		await expectNoDocumentByte(
			connectRaw(rawUrl(), { token: `eyJhbGciOiJIUzI1NiJ9.${claim}.x` }),
			CloseCode.Unauthenticated
		);
		// Changing the password invalidates the user's existing tokens.
		const victim = await pb.createUser({
			email: 'revoked.auth@trame.test',
			password: 'revoked-password-1',
			name: 'Revoked'
		});
		await pb.addMember(fixture.experimentId, victim.id, 'evaluator');
		const token = (await pb.userClient('revoked.auth@trame.test', 'revoked-password-1')).authStore
			.token;
		await pb.admin
			.collection('users')
			.update(victim.id, { password: 'revoked-password-2', passwordConfirm: 'revoked-password-2' });
		await expectNoDocumentByte(connectRaw(rawUrl(), { token }), CloseCode.Unauthenticated);
	});

	it('gives an expired token no byte', async () => {
		const users = await pb.admin.collections.getOne('users');
		const original = users.authToken.duration;
		await pb.admin.collections.update('users', { authToken: { duration: 10 } });
		let token: string;
		try {
			token = (await pb.userClient(fixture.bob.email, fixture.bob.password)).authStore.token;
		} finally {
			await pb.admin.collections.update('users', { authToken: { duration: original } });
		}
		// Valid now…
		const before = connectRaw(rawUrl(), { token });
		await before.opened;
		before.sendStep1();
		await vi.waitFor(() => expect(before.text()).toBe('confidential'));
		await before.close();
		// …and refused once expired.
		await new Promise((resolve) => setTimeout(resolve, 11_000));
		await expectNoDocumentByte(connectRaw(rawUrl(), { token }), CloseCode.Unauthenticated);
	}, 30_000);

	it('gives a non-member no byte', async () => {
		await expectNoDocumentByte(
			connectRaw(rawUrl(), { token: fixture.mallory.token, origin: ORIGIN }),
			CloseCode.Forbidden
		);
	});

	it('refuses a foreign origin, a wrong schema and an unknown document', async () => {
		await expectNoDocumentByte(
			connectRaw(rawUrl(), { token: fixture.bob.token, origin: 'https://evil.test' }),
			CloseCode.OriginNotAllowed
		);
		await expectNoDocumentByte(
			connectRaw(rawUrl(documentId, '999'), { token: fixture.bob.token }),
			CloseCode.SchemaMismatch
		);
		await expectNoDocumentByte(
			connectRaw(rawUrl('zzzzzzzzzzzzzzz'), { token: fixture.bob.token }),
			CloseCode.DocumentNotFound
		);
	});

	it('closes a member removed while connected with AccessChanged', async () => {
		const user = await pb.createUser({
			email: 'leaver.auth@trame.test',
			password: 'leaver-password-1',
			name: 'Leaver'
		});
		const membership = (await pb.addMember(fixture.experimentId, user.id, 'evaluator')) as {
			id: string;
		};
		const token = (await pb.userClient('leaver.auth@trame.test', 'leaver-password-1')).authStore
			.token;
		const client = connectRaw(rawUrl(), { token });
		// Admitted once the server's sync step 1 arrives.
		await vi.waitFor(() => expect(client.frames.length).toBeGreaterThan(0));
		await pb.admin.collection('memberships').delete(membership.id);
		await server.collab.recheckAccess();
		expect((await client.closed).code).toBe(CloseCode.AccessChanged);
		await expectNoDocumentByte(connectRaw(rawUrl(), { token }), CloseCode.Forbidden);
	});

	it('never logs a session token', () => {
		const serialized = JSON.stringify(logger.entries);
		for (const user of [fixture.alice, fixture.bob, fixture.olga, fixture.mallory]) {
			expect(serialized).not.toContain(user.token);
		}
		expect(logger.entries.some((e) => e.event === 'collab.refused')).toBe(true);
	});
});
