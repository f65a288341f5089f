/**
 * Reply-producing requests (sync step 1, query awareness) are budgeted per socket, whether they
 * arrive before admission (replayed from the early buffer) or after: a flood of 3-byte requests
 * is closed with ProtocolError instead of making the server encode the document thousands of
 * times. A stock client's handful of requests is never refused.
 */
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { CloseCode, MessageType } from '../../src/lib/collab/protocol';
import { startHarness, type Harness } from '../testing/harness';
import { within } from '../testing/within';
import { encodeSyncStep1 } from './wire';

const DOC = 'doc000000000001';
const ALICE = { id: 'alice0000000001', name: 'Alice' };

let h: Harness;
afterEach(() => h.stop());

async function admittedAlice() {
	h = await startHarness({ schemaVersion: 1 });
	h.auth.addUser('alice', ALICE);
	h.auth.grant(ALICE.id, DOC, 'edit');
	const alice = h.connect(DOC, { token: 'alice' });
	await within(alice.opened, 5_000, 'the socket to open');
	alice.sendStep1();
	// Admitted once the server's own sync step 1 (or step 2) arrives.
	await expect.poll(() => alice.frames.length, { timeout: 5_000 }).toBeGreaterThan(0);
	return alice;
}

describe('request budget', () => {
	it.each([
		['query awareness', () => new Uint8Array([MessageType.QueryAwareness])],
		['sync step 1', () => encodeSyncStep1(new Y.Doc())]
	])('closes an admitted %s flood with ProtocolError (request_flood)', async (_label, frame) => {
		const alice = await admittedAlice();
		for (let i = 0; i < 500; i++) alice.send(frame());
		const closed = await within(
			alice.closed,
			5_000,
			() => `a close after the flood (received types ${alice.types.slice(0, 10).join(',')}…)`
		);
		expect(closed.code).toBe(CloseCode.ProtocolError);
		expect(alice.errors[0]?.details).toMatchObject({ reason: 'request_flood' });
		const replies = alice.types.filter((type) => type !== MessageType.Error).length;
		expect(replies).toBeLessThan(80);
	});

	it('lets a normal client resync a few times', async () => {
		const alice = await admittedAlice();
		for (let i = 0; i < 10; i++) alice.sendStep1();
		alice.send(new Uint8Array([MessageType.QueryAwareness]));
		alice.edit((doc) => doc.getText('text').insert(0, 'still here'));
		alice.sendSaveRequest(1);
		await expect.poll(() => alice.saved, { timeout: 5_000 }).toEqual([1]);
		expect(alice.closeEvent).toBeNull();
	});
});
