import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import WebSocket from 'ws';
import { CloseCode, MessageType } from '../../src/lib/collab/protocol';
import { connectRaw } from '../testing/raw-client';
import { startHarness, TEST_ORIGIN, type Harness } from '../testing/harness';
import { EDITOR_SCHEMA_VERSION } from '../../src/lib/editor/schema-version';

const DOC = 'doc000000000001';
let h: Harness;

beforeEach(async () => {
	h = await startHarness();
	h.auth.addUser('good-token', { id: 'user00000000001', name: 'Alice' });
	h.auth.addUser('outsider-token', { id: 'user00000000002', name: 'Mallory' });
	h.auth.grant('user00000000001', DOC, 'edit');
	h.auth.grant('user00000000002', 'doc000000000009', 'edit');
	// The document has content, so any leak would show as sync bytes.
	const seed = h.connect(DOC, { token: 'good-token', origin: TEST_ORIGIN });
	await seed.opened;
	seed.edit((doc) => doc.getText('text').insert(0, 'secret content'));
	seed.sendAwareness([{ clientId: 42, clock: 1, state: { cursor: 1 } }]);
	await vi.waitFor(() => expect(h.store.appends).toBe(1));
});

afterEach(() => h.stop());

async function expectRefused(
	client: ReturnType<typeof connectRaw>,
	code: number,
	errorId: string
): Promise<void> {
	const event = await client.closed;
	expect(event.code).toBe(code);
	// Nothing but the one Error message: no sync, no awareness.
	expect(client.types).toEqual([MessageType.Error]);
	expect(client.errors.map((e) => e.id)).toEqual([errorId]);
	expect(client.text()).toBe('');
}

describe('handshake refusals', () => {
	it('refuses a foreign Origin before authenticating', async () => {
		const calls = h.auth.calls;
		const client = h.connect(DOC, { token: 'good-token', origin: 'https://evil.test' });
		await expectRefused(client, CloseCode.OriginNotAllowed, 'origin_not_allowed');
		expect(h.auth.calls).toBe(calls);
	});

	it('refuses a missing or different schema version', async () => {
		const missing = connectRaw(h.url(DOC, null), { token: 'good-token' });
		await expectRefused(missing, CloseCode.SchemaMismatch, 'schema_mismatch');
		const other = connectRaw(h.url(DOC, EDITOR_SCHEMA_VERSION + 1), { token: 'good-token' });
		await expectRefused(other, CloseCode.SchemaMismatch, 'schema_mismatch');
	});

	it('refuses a path that is not a document name', async () => {
		const client = connectRaw(h.url('NOT-A-DOC'), { token: 'good-token' });
		await expectRefused(client, CloseCode.DocumentNotFound, 'document_not_found');
	});

	it('refuses a client without a session', async () => {
		await expectRefused(h.connect(DOC), CloseCode.Unauthenticated, 'unauthenticated');
	});

	it('refuses an invalid token, in a cookie or a bearer header', async () => {
		await expectRefused(
			h.connect(DOC, { cookie: 'trame_session=forged' }),
			CloseCode.Unauthenticated,
			'unauthenticated'
		);
		await expectRefused(
			h.connect(DOC, { token: 'forged' }),
			CloseCode.Unauthenticated,
			'unauthenticated'
		);
	});

	it('refuses a user who is not a member of the experiment', async () => {
		await expectRefused(
			h.connect(DOC, { token: 'outsider-token' }),
			CloseCode.Forbidden,
			'forbidden'
		);
	});

	it('refuses a document that does not exist', async () => {
		await expectRefused(
			h.connect('doc000000000404', { token: 'good-token' }),
			CloseCode.DocumentNotFound,
			'document_not_found'
		);
	});

	it('accepts the session cookie and a missing Origin (non-browser client)', async () => {
		const client = h.connect(DOC, { cookie: 'other=1; trame_session=good-token' });
		await client.opened;
		client.sendStep1();
		await vi.waitFor(() => expect(client.text()).toBe('secret content'));
	});

	it('buffers frames sent while the authenticator is still deciding', async () => {
		const slow = h.auth.authenticate.bind(h.auth);
		h.auth.authenticate = async (token, doc) => {
			await new Promise((r) => setTimeout(r, 50));
			return slow(token, doc);
		};
		const client = h.connect(DOC, { token: 'good-token' });
		await client.opened;
		client.sendStep1();
		await vi.waitFor(() => expect(client.text()).toBe('secret content'));
	});

	it('leaves other upgrade paths to the caller', async () => {
		const ws = new WebSocket(`ws://127.0.0.1:${h.port}/vite-hmr`);
		const error = await new Promise<Error>((resolve) => ws.on('error', resolve));
		expect(error).toBeInstanceOf(Error);
	});
});
