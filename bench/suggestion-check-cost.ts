/**
 * In-process cost of the suggestion check per suggested keystroke (issue 13, SUG at 50 editors):
 * one recorded stream of suggestion-mode keystrokes (N people, each at the end of their own
 * paragraph under their own insertion mark, as bench/scenarios/suggest-typing.ts types) applied
 * to a live document as the server does, once alone and once behind the check
 * (server/collab/suggestion-guard.ts). Each update is decoded as the server does
 * (`inspectUpdate`, one decoding shared by the check and the live document since 2026-12-06; an
 * older check ignores the argument and decodes again). The shadow's build, done when the first
 * commenter connects since 2026-12-06, is timed apart ("connect"). "normal mode": the same people's
 * keystrokes as plain text, decoded and applied the same way (what an editor's keystroke costs). Run: `npx tsx bench/suggestion-check-cost.ts [--editors 50]
 * [--keys 40]` (keys per person); add `node --cpu-prof --import tsx` to profile.
 */
import * as Y from 'yjs';
import { INSERT_MARK, type SuggestionAttrs } from '../src/lib/editor/suggestions/marks';
import { suggestionGuard } from '../server/collab/suggestion-guard';
import { inspectUpdate } from '../server/collab/update-check';
import { skipEmptyFormattingCleanup } from '../src/lib/collab/formatting-cleanup';
import { addSection, FRAGMENT } from './lib/tiptap-doc';
import { yAttributeKey } from './scenarios/suggest-typing';

const LETTERS = 'abcdefghijklmnopqrstuvwxyz éèàç';

function arg(name: string, fallback: number): number {
	const i = process.argv.indexOf(`--${name}`);
	return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}

const editors = arg('editors', 50);
const keys = arg('keys', 40);
const rounds = arg('rounds', 5);

/** The prepared room (N sections) and the stream of keystroke updates with their authors. */
function record(marked = true): {
	state: Uint8Array;
	stream: { update: Uint8Array; author: string }[];
} {
	const setup = new Y.Doc();
	for (let i = 0; i < editors; i++) addSection(setup, `Contribution ${i + 1}`);
	const state = Y.encodeStateAsUpdate(setup);
	const people = Array.from({ length: editors }, (_, i) => {
		const doc = new Y.Doc();
		Y.applyUpdate(doc, state);
		const author = `author${i}`;
		const attrs: SuggestionAttrs = { id: `bench${i}`, author, authorName: `P ${i}`, time: 1 };
		const paragraph = doc.getXmlFragment(FRAGMENT).get(2 * i + 1) as Y.XmlElement;
		const text = paragraph.get(0) as Y.XmlText;
		const updates: Uint8Array[] = [];
		doc.on('update', (u: Uint8Array) => updates.push(u));
		return { author, text, updates, marks: { [yAttributeKey(INSERT_MARK, attrs)]: attrs } };
	});
	const stream: { update: Uint8Array; author: string }[] = [];
	for (let n = 0; n < keys; n++) {
		for (const p of people) {
			if (marked) p.text.insert(p.text.length, LETTERS[n % LETTERS.length]!, { ...p.marks });
			else p.text.insert(p.text.length, LETTERS[n % LETTERS.length]!);
			stream.push({ update: p.updates.shift()!, author: p.author });
		}
	}
	return { state, stream };
}

/** The live document as the server loads it (stored rows in one local transaction). */
function load(state: Uint8Array): Y.Doc {
	const live = new Y.Doc();
	skipEmptyFormattingCleanup(live); // as document.ts does since 2026-12-06
	Y.transact(live, () => Y.applyUpdate(live, state, 'load'), 'load');
	// The server always listens (broadcast): Yjs encodes each transaction's update either way.
	live.on('update', () => {});
	return live;
}

const { state, stream } = record();
/** Normal mode's stream: the same people typing the same letters as plain text. */
const plain = record(false);

/** This thread's CPU time in ms: steadier than wall time on a shared machine. */
function cpuMs(): number {
	const { user, system } = process.cpuUsage();
	return (user + system) / 1000;
}

function runLive(normal = false): number {
	const live = load(normal ? plain.state : state);
	const t = cpuMs();
	for (const { update } of normal ? plain.stream : stream) {
		inspectUpdate(update); // the live document's own checks (document.ts applyClientUpdate)
		Y.applyUpdate(live, update, 'peer');
	}
	const ms = cpuMs() - t;
	live.destroy();
	return ms;
}

function runChecked(): {
	ms: number;
	afterRelayMs: number;
	connectMs: number;
	firstMs: number;
	fast: number;
	full: number;
	rebuilds: number;
	continued: number;
} {
	const live = load(state);
	const guard = suggestionGuard(live);
	const c = cpuMs();
	guard.retain(); // a commenter's socket is admitted
	const connectMs = cpuMs() - c;
	const start = cpuMs();
	let firstMs = 0;
	/** The shadow's catch-up, which the server runs after the relay (off the keystroke's way). */
	let afterRelayMs = 0;
	for (const [i, { update, author }] of stream.entries()) {
		const inspection = inspectUpdate(update);
		if (guard.check(update, author, inspection) !== null) throw new Error('refused a suggestion');
		Y.applyUpdate(live, update, 'peer');
		const relayed = cpuMs();
		guard.catchUp();
		const caughtUp = cpuMs();
		afterRelayMs += caughtUp - relayed;
		// Each person's first keystroke: the shadow is built, each block is read twice.
		if (i === editors - 1) firstMs = caughtUp - start - afterRelayMs;
	}
	const ms = cpuMs() - start - afterRelayMs;
	const { fast, full, rebuilds, continued } = guard.counters;
	guard.release();
	live.destroy();
	return { ms, afterRelayMs, connectMs, firstMs, fast, full, rebuilds, continued };
}

const perKey = (ms: number) => (ms / stream.length).toFixed(4);
// The first round is the process's first check: module and schema set-up included.
for (let r = 0; r < rounds; r++) {
	const normal = runLive(true);
	const live = runLive();
	const checked = runChecked();
	console.log(
		`round ${r + 1} (CPU ms): ${stream.length} keystrokes, ${editors} people — normal mode (plain text) ${perKey(normal)} ms/key, ` +
			`suggestions: live alone ${perKey(live)} ms/key, ` +
			`live + check ${perKey(checked.ms)} ms/key (check ≈ ${perKey(checked.ms - live)}), ` +
			`then after the relay ${perKey(checked.afterRelayMs)} ms/key; ` +
			`connect ${checked.connectMs.toFixed(2)} ms; ` +
			`first ${editors} keystrokes ${(checked.firstMs / editors).toFixed(4)} ms/key; ` +
			`fast ${checked.fast} (of which ${checked.continued} continued an own insertion unread), full ${checked.full}, rebuilds ${checked.rebuilds}`
	);
}

/**
 * `--fanout 1`: the broadcast's encoding per keystroke when a tick carries k authors' keystrokes
 * (document.ts `sendToPeers`: one merge for the peers that sent nothing, and one per author of
 * everything but their own), both streams, CPU time.
 */
if (arg('fanout', 0) === 1) {
	for (const k of [1, 2, 5, 10, 20]) {
		const cost = (updates: { update: Uint8Array }[]) =>
			Math.min(...[0, 1, 2, 3, 4].map(() => costOnce(updates)));
		const costOnce = (updates: { update: Uint8Array }[]) => {
			const t = cpuMs();
			let ticks = 0;
			for (let at = 0; at + k <= updates.length; at += k, ticks++) {
				const batch = updates.slice(at, at + k).map((u) => u.update);
				const merge = (items: Uint8Array[]) =>
					items.length === 1 ? items[0]! : Y.mergeUpdates(items);
				merge(batch);
				for (let own = 0; own < k; own++) {
					const others = batch.filter((_, i) => i !== own);
					if (others.length > 0) merge(others);
				}
			}
			return (cpuMs() - t) / (ticks * k);
		};
		cost(plain.stream); // warm
		console.log(
			`fan-out, ticks of ${k} authors: normal ${cost(plain.stream).toFixed(4)} ms/key, ` +
				`suggestion ${cost(stream).toFixed(4)} ms/key`
		);
	}
}
