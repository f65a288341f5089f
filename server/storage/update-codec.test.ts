import { deflateRawSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
	decodeRow,
	encodeRow,
	mergeRows,
	ROW_FORMAT_V1,
	ROW_FORMAT_V1_DEFLATE,
	ROW_FORMAT_V2,
	ROW_FORMAT_V2_DEFLATE,
	RowDecodeError
} from './update-codec';

/** A window of merged keystrokes from many clients, like one persisted row under load. */
function manyClientsWindow(clients: number): { update: Uint8Array; doc: Y.Doc } {
	const doc = new Y.Doc();
	const updates: Uint8Array[] = [];
	doc.on('update', (update: Uint8Array) => updates.push(update));
	for (let i = 0; i < clients; i++) {
		const client = new Y.Doc();
		Y.applyUpdate(client, Y.encodeStateAsUpdate(doc));
		client.getText('text').insert(0, `client ${i} écrit `);
		Y.applyUpdate(doc, Y.encodeStateAsUpdate(client, Y.encodeStateVector(doc)));
	}
	return { update: Y.mergeUpdates(updates), doc };
}

const textOf = (updates: Uint8Array[]) => {
	const doc = new Y.Doc();
	for (const update of updates) Y.applyUpdate(doc, update);
	return doc.getText('text').toString();
};

describe('doc_updates row codec', () => {
	it('stores a many-client update densely and reads the same update back', () => {
		const { update, doc } = manyClientsWindow(30);
		const row = encodeRow(update);
		expect(row.format).toBe(ROW_FORMAT_V2_DEFLATE);
		expect(row.bytes).toBe(Buffer.from(row.data, 'base64').byteLength);
		expect(row.bytes).toBeLessThan(update.byteLength / 1.5);
		const decoded = decodeRow({ id: 'r1', ...row });
		expect(textOf([decoded])).toBe(doc.getText('text').toString());
		expect(Y.encodeStateVectorFromUpdate(decoded)).toEqual(Y.encodeStateVector(doc));
	});

	it('keeps a one-keystroke update as v1 (denser formats only add headers)', () => {
		const doc = new Y.Doc();
		let update: Uint8Array = new Uint8Array();
		doc.on('update', (u: Uint8Array) => (update = u));
		doc.getText('text').insert(0, 'a');
		const row = encodeRow(update);
		expect(row.format).toBe(ROW_FORMAT_V1);
		expect(row.bytes).toBe(update.byteLength);
		expect(decodeRow(row)).toEqual(update);
	});

	it('never stores more than the v1 update', () => {
		for (const clients of [1, 2, 3, 5, 8, 13, 40]) {
			const { update } = manyClientsWindow(clients);
			expect(encodeRow(update).bytes).toBeLessThanOrEqual(update.byteLength);
		}
	});

	it('reads rows written before the format field (v1 base64, format empty or absent)', () => {
		const { update, doc } = manyClientsWindow(3);
		const legacy = Buffer.from(update).toString('base64');
		for (const row of [{ data: legacy }, { data: legacy, format: '' }]) {
			expect(textOf([decodeRow(row)])).toBe(doc.getText('text').toString());
		}
	});

	it('reads a plain v2 row', () => {
		const { update, doc } = manyClientsWindow(4);
		const v2 = Buffer.from(Y.convertUpdateFormatV1ToV2(update)).toString('base64');
		expect(textOf([decodeRow({ data: v2, format: ROW_FORMAT_V2 })])).toBe(
			doc.getText('text').toString()
		);
	});

	it('merges old v1 rows and new dense rows into one state', () => {
		const doc = new Y.Doc();
		const rows: { data: string; format?: string }[] = [];
		doc.on('update', (update: Uint8Array) => {
			rows.push(
				rows.length % 2 === 0 ? { data: Buffer.from(update).toString('base64') } : encodeRow(update)
			);
		});
		for (let i = 0; i < 20; i++) doc.getText('text').insert(0, `ligne ${i} `);
		expect(textOf([mergeRows(rows)])).toBe(doc.getText('text').toString());
		expect(textOf([mergeRows([])])).toBe('');
	});

	it('stores a large update (a snapshot) as v1, deflated when smaller, never as v2', () => {
		const doc = new Y.Doc();
		const text = doc.getText('text');
		// Inserted at the start: one struct each, like the history of a long-edited protocol.
		for (let i = 0; i < 8000; i++) text.insert(0, `mot${i % 97} `);
		const snapshot = Y.encodeStateAsUpdate(doc);
		expect(snapshot.byteLength).toBeGreaterThan(64 * 1024);
		const row = encodeRow(snapshot);
		expect(row.format).toBe(ROW_FORMAT_V1_DEFLATE);
		expect(row.bytes).toBeLessThan(snapshot.byteLength);
		expect(decodeRow({ id: 'snapshot', ...row })).toEqual(snapshot);
		expect(decodeRow({ id: 'snapshot', ...row }, { validate: false })).toEqual(snapshot);
	});

	it('names the row and the reason when a row is corrupt, instead of crashing', () => {
		const { update } = manyClientsWindow(10);
		const dense = encodeRow(update);
		const bytes = Buffer.from(dense.data, 'base64');
		const truncated = bytes.subarray(0, Math.floor(bytes.byteLength / 2)).toString('base64');
		const garbageV2 = deflateRawSync(Buffer.from('not a yjs update at all')).toString('base64');
		const cases: { id: string; data: unknown; format?: unknown }[] = [
			{ id: 'truncated', data: truncated, format: ROW_FORMAT_V2_DEFLATE },
			{
				id: 'not-deflate',
				data: Buffer.from([0xff, 0xfe, 0x00]).toString('base64'),
				format: ROW_FORMAT_V2_DEFLATE
			},
			{ id: 'garbage-v2', data: garbageV2, format: ROW_FORMAT_V2_DEFLATE },
			{ id: 'garbage-v1', data: Buffer.from([0xff, 0xff, 0xff, 0xff, 0x0f]).toString('base64') },
			{
				id: 'garbage-v1-deflate',
				data: deflateRawSync(Buffer.from([0xff, 0xff, 0xff, 0xff, 0x0f])).toString('base64'),
				format: ROW_FORMAT_V1_DEFLATE
			},
			{ id: 'empty', data: '' },
			{ id: 'no-data', data: null },
			{ id: 'future', data: dense.data, format: 'v9' }
		];
		for (const row of cases) {
			let thrown: unknown;
			try {
				decodeRow(row);
			} catch (error) {
				thrown = error;
			}
			expect(thrown, row.id).toBeInstanceOf(RowDecodeError);
			expect((thrown as RowDecodeError).rowId).toBe(row.id);
			expect((thrown as Error).message).toContain(`doc_updates row ${row.id} is unreadable`);
		}
	});
});
