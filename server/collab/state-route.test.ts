import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { startHarness, TEST_ORIGIN, type Harness } from '../testing/harness';
import { CollabErrorId } from './errors';
import { stateRefusalStatus } from './state-route';

const DOC = 'doc000000000001';
const ALICE = { id: 'alice0000000001', name: 'Alice' };
const BOB = { id: 'bob000000000001', name: 'Bob' };

let h: Harness | null = null;
afterEach(async () => {
	await h?.stop();
	h = null;
});

async function storedDocument(text: string): Promise<Uint8Array> {
	const harness = await startHarness();
	h = harness;
	harness.auth.addUser('alice', ALICE);
	harness.auth.addUser('bob', BOB);
	harness.auth.grant(ALICE.id, DOC, 'read');
	const doc = new Y.Doc();
	doc.getText('text').insert(0, text);
	const state = Y.encodeStateAsUpdate(doc);
	await harness.store.memory.compact(DOC, state, []);
	return state;
}

/** GET of a collaboration URL over HTTP (the harness's `ws://` URL as `http://`). */
async function getState(url: string, headers: Record<string, string> = {}) {
	const response = await fetch(url.replace(/^ws:/, 'http:'), { headers });
	return { status: response.status, body: new Uint8Array(await response.arrayBuffer()), response };
}

describe('stateRefusalStatus', () => {
	it.each([
		[CollabErrorId.Unauthenticated, 401],
		[CollabErrorId.Forbidden, 403],
		[CollabErrorId.OriginNotAllowed, 403],
		[CollabErrorId.DocumentNotFound, 404],
		[CollabErrorId.SchemaMismatch, 409],
		[CollabErrorId.StorageUnavailable, 503],
		[CollabErrorId.ServiceRestart, 503]
	])('answers %s with %i', (id, status) => {
		expect(stateRefusalStatus(id)).toBe(status);
	});
});

describe("the document's state over HTTP", () => {
	it('gives a member what the socket answers a client holding nothing', async () => {
		const stored = await storedDocument('Le protocole du Labo.');
		const { status, body, response } = await getState(h!.url(DOC), {
			authorization: 'Bearer alice'
		});
		expect(status).toBe(200);
		expect(response.headers.get('cache-control')).toBe('no-store');
		expect(response.headers.get('cross-origin-resource-policy')).toBe('same-origin');
		expect(Buffer.from(body).equals(Buffer.from(stored))).toBe(true);
		const doc = new Y.Doc();
		Y.applyUpdate(doc, body);
		expect(doc.getText('text').toString()).toBe('Le protocole du Labo.');
	});

	it("gives the live document's state once it is loaded (edits not yet stored included)", async () => {
		await storedDocument('Stored.');
		h!.auth.grant(ALICE.id, DOC, 'edit');
		const editor = h!.connect(DOC, { token: 'alice' });
		await editor.opened;
		editor.sendStep1();
		await expect.poll(() => editor.text()).toBe('Stored.');
		// Not stored yet: only the live document holds the edit.
		h!.store.hold();
		editor.edit((doc) => doc.getText('text').insert(0, 'Live. '));
		await expect
			.poll(async () => {
				const { body } = await getState(h!.url(DOC), { authorization: 'Bearer alice' });
				const doc = new Y.Doc();
				Y.applyUpdate(doc, body);
				return doc.getText('text').toString();
			})
			.toBe('Live. Stored.');
		h!.store.release();
	});

	it.each([
		['a signed-out visitor', {}, undefined, 401],
		['a non-member', { authorization: 'Bearer bob' }, undefined, 403],
		[
			'another site',
			{ authorization: 'Bearer alice', origin: 'https://evil.test' },
			undefined,
			403
		],
		['an unknown document', { authorization: 'Bearer alice' }, 'doc000000000404', 404],
		['another schema', { authorization: 'Bearer alice' }, 'schema', 409]
	])('refuses %s, with no document byte', async (_, headers, target, status) => {
		await storedDocument('Secret.');
		const url = target === 'schema' ? h!.url(DOC, 999) : target ? h!.url(target) : h!.url(DOC);
		const { status: got, body } = await getState(url, headers);
		expect(got).toBe(status);
		expect(body.byteLength).toBe(0);
	});

	it('answers only GETs of collaboration URLs', async () => {
		await storedDocument('Text.');
		const base = h!.url(DOC).replace(/^ws:/, 'http:');
		const post = await fetch(base, { method: 'POST', headers: { authorization: 'Bearer alice' } });
		expect(post.status).toBe(404);
		const other = await fetch(base.replace('/collab/', '/other/'), {
			headers: { authorization: 'Bearer alice' }
		});
		expect(other.status).toBe(404);
		expect(TEST_ORIGIN).toBe('http://app.test');
	});
});
