/**
 * Frames a client sends before it is admitted: buffered, bounded in count (a flood is refused
 * with ProtocolError) and in bytes (the socket is paused, not refused, so a member who types or
 * pastes while admission is slow loses nothing).
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { CloseCode, MessageType } from '../../src/lib/collab/protocol';
import type { AuthResult } from '../auth/authenticator';
import { FakeAuthenticator } from '../testing/fakes';
import { startHarness, type Harness } from '../testing/harness';

const DOC = 'doc000000000001';
const ALICE = { id: 'alice0000000001', name: 'Alice' };

/** Admission waits until `open()`: the window in which early frames pile up. */
class GatedAuthenticator extends FakeAuthenticator {
	private opened!: () => void;
	private readonly gate = new Promise<void>((resolve) => (this.opened = resolve));

	open(): void {
		this.opened();
	}

	override async authenticate(token: string, documentName: string): Promise<AuthResult> {
		await this.gate;
		return super.authenticate(token, documentName);
	}
}

let h: Harness;
afterEach(() => h.stop());

async function setup(): Promise<GatedAuthenticator> {
	const auth = new GatedAuthenticator();
	auth.addUser('alice', ALICE);
	auth.grant(ALICE.id, DOC, 'edit');
	h = await startHarness({ auth, schemaVersion: 1 });
	return auth;
}

/** Updates of `count` local edits of `size` characters each. */
function edits(count: number, size: number): { updates: Uint8Array[]; text: string } {
	const doc = new Y.Doc();
	const updates: Uint8Array[] = [];
	doc.on('update', (update: Uint8Array) => updates.push(update));
	for (let i = 0; i < count; i++) doc.getText('text').insert(0, String(i % 10).repeat(size));
	return { updates, text: doc.getText('text').toString() };
}

describe('frames before admission', () => {
	it('keeps every keystroke typed while admission is slow (100 frames)', async () => {
		const auth = await setup();
		const alice = h.connect(DOC, { token: 'alice' });
		await alice.opened;
		const { updates, text } = edits(100, 1);
		for (const update of updates) alice.sendUpdate(update);
		await new Promise((resolve) => setTimeout(resolve, 50));
		auth.open();
		alice.sendStep1();
		await vi.waitFor(() => expect(alice.text()).toBe(text));
		expect(alice.closeEvent).toBeNull();
	});

	it('refuses a flood of frames before admission with ProtocolError, no document byte', async () => {
		const auth = await setup();
		const flooder = h.connect(DOC, { token: 'alice' });
		await flooder.opened;
		for (let i = 0; i < 1000; i++) flooder.send(new Uint8Array([MessageType.QueryAwareness]));
		const closed = await flooder.closed;
		auth.open();
		expect(closed.code).toBe(CloseCode.ProtocolError);
		expect(flooder.types.every((type) => type === MessageType.Error)).toBe(true);
		expect(flooder.errors[0]?.details).toMatchObject({ reason: 'early_flood' });
	});

	it('pauses a socket past 1 MiB before admission, then delivers everything in order', async () => {
		const auth = await setup();
		const alice = h.connect(DOC, { token: 'alice' });
		await alice.opened;
		const { updates, text } = edits(6, 400_000);
		for (const update of updates) alice.sendUpdate(update);
		await vi.waitFor(() =>
			expect(h.logger.entries.some((entry) => entry.event === 'collab.early_paused')).toBe(true)
		);
		auth.open();
		alice.sendStep1();
		await vi.waitFor(() => expect(alice.text()).toBe(text), { timeout: 5_000 });
		expect(alice.closeEvent).toBeNull();
	});
});
