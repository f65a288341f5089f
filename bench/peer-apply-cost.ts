/**
 * What one simulated browser pays per remote keystroke, normal vs suggestion mode (issue 13, SUG):
 * the same stream as SUG types (N people, each at the end of their own paragraph; plain text, or
 * under their own insertion mark) applied to `receivers` documents as y-websocket clients apply it
 * (remote origin, an 'update' listener as the provider and the bench's probe have). Prints CPU µs,
 * heap bytes allocated and Yjs transactions per apply, per mode, alternated `rounds` times.
 * Run: `npx tsx bench/peer-apply-cost.ts [--editors 50 --keys 20 --receivers 49 --rounds 4]`.
 * `--split 1` adds a third row: normal mode with one empty transaction after each apply (what
 * Yjs's formatting clean-up of a remote change costs when it finds nothing to clean; it cannot be
 * told apart from outside but by clearing Yjs's flag, see src/lib/collab/formatting-cleanup.ts),
 * to tell that share of the gap,
 * and a fourth: normal mode typing into paragraphs that hold one bold word (Yjs runs the same
 * clean-up for any formatted text, not for suggestions only).
 */
import v8 from 'node:v8';
import * as Y from 'yjs';
import { INSERT_MARK, type SuggestionAttrs } from '../src/lib/editor/suggestions/marks';
import { addSection, FRAGMENT } from './lib/tiptap-doc';
import { yAttributeKey } from './scenarios/suggest-typing';
import { skipEmptyFormattingCleanup } from '../src/lib/collab/formatting-cleanup';

const LETTERS = 'abcdefghijklmnopqrstuvwxyz éèàç';
const arg = (name: string, fallback: number) => {
	const i = process.argv.indexOf(`--${name}`);
	return i >= 0 ? Number(process.argv[i + 1]) : fallback;
};
const editors = arg('editors', 50);
const keys = arg('keys', 20);
const receivers = arg('receivers', 49);
const rounds = arg('rounds', 4);
const split = arg('split', 0) === 1;

function record(marked: boolean, bold = false): { state: Uint8Array; stream: Uint8Array[] } {
	const setup = new Y.Doc();
	for (let i = 0; i < editors; i++) {
		const text = addSection(setup, `Contribution ${i + 1}`);
		if (bold) text.insert(0, 'Gras', { bold: {} });
	}
	const state = Y.encodeStateAsUpdate(setup);
	const people = Array.from({ length: editors }, (_, i) => {
		const doc = new Y.Doc();
		Y.applyUpdate(doc, state);
		const attrs: SuggestionAttrs = { id: `b${i}`, author: `a${i}`, authorName: `P ${i}`, time: 1 };
		const text = (doc.getXmlFragment(FRAGMENT).get(2 * i + 1) as Y.XmlElement).get(0) as Y.XmlText;
		const updates: Uint8Array[] = [];
		doc.on('update', (u: Uint8Array) => updates.push(u));
		return { text, updates, marks: { [yAttributeKey(INSERT_MARK, attrs)]: attrs } };
	});
	const stream: Uint8Array[] = [];
	for (let n = 0; n < keys; n++) {
		for (const p of people) {
			const ch = LETTERS[n % LETTERS.length]!;
			if (marked) p.text.insert(p.text.length, ch, { ...p.marks });
			else p.text.insert(p.text.length, ch);
			stream.push(p.updates.shift()!);
		}
	}
	return { state, stream };
}

function allocatedDuring(run: () => void): number {
	const profiler = new v8.GCProfiler();
	const start = v8.getHeapStatistics().used_heap_size;
	profiler.start();
	run();
	const end = v8.getHeapStatistics().used_heap_size;
	const stats = profiler.stop()?.statistics ?? [];
	let allocated = 0;
	let last = start;
	for (const s of stats) {
		allocated += Math.max(0, s.beforeGC.heapStatistics.usedHeapSize - last);
		last = s.afterGC.heapStatistics.usedHeapSize;
	}
	return allocated + Math.max(0, end - last);
}

function measure(marked: boolean, emptyAfter = false, bold = false, skip = false) {
	const { state, stream } = record(marked, bold);
	const docs = Array.from({ length: receivers }, () => {
		const doc = new Y.Doc();
		if (skip) skipEmptyFormattingCleanup(doc);
		Y.applyUpdate(doc, state);
		doc.on('update', () => {});
		return doc;
	});
	let transactions = 0;
	for (const d of docs) d.on('afterTransaction', () => transactions++);
	const origin = {};
	let cpu = 0;
	const bytes = allocatedDuring(() => {
		const t0 = process.cpuUsage();
		for (const u of stream) {
			for (const d of docs) {
				Y.applyUpdate(d, u, origin);
				if (emptyAfter) Y.transact(d, () => {});
			}
		}
		const t = process.cpuUsage(t0);
		cpu = t.user + t.system;
	});
	const applies = stream.length * docs.length;
	for (const d of docs) d.destroy();
	return {
		us: (cpu / applies).toFixed(2),
		bytes: Math.round(bytes / applies),
		tx: (transactions / applies).toFixed(2),
		updateBytes: Math.round(stream.reduce((s, u) => s + u.byteLength, 0) / stream.length)
	};
}

for (let r = 0; r < rounds; r++) {
	const rows: [boolean, boolean, boolean, boolean][] = [
		[false, false, false, false],
		[true, false, false, false],
		[true, false, false, true]
	];
	if (split) rows.push([false, true, false, false], [false, false, true, false]);
	for (const [marked, emptyAfter, bold, skip] of rows) {
		const m = measure(marked, emptyAfter, bold, skip);
		const mode = marked
			? skip
				? 'suggestion, empty clean-up skipped (as browsers do since 2026-12-06)'
				: 'suggestion, Yjs alone'
			: emptyAfter
				? 'normal + 1 empty transaction'
				: bold
					? 'normal, a bold word in each paragraph'
					: 'normal    ';
		console.log(
			`round ${r + 1} ${mode}: ${m.us} µs CPU, ${m.bytes} B allocated, ${m.tx} transactions per apply (update ${m.updateBytes} B)`
		);
	}
}
