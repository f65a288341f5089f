/**
 * Micro-benchmark of the `doc_updates` row codec (server/storage/update-codec.ts): sizes and CPU
 * time of the rows the persistence queue writes under S2-like load (N editors typing 5 chars/s,
 * one row per 100 ms window) and of a compaction snapshot of a ~1 MB protocol.
 *
 *   npx tsx bench/update-codec.ts [editors=50] [seconds=10]
 */
import { deflateRawSync } from 'node:zlib';
import * as Y from 'yjs';
import { decodeRow, encodeRow } from '../server/storage/update-codec';
import { addSection, buildLargeDocument, typeChar } from './lib/tiptap-doc';

const editors = Number(process.argv[2] ?? 50);
const seconds = Number(process.argv[3] ?? 10);

function time<T>(fn: () => T, repeat = 1): { value: T; ms: number } {
	let value!: T;
	const start = performance.now();
	for (let i = 0; i < repeat; i++) value = fn();
	return { value, ms: (performance.now() - start) / repeat };
}

// S2-like rows: every editor types into its own paragraph; the server merges a window's updates.
const server = new Y.Doc();
const clients = Array.from({ length: editors }, (_, i) => {
	const doc = new Y.Doc();
	Y.applyUpdate(doc, Y.encodeStateAsUpdate(server));
	let text!: Y.XmlText;
	doc.transact(() => (text = addSection(doc, `Éditeur ${i}`)));
	Y.applyUpdate(server, Y.encodeStateAsUpdate(doc));
	return { doc, text };
});
const rows: Uint8Array[] = [];
let window: Uint8Array[] = [];
server.on('update', (update: Uint8Array) => window.push(update));
const windows = seconds * 10; // 100 ms each
for (let w = 0; w < windows; w++) {
	// 5 chars/s each = one keystroke every other window per editor, staggered.
	for (let i = 0; i < editors; i++) {
		if ((w + i) % 2 !== 0) continue;
		const { doc, text } = clients[i]!;
		const before = Y.encodeStateVector(doc);
		typeChar(text, w);
		Y.applyUpdate(server, Y.encodeStateAsUpdate(doc, before));
	}
	if (window.length > 0) rows.push(Y.mergeUpdates(window));
	window = [];
}
const finalSize = Y.encodeStateAsUpdate(server).byteLength;

let v1 = 0;
let v2 = 0;
let stored = 0;
let encodeMs = 0;
let decodeMs = 0;
const level1 = { bytes: 0, ms: 0 };
for (const row of rows) {
	v1 += row.byteLength;
	v2 += Y.convertUpdateFormatV1ToV2(row).byteLength;
	const encoded = time(() => encodeRow(row), 20);
	encodeMs += encoded.ms;
	stored += encoded.value.bytes;
	const fast = time(() => deflateRawSync(Y.convertUpdateFormatV1ToV2(row), { level: 1 }), 20);
	level1.bytes += fast.value.byteLength;
	level1.ms += fast.ms;
	decodeMs += time(
		() => decodeRow({ data: encoded.value.data, format: encoded.value.format }),
		20
	).ms;
}
const merge = time(() => {
	for (let i = 0; i < rows.length; i++) Y.mergeUpdates([rows[i]!, rows[i]!]);
}).ms;
const f = (n: number, d = 2) => n.toFixed(d);
console.log(
	`S2-like: ${editors} editors, ${rows.length} rows (100 ms windows), final ${finalSize} B`
);
console.log(
	`  written / final size: v1 ${f(v1 / finalSize)}×, v2 ${f(v2 / finalSize)}×, ` +
		`stored (codec) ${f(stored / finalSize)}×, v2+deflate level 1 ${f(level1.bytes / finalSize)}×`
);
console.log(
	`  per row: v1 ${f(v1 / rows.length, 0)} B → stored ${f(stored / rows.length, 0)} B; ` +
		`encode ${f((encodeMs / rows.length) * 1000, 0)} µs (level 1: ${f((level1.ms / rows.length) * 1000, 0)} µs), ` +
		`decode ${f((decodeMs / rows.length) * 1000, 0)} µs; for scale, one Y.mergeUpdates of the row ${f((merge / rows.length) * 1000, 0)} µs`
);

// A compaction snapshot and a cold load of a ~1 MB protocol.
const snapshot = buildLargeDocument(1_000_000);
const encoded = time(() => encodeRow(snapshot), 5);
const decoded = time(
	() => decodeRow({ data: encoded.value.data, format: encoded.value.format }),
	5
);
const legacy = time(() => decodeRow({ data: Buffer.from(snapshot).toString('base64') }), 5);
const apply = time(() => Y.applyUpdate(new Y.Doc(), snapshot), 5);
console.log(
	`1 MB snapshot: v1 ${snapshot.byteLength} B → stored ${encoded.value.bytes} B (${encoded.value.format}, ` +
		`${f(snapshot.byteLength / encoded.value.bytes)}× smaller); encode ${f(encoded.ms, 1)} ms, ` +
		`decode ${f(decoded.ms, 1)} ms, legacy v1 row decode ${f(legacy.ms, 1)} ms; for scale, Y.applyUpdate ${f(apply.ms, 1)} ms`
);
