import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { Awareness, applyAwarenessUpdate } from 'y-protocols/awareness';
import {
	AwarenessGuard,
	applyAwarenessEntries,
	colorForUser,
	decodeAwarenessUpdate,
	encodeAwarenessUpdate,
	stateJson,
	type AwarenessEntry
} from './awareness-guard';
import * as encoding from 'lib0/encoding';
import { startHarness, type Harness } from '../testing/harness';
import type { RawClient } from '../testing/raw-client';

const DOC = 'doc000000000001';
const ALICE = { id: 'alice0000000001', name: 'Alice' };
const BOB = { id: 'bob000000000001', name: 'Bob' };

describe('AwarenessGuard', () => {
	const identity = (id: string) => ({ id, name: id, color: colorForUser(id) });

	it('binds the ids of the first message and drops ids owned by others', () => {
		const guard = new AwarenessGuard();
		const a = { key: 1, identity: identity('a') };
		const b = { key: 2, identity: identity('b') };
		expect(guard.filter(a, [{ clientId: 10, clock: 1, state: {} }])).toHaveLength(1);
		expect(guard.filter(b, [{ clientId: 10, clock: 2, state: { evil: true } }])).toEqual([]);
		expect(guard.filter(b, [{ clientId: 20, clock: 1, state: {} }])).toHaveLength(1);
		// After binding, new ids are not taken.
		expect(guard.filter(b, [{ clientId: 30, clock: 1, state: {} }])).toEqual([]);
	});

	it('reserves a released id for the same user for a while', () => {
		let now = 0;
		const guard = new AwarenessGuard(() => now);
		const a1 = { key: 1, identity: identity('a') };
		const a2 = { key: 2, identity: identity('a') };
		const b = { key: 3, identity: identity('b') };
		guard.filter(a1, [{ clientId: 10, clock: 1, state: {} }]);
		expect(guard.release(a1)).toEqual([10]);
		expect(guard.filter(b, [{ clientId: 10, clock: 5, state: {} }])).toEqual([]);
		expect(guard.filter(a2, [{ clientId: 10, clock: 5, state: {} }])).toHaveLength(1);
		guard.release(a2);
		now = 120_000;
		expect(guard.filter(b, [{ clientId: 10, clock: 9, state: {} }])).toHaveLength(1);
	});

	it('overwrites the user field and drops non-object states', () => {
		const guard = new AwarenessGuard();
		const a = { key: 1, identity: identity('a') };
		const kept = guard.filter(a, [
			{ clientId: 10, clock: 1, state: { user: { name: 'Admin', color: '#000' }, cursor: 4 } },
			{ clientId: 11, clock: 1, state: 'hello' }
		]);
		expect(kept).toEqual([{ clientId: 10, clock: 1, state: { user: identity('a'), cursor: 4 } }]);
	});

	it('sends the session identity whatever JSON text the client sent', () => {
		const a = { key: 1, identity: identity('a') };
		const mine = JSON.stringify(identity('a'));
		const victim = JSON.stringify(identity('victim'));
		const texts = [
			'{"cursor":4}',
			'{}',
			'{ }',
			'{"cursor":4}  \n',
			`{"user":${mine},"cursor":4}`,
			`{"cursor":4,"user":${victim}}`,
			`{"user":${mine},"user":${victim}}`,
			`{"user":${victim},"user":${mine}}`,
			`{"user":{"id":"a","name":"a","color":"${identity('a').color}","admin":true}}`,
			'{"__proto__":{"user":"x"},"cursor":4}'
		];
		texts.forEach((text, i) => {
			const encoder = encoding.createEncoder();
			encoding.writeVarUint(encoder, 1);
			encoding.writeVarUint(encoder, 100 + i);
			encoding.writeVarUint(encoder, 1);
			encoding.writeVarString(encoder, text);
			const guard = new AwarenessGuard();
			const [kept] = guard.filter(a, decodeAwarenessUpdate(encoding.toUint8Array(encoder)));
			// What peers parse (JSON.parse, as y-protocols) is the kept state, with the session's user.
			const sent = JSON.parse(stateJson(kept!.state)) as Record<string, unknown>;
			expect(sent, text).toEqual(JSON.parse(JSON.stringify(kept!.state)));
			expect(sent.user, text).toEqual(identity('a'));
		});
	});

	it('derives a stable color per user', () => {
		expect(colorForUser('alice')).toBe(colorForUser('alice'));
		expect(colorForUser('alice')).toMatch(/^#[0-9a-f]{6}$/);
		expect(colorForUser('alice')).not.toBe(colorForUser('bob'));
	});
});

describe('applyAwarenessEntries', () => {
	/** A server-side Awareness (no local state) recording its events. */
	function recorded() {
		const awareness = new Awareness(new Y.Doc());
		awareness.setLocalState(null);
		const events: unknown[] = [];
		awareness.on('change', (change: unknown, origin: unknown) =>
			events.push(['change', change, origin])
		);
		awareness.on('update', (change: unknown, origin: unknown) =>
			events.push(['update', change, origin])
		);
		return { awareness, events };
	}

	it('changes states, clocks and events exactly as applyAwarenessUpdate', () => {
		const steps: AwarenessEntry[][] = [
			[{ clientId: 7, clock: 1, state: { cursor: 1 } }],
			[{ clientId: 7, clock: 1, state: { cursor: 9 } }], // same clock: ignored
			[
				{ clientId: 7, clock: 2, state: { cursor: 1 } }, // same state: 'update' only
				{ clientId: 8, clock: 3, state: { cursor: 2 } }
			],
			[{ clientId: 8, clock: 4, state: { cursor: 5 } }],
			[{ clientId: 7, clock: 2, state: null }], // removal at the same clock
			[{ clientId: 7, clock: 2, state: null }], // already removed: ignored
			[{ clientId: 8, clock: 1, state: { cursor: 0 } }] // older: ignored
		];
		const viaBytes = recorded();
		const direct = recorded();
		for (const entries of steps) {
			applyAwarenessUpdate(viaBytes.awareness, encodeAwarenessUpdate(entries), 'peer');
			applyAwarenessEntries(direct.awareness, entries, 'peer');
			expect(direct.awareness.getStates()).toEqual(viaBytes.awareness.getStates());
			const clocks = (a: Awareness) =>
				[...a.meta].filter(([id]) => id !== a.clientID).map(([id, meta]) => [id, meta.clock]);
			expect(clocks(direct.awareness)).toEqual(clocks(viaBytes.awareness));
		}
		expect(direct.events).toEqual(viaBytes.events);
		expect(direct.events.length).toBeGreaterThan(4);
		viaBytes.awareness.destroy();
		direct.awareness.destroy();
	});
});

describe('awareness over the wire', () => {
	let h: Harness;
	beforeEach(async () => {
		h = await startHarness();
		h.auth.addUser('alice', ALICE);
		h.auth.addUser('bob', BOB);
		h.auth.grant(ALICE.id, DOC, 'edit');
		h.auth.grant(BOB.id, DOC, 'comment');
	});
	afterEach(() => h.stop());

	async function open(token: string): Promise<RawClient> {
		const client = h.connect(DOC, { token });
		await client.opened;
		return client;
	}

	const statesOf = (client: RawClient, clientId: number) =>
		client.awareness.flat().filter((entry) => entry.clientId === clientId);

	it('rewrites identity, drops spoofed ids, removes states on disconnect', async () => {
		const alice = await open('alice');
		const bob = await open('bob');
		alice.sendAwareness([{ clientId: 1001, clock: 1, state: { user: { name: 'Alice' }, x: 1 } }]);
		await vi.waitFor(() => expect(statesOf(bob, 1001)).toHaveLength(1));
		expect(statesOf(bob, 1001)[0]!.state).toEqual({
			user: { id: ALICE.id, name: 'Alice', color: colorForUser(ALICE.id) },
			x: 1
		});
		// Bob claims to be Alice (her client id, her name): dropped.
		bob.sendAwareness([{ clientId: 1001, clock: 50, state: { user: { name: 'Alice' }, x: 666 } }]);
		bob.sendAwareness([
			{ clientId: 2002, clock: 1, state: { user: { id: ALICE.id, name: 'Alice' }, x: 2 } }
		]);
		await vi.waitFor(() => expect(statesOf(alice, 2002)).toHaveLength(1));
		// Alice gets her own entry back (one message for all), never Bob's forgery of it.
		expect(statesOf(alice, 1001).map((entry) => entry.state)).not.toContainEqual(
			expect.objectContaining({ x: 666 })
		);
		expect(statesOf(alice, 2002)[0]!.state).toMatchObject({ user: { id: BOB.id, name: 'Bob' } });
		// A late joiner gets the current presence of both.
		const carol = await open('alice');
		await vi.waitFor(() =>
			expect(
				carol.awareness
					.flat()
					.map((e) => e.clientId)
					.sort()
			).toEqual([1001, 2002])
		);
		// Bob leaves: his state is removed for the others.
		await bob.close();
		await vi.waitFor(() => expect(statesOf(alice, 2002).at(-1)?.state).toBeNull());
	});
});
