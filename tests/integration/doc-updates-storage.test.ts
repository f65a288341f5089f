/**
 * `doc_updates` storage against a real PocketBase: appends of many documents travel in one
 * request to the insert route `/api/trame/doc-rows` (counted on the wire of the SDK client the
 * store uses), a deleted document's row does not hold back the others, rows of every format (v1
 * rows written before the `format` field, dense rows, compaction snapshots) load together through
 * the one codec, and the route keeps the collection's contract (all or nothing, superuser only,
 * cascade delete).
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { readFileSync } from 'node:fs';
import PocketBase, { ClientResponseError } from 'pocketbase';
import { deflateRawSync } from 'node:zlib';
import * as Y from 'yjs';
import { startTestPocketBase, type TestPocketBase } from '../support/pocketbase';
import { EDITOR_SCHEMA_VERSION } from '../../src/lib/editor/schema-version';
import { storedDocumentState } from '../../src/lib/server/review/doc-state';
import { createMemoryLogger } from '../../server/log';
import { PocketBaseStore } from '../../server/storage/pocketbase-store';
import {
	RowDecodeError,
	ROW_FORMAT_V1,
	ROW_FORMAT_V1_DEFLATE,
	ROW_FORMAT_V2,
	ROW_FORMAT_V2_DEFLATE
} from '../../server/storage/update-codec';

const ROWS_ROUTE = '/api/trame/doc-rows';

let pb: TestPocketBase;
let experimentId: string;
let ownerId: string;

beforeAll(async () => {
	pb = await startTestPocketBase();
	const owner = await pb.createUser({
		email: 'owner.storage@trame.test',
		password: 'owner-password-123',
		name: 'Owner'
	});
	ownerId = owner.id;
	experimentId = (await pb.createExperiment(owner.id)).id;
});

afterAll(async () => {
	await pb?.stop();
});

async function newDocument(title: string): Promise<string> {
	const record = await pb.admin.collection('documents').create({
		experiment: experimentId,
		kind: 'libre',
		title,
		archived: false,
		schema_version: EDITOR_SCHEMA_VERSION,
		created_by: ownerId
	});
	return record.id;
}

/** A superuser client of its own whose every HTTP request is recorded (method and path). */
async function countingClient(): Promise<{ client: PocketBase; requests: string[] }> {
	const client = new PocketBase(pb.url);
	client.autoCancellation(false);
	await client
		.collection('_superusers')
		.authWithPassword(pb.superuser.email, pb.superuser.password);
	const requests: string[] = [];
	client.beforeSend = (url, options) => {
		requests.push(`${options.method ?? 'GET'} ${new URL(url).pathname}`);
		return { url, options };
	};
	return { client, requests };
}

/** The state letter of /proc/<pid>/status (R running, S sleeping, T stopped…). */
function processState(pid: number): string {
	const line = readFileSync(`/proc/${pid}/status`, 'utf8')
		.split('\n')
		.find((entry) => entry.startsWith('State:'));
	return line?.split(/\s+/)[1] ?? '';
}

function textUpdate(text: string): Uint8Array {
	const doc = new Y.Doc();
	doc.getText('text').insert(0, text);
	return Y.encodeStateAsUpdate(doc);
}

function textOf(state: Uint8Array): string {
	const doc = new Y.Doc();
	Y.applyUpdate(doc, state);
	return doc.getText('text').toString();
}

describe('doc_updates storage (real PocketBase)', () => {
	it('writes the appends of many documents in one request', async () => {
		const documents = await Promise.all(
			Array.from({ length: 25 }, (_, i) => newDocument(`Lot ${i}`))
		);
		const { client, requests } = await countingClient();
		const store = new PocketBaseStore(client);
		const ids = await Promise.all(
			documents.map((document, i) => store.append(document, textUpdate(`document ${i}`)))
		);
		expect(requests).toEqual([`POST ${ROWS_ROUTE}`]);
		expect(new Set(ids).size).toBe(documents.length);
		// Every row is there, under its own document, with its own content.
		for (const [i, document] of documents.entries()) {
			const rows = await new PocketBaseStore(pb.admin).load(document);
			expect(rows.map((row) => row.id)).toEqual([ids[i]]);
			expect(textOf(rows[0]!.data)).toBe(`document ${i}`);
		}
	});

	it('splits a burst larger than the cap into several requests', async () => {
		const documents = await Promise.all(
			Array.from({ length: 12 }, (_, i) => newDocument(`Cap ${i}`))
		);
		const { client, requests } = await countingClient();
		const store = new PocketBaseStore(client, { maxBatchRequests: 5 });
		await Promise.all(documents.map((document) => store.append(document, textUpdate('x'))));
		expect(requests).toEqual(Array(3).fill(`POST ${ROWS_ROUTE}`));
	});

	it("does not let a deleted document's row block the others", async () => {
		const [a, gone, c] = await Promise.all(['A', 'Supprimé', 'C'].map(newDocument));
		await pb.admin.collection('documents').delete(gone!);
		const { client, requests } = await countingClient();
		const store = new PocketBaseStore(client);
		const results = await Promise.allSettled([
			store.append(a!, textUpdate('reste A')),
			store.append(gone!, textUpdate('perdu')),
			store.append(c!, textUpdate('reste C'))
		]);
		expect(results.map((result) => result.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
		expect(String((results[1] as PromiseRejectedResult).reason)).toContain(
			'doc_updates row refused'
		);
		// The first request was refused as a whole (a transaction), the two others went again.
		expect(requests).toEqual([`POST ${ROWS_ROUTE}`, `POST ${ROWS_ROUTE}`]);
		expect(textOf(await storedDocumentState(pb.admin, a!))).toBe('reste A');
		expect(textOf(await storedDocumentState(pb.admin, c!))).toBe('reste C');
		const orphans = await pb.admin
			.collection('doc_updates')
			.getList(1, 1, { filter: pb.admin.filter('document = {:d}', { d: gone! }) });
		expect(orphans.totalItems).toBe(0);

		// Every retry of the deleted document fails alone, the others keep being stored.
		const again = await Promise.allSettled([
			store.append(gone!, textUpdate('perdu')),
			store.append(a!, textUpdate(' encore'))
		]);
		expect(again.map((result) => result.status)).toEqual(['rejected', 'fulfilled']);
	});

	it('fails every append of a batch that does not reach PocketBase, and stores them later', async () => {
		const [a, b] = await Promise.all(['Panne A', 'Panne B'].map(newDocument));
		const { client } = await countingClient();
		const store = new PocketBaseStore(client);
		client.baseURL = 'http://127.0.0.1:9'; // nothing listens there
		const failed = await Promise.allSettled([
			store.append(a!, textUpdate('a')),
			store.append(b!, textUpdate('b'))
		]);
		expect(failed.map((result) => result.status)).toEqual(['rejected', 'rejected']);
		expect((failed[0] as PromiseRejectedResult).reason).toBeInstanceOf(ClientResponseError);
		client.baseURL = pb.url;
		await Promise.all([store.append(a!, textUpdate('a')), store.append(b!, textUpdate('b'))]);
		expect(textOf(await storedDocumentState(pb.admin, a!))).toBe('a');
		expect(textOf(await storedDocumentState(pb.admin, b!))).toBe('b');
	});

	it('loads old v1 rows, dense rows and a compacted snapshot together', async () => {
		const document = await newDocument('Formats');
		const source = new Y.Doc();
		const updates: Uint8Array[] = [];
		source.on('update', (update: Uint8Array) => updates.push(update));
		const text = source.getText('text');
		// Rows as written before the `format` field existed: v1 base64, no format.
		for (let i = 0; i < 3; i++) text.insert(text.length, `ancien ${i} `);
		for (const update of updates.splice(0)) {
			await pb.admin.collection('doc_updates').create({
				document,
				data: Buffer.from(update).toString('base64'),
				bytes: update.byteLength,
				compacted: false
			});
		}
		// New rows: one window of many clients' keystrokes, merged like the persistence queue does.
		for (let i = 0; i < 30; i++) {
			const client = new Y.Doc();
			Y.applyUpdate(client, Y.encodeStateAsUpdate(source));
			client.getText('text').insert(0, `client ${i} `);
			Y.applyUpdate(source, Y.encodeStateAsUpdate(client, Y.encodeStateVector(source)));
		}
		const store = new PocketBaseStore(pb.admin);
		const denseId = await store.append(document, Y.mergeUpdates(updates.splice(0)));
		const dense = await pb.admin.collection('doc_updates').getOne(denseId);
		expect(dense.format).toBe(ROW_FORMAT_V2_DEFLATE);
		// `bytes` = binary bytes stored, what the bench counts as written.
		expect(dense.bytes).toBe(Buffer.from(dense.data, 'base64').byteLength);

		const expected = text.toString();
		const rows = await store.load(document);
		expect(rows).toHaveLength(4);
		const loaded = new Y.Doc();
		for (const row of rows) Y.applyUpdate(loaded, row.data);
		expect(loaded.getText('text').toString()).toBe(expected);
		expect(textOf(await storedDocumentState(pb.admin, document))).toBe(expected);

		// Compaction writes its snapshot through the same codec.
		const snapshotId = await store.compact(
			document,
			Y.encodeStateAsUpdate(source),
			rows.map((row) => row.id)
		);
		const snapshot = await pb.admin.collection('doc_updates').getOne(snapshotId);
		expect(snapshot.format).toBe(ROW_FORMAT_V2_DEFLATE);
		expect(snapshot.bytes).toBeLessThan(Y.encodeStateAsUpdate(source).byteLength);
		const compacted = await store.load(document);
		expect(compacted.map((row) => row.compacted)).toEqual([true]);
		expect(textOf(compacted[0]!.data)).toBe(expected);
	});

	it('reports a corrupt row by name and keeps it, while the readable rows load', async () => {
		const document = await newDocument('Corrompu');
		const store = new PocketBaseStore(pb.admin);
		await store.append(document, textUpdate('lisible'));
		const corrupt = await pb.admin.collection('doc_updates').create({
			document,
			data: Buffer.from('garbage that is not deflate').toString('base64'),
			bytes: 27,
			format: ROW_FORMAT_V2_DEFLATE,
			compacted: false
		});
		const logger = createMemoryLogger();
		const rows = await new PocketBaseStore(pb.admin, { logger }).load(document);
		expect(rows.map((row) => textOf(row.data))).toEqual(['lisible']);
		const entry = logger.entries.find((e) => e.event === 'collab.row_unreadable');
		expect(entry?.fields).toMatchObject({ document, row: corrupt.id });
		expect(String(entry?.fields.error)).toContain(`doc_updates row ${corrupt.id} is unreadable`);
		// Readers outside the collaboration server refuse with the same clear error.
		await expect(storedDocumentState(pb.admin, document)).rejects.toBeInstanceOf(RowDecodeError);
	});

	it('abandons a request PocketBase does not answer, then stores once it answers again', async () => {
		const document = await newDocument('PocketBase figé');
		const store = new PocketBaseStore(pb.admin, { requestTimeoutMs: 500 });
		// A real PocketBase that accepts the connection and never answers.
		process.kill(pb.pid, 'SIGSTOP');
		// The signal takes effect asynchronously: wait until the kernel reports it stopped.
		await vi.waitFor(() => expect(processState(pb.pid)).toBe('T'), { timeout: 2_000 });
		let outcome: unknown;
		const started = performance.now();
		try {
			outcome = await store.append(document, textUpdate('figé')).then(
				() => 'stored',
				(error: unknown) => error
			);
		} finally {
			process.kill(pb.pid, 'SIGCONT');
		}
		expect(outcome, String(outcome)).toBeInstanceOf(ClientResponseError);
		expect(performance.now() - started).toBeLessThan(5_000);
		// The retry (the document's queue does it) lands; the abandoned request may have landed
		// too, a duplicate Yjs merges away.
		const id = await store.append(document, textUpdate('repris'));
		expect((await store.load(document)).map((row) => row.id)).toContain(id);
	});

	describe(`the insert route ${ROWS_ROUTE}`, () => {
		interface Row {
			document: string;
			data: string;
			format: string;
			bytes: number;
			compacted: boolean;
		}

		function row(document: string, stored: Uint8Array, format: string, compacted = false): Row {
			return {
				document,
				data: Buffer.from(stored).toString('base64'),
				format,
				bytes: stored.byteLength,
				compacted
			};
		}

		async function rowCount(document: string): Promise<number> {
			const list = await pb.admin
				.collection('doc_updates')
				.getList(1, 1, { filter: pb.admin.filter('document = {:d}', { d: document }) });
			return list.totalItems;
		}

		async function refusal(request: Promise<unknown>): Promise<ClientResponseError> {
			const error = await request.then(
				() => null,
				(reason: unknown) => reason
			);
			expect(error).toBeInstanceOf(ClientResponseError);
			return error as ClientResponseError;
		}

		it('writes rows of every format that load back, in order, as ordinary records', async () => {
			const document = await newDocument('Route formats');
			const source = new Y.Doc();
			const updates: Uint8Array[] = [];
			source.on('update', (update: Uint8Array) => updates.push(update));
			const text = source.getText('text');
			for (const word of ['un ', 'deux ', 'trois ', 'quatre ', 'cinq ']) {
				text.insert(text.length, word);
			}
			const [u1, u2, u3, u4, u5] = updates as [Uint8Array, ...Uint8Array[]];
			const rows = [
				row(document, u1!, ''), // written before the `format` field: v1
				row(document, u2!, ROW_FORMAT_V1),
				row(document, Y.convertUpdateFormatV1ToV2(u3!), ROW_FORMAT_V2),
				row(document, deflateRawSync(Y.convertUpdateFormatV1ToV2(u4!)), ROW_FORMAT_V2_DEFLATE),
				row(document, deflateRawSync(u5!), ROW_FORMAT_V1_DEFLATE, true)
			];
			const { ids } = await pb.admin.send<{ ids: string[] }>(ROWS_ROUTE, {
				method: 'POST',
				body: { rows }
			});
			expect(ids).toHaveLength(rows.length);
			for (const id of ids) expect(id).toMatch(/^[a-z0-9]{15}$/);

			const loaded = await new PocketBaseStore(pb.admin).load(document);
			expect(loaded.map((r) => r.id).sort()).toEqual([...ids].sort());
			expect(loaded.find((r) => r.id === ids[4])?.compacted).toBe(true);
			const doc = new Y.Doc();
			for (const r of loaded) Y.applyUpdate(doc, r.data);
			expect(doc.getText('text').toString()).toBe('un deux trois quatre cinq ');

			// The record API reads them like rows it wrote itself (same id, datetime and types).
			const record = await pb.admin.collection('doc_updates').getOne(ids[3]!);
			expect(record).toMatchObject({
				document,
				format: ROW_FORMAT_V2_DEFLATE,
				bytes: rows[3]!.bytes,
				compacted: false
			});
			expect(record.created).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\.\d{3}Z$/);
			expect(Math.abs(Date.parse(record.created) - Date.now())).toBeLessThan(60_000);
		});

		it('refuses the whole request naming the first missing document, and writes nothing', async () => {
			const [kept, gone] = await Promise.all(['Route garde', 'Route supprimé'].map(newDocument));
			await pb.admin.collection('documents').delete(gone!);
			const update = textUpdate('x');
			const error = await refusal(
				pb.admin.send(ROWS_ROUTE, {
					method: 'POST',
					body: {
						rows: [
							row(kept!, update, ROW_FORMAT_V1),
							row(gone!, update, ROW_FORMAT_V1),
							row(kept!, update, ROW_FORMAT_V1)
						]
					}
				})
			);
			expect(error.status).toBe(400);
			expect(error.response.data).toMatchObject({ index: 1, reason: 'document not found' });
			expect(await rowCount(kept!)).toBe(0);
			expect(await rowCount(gone!)).toBe(0);
		});

		it('validates each row like the collection would, naming the first bad one', async () => {
			const document = await newDocument('Route validation');
			const good = row(document, textUpdate('ok'), ROW_FORMAT_V1);
			const bad: [string, Partial<Record<keyof Row, unknown>>][] = [
				['data missing', { data: '' }],
				['unknown format', { format: 'v3' }],
				['bad bytes', { bytes: -1 }],
				['bad bytes', { bytes: 1.5 }],
				['bad compacted', { compacted: 'yes' }],
				['document missing', { document: '' }]
			];
			for (const [reason, change] of bad) {
				const error = await refusal(
					pb.admin.send(ROWS_ROUTE, {
						method: 'POST',
						body: { rows: [good, good, { ...good, ...change }] }
					})
				);
				expect(error.status).toBe(400);
				expect(error.response.data).toMatchObject({ index: 2, reason });
			}
			expect(await rowCount(document)).toBe(0);
		});

		it('answers 403 to a user and 401 to a guest, and writes nothing', async () => {
			const document = await newDocument('Route accès');
			await pb.createUser({
				email: 'route.user@trame.test',
				password: 'route-user-password-123',
				name: 'Route User'
			});
			const user = await pb.userClient('route.user@trame.test', 'route-user-password-123');
			const body = { rows: [row(document, textUpdate('intrus'), ROW_FORMAT_V1)] };
			expect((await refusal(user.send(ROWS_ROUTE, { method: 'POST', body }))).status).toBe(403);
			expect((await refusal(pb.client().send(ROWS_ROUTE, { method: 'POST', body }))).status).toBe(
				401
			);
			expect(await rowCount(document)).toBe(0);
		});

		it("deletes a document's route-written rows with the document (cascade)", async () => {
			const [doomed, other] = await Promise.all(['Route cascade', 'Route voisin'].map(newDocument));
			const store = new PocketBaseStore(pb.admin);
			await Promise.all([
				store.append(doomed!, textUpdate('a')),
				store.append(doomed!, textUpdate('b')),
				store.append(other!, textUpdate('c'))
			]);
			expect(await rowCount(doomed!)).toBe(2);
			await pb.admin.collection('documents').delete(doomed!);
			expect(await rowCount(doomed!)).toBe(0);
			expect(await rowCount(other!)).toBe(1);
		});
	});

	describe('the compaction route /api/trame/doc-compact', () => {
		async function rowIds(document: string): Promise<string[]> {
			const rows = await pb.admin
				.collection('doc_updates')
				.getFullList({ filter: pb.admin.filter('document = {:d}', { d: document }) });
			return rows.map((row) => row.id).sort();
		}

		it('replaces the rows by one snapshot in one request, keeping the content', async () => {
			const document = await newDocument('Compaction');
			const { client, requests } = await countingClient();
			const store = new PocketBaseStore(client);
			const source = new Y.Doc();
			const ids: string[] = [];
			for (const word of ['un ', 'deux ', 'trois ']) {
				source.getText('text').insert(source.getText('text').length, word);
				ids.push(await store.append(document, Y.encodeStateAsUpdate(source)));
			}
			requests.length = 0;
			const snapshotId = await store.compact(document, Y.encodeStateAsUpdate(source), ids);
			expect(requests).toEqual(['POST /api/trame/doc-compact']);
			expect(await rowIds(document)).toEqual([snapshotId]);
			const rows = await store.load(document);
			expect(rows.map((row) => row.compacted)).toEqual([true]);
			expect(textOf(rows[0]!.data)).toBe('un deux trois ');
		});

		it("never deletes another document's rows, whatever ids it is given", async () => {
			const [mine, theirs] = await Promise.all(['Compaction A', 'Compaction B'].map(newDocument));
			const store = new PocketBaseStore(pb.admin);
			const own = await store.append(mine!, textUpdate('à moi'));
			const foreign = await store.append(theirs!, textUpdate('à eux'));
			await store.compact(mine!, textUpdate('à moi'), [own, foreign]);
			expect(await rowIds(theirs!)).toEqual([foreign]);
			expect(textOf((await store.load(theirs!))[0]!.data)).toBe('à eux');
		});

		it('refuses a missing document, bad ids and non-superusers, and writes nothing', async () => {
			const document = await newDocument('Compaction refusée');
			const store = new PocketBaseStore(pb.admin);
			const kept = await store.append(document, textUpdate('gardé'));
			const snapshot = Buffer.from(textUpdate('x')).toString('base64');
			const body = (overrides: Record<string, unknown>) => ({
				document,
				data: snapshot,
				format: ROW_FORMAT_V1,
				bytes: 10,
				replaced: [kept],
				...overrides
			});
			const status = (request: Promise<unknown>) =>
				request.then(
					() => 200,
					(error: unknown) => (error instanceof ClientResponseError ? error.status : -1)
				);
			const route = '/api/trame/doc-compact';
			expect(
				await status(
					pb.admin.send(route, { method: 'POST', body: body({ document: 'nosuchdocument' }) })
				)
			).toBe(404);
			expect(
				await status(pb.admin.send(route, { method: 'POST', body: body({ replaced: ['x;--'] }) }))
			).toBe(400);
			expect(
				await status(pb.admin.send(route, { method: 'POST', body: body({ format: 'v7' }) }))
			).toBe(400);
			await pb.createUser({
				email: 'compact.user@trame.test',
				password: 'compact-user-password-123',
				name: 'Compact User'
			});
			const user = await pb.userClient('compact.user@trame.test', 'compact-user-password-123');
			expect(await status(user.send(route, { method: 'POST', body: body({}) }))).toBe(403);
			expect(await rowIds(document)).toEqual([kept]);
		});
	});
});
