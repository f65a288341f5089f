/**
 * Where the Trame server's time goes per typing run (issue 13, SUG): a CPU profile of the server
 * (the bench's `cpu-profile.mjs` preload) cut into the typing runs found in its hop trace
 * (`BENCH_HOP_TRACE`), each run's busy time sorted into the steps of a keystroke's way through the
 * server. Both files from one bench run:
 *
 *   npm run bench -- --only SUG --servers trame --editors 50 --trame-env \
 *     "NODE_OPTIONS=--import ./bench/lib/cpu-profile.mjs,BENCH_PROFILE_FILE=/tmp/s.cpuprofile,BENCH_HOP_TRACE=/tmp/h.jsonl"
 *   npx tsx bench/profile-split.ts /tmp/s.cpuprofile /tmp/h.jsonl [--min-keys 500]
 *
 * Runs are the trace's bursts of keystrokes (gaps of 3 s or more between them; fewer than 10
 * keystrokes, a prepared room's setup write, is not a run), in order; SUG
 * alternates normal and suggestion runs (its warm-up too), so odd runs are normal mode and even
 * ones suggestion mode. Runs with fewer than `--min-keys` keystrokes (the warm-up) are listed,
 * not summed.
 */
import { readFileSync } from 'node:fs';

interface ProfileNode {
	id: number;
	callFrame: { functionName: string; url: string };
	children?: number[];
}
interface Profile {
	nodes: ProfileNode[];
	startTime: number;
	samples: number[];
	timeDeltas: number[];
	startEpochMs: number;
}

const [profileFile, traceFile] = process.argv.slice(2);
if (!profileFile || !traceFile) {
	console.error('usage: npx tsx bench/profile-split.ts <server.cpuprofile> <hops.jsonl>');
	process.exit(1);
}
const minKeysAt = process.argv.indexOf('--min-keys');
const minKeys = minKeysAt > 0 ? Number(process.argv[minKeysAt + 1]) : 500;

const profile = JSON.parse(readFileSync(profileFile, 'utf8')) as Profile;
const lines = readFileSync(traceFile, 'utf8')
	.split('\n')
	.filter((l) => l.trim() !== '')
	.map((l) => JSON.parse(l) as Record<string, number>);

// Keystrokes read by the server (not presence, not relayed).
const reads = lines
	.filter((l) => l.p === undefined && l.r !== undefined)
	.map((l) => l.r!)
	.sort((a, b) => a - b);
const runs: { from: number; to: number; keys: number }[] = [];
for (const at of reads) {
	const last = runs.at(-1);
	if (last && at - last.to < 3000) {
		last.to = at;
		last.keys++;
	} else runs.push({ from: at, to: at, keys: 1 });
}
// A prepared room's one setup write between two runs is not a run.
runs.splice(0, runs.length, ...runs.filter((r) => r.keys >= 10));

/** The step of a keystroke's way a sample belongs to, from its stack (root first). */
function category(stack: ProfileNode['callFrame'][]): string {
	const leaf = stack.at(-1)!.functionName;
	if (leaf === '(idle)') return 'idle';
	if (leaf === '(garbage collector)') return 'GC';
	if (leaf === '(program)') return '(program)';
	const has = (name: string) => stack.some((f) => f.functionName === name);
	const inFile = (part: string) => stack.some((f) => f.url.includes(part));
	const cleanup = has('cleanupYTextAfterTransaction');
	const applying = has('applyUpdate') || has('applyUpdateV2') || has('readUpdateV2');
	if (has('fastAccepts')) {
		if (has('readBlocks')) return 'check: block reads + compare';
		if (has('touchedBlocks')) return 'check: touched blocks';
		if (applying) return cleanup ? 'shadow apply: format clean-up' : 'shadow apply';
		return 'check: other';
	}
	if (has('suggestionViolation')) return 'check: whole document';
	if (has('follow')) return 'shadow follow (skip test)';
	if (has('inspectUpdate')) return 'decode (inspectUpdate)';
	if (has('applyClientUpdate')) {
		if (has('onUpdate')) return 'live: storage queue + outbox';
		if (has('claims') || has('commit')) return 'live: authors';
		if (applying) return cleanup ? 'live apply: format clean-up' : 'live apply';
		return 'live: other';
	}
	if (has('flushDocumentUpdates')) {
		if (has('mergeUpdates')) return 'fan-out: merge';
		if (has('encodeSyncUpdate')) return 'fan-out: encode';
		return 'fan-out: send';
	}
	if (has('flushAwareness') || inFile('awareness')) return 'presence';
	if (inFile('hop-trace')) return 'hop trace';
	if (inFile('persistence') || inFile('write-grid') || inFile('pocketbase')) return 'storage';
	if (has('onDocumentUpdate') || has('onMessage') || inFile('connection.ts')) return 'message read';
	if (inFile('/ws/')) return 'ws frames';
	if (inFile('node:') || stack.every((f) => f.url === '')) return 'node internals';
	return 'other';
}

const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const parent = new Map<number, number>();
for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
const categoryOf = new Map<number, string>();
function categoryFor(id: number): string {
	let known = categoryOf.get(id);
	if (known !== undefined) return known;
	const stack: ProfileNode['callFrame'][] = [];
	for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
		stack.unshift(byId.get(at)!.callFrame);
	}
	known = category(stack);
	categoryOf.set(id, known);
	return known;
}

type Tally = Map<string, number>;
const tallies = runs.map(() => new Map() as Tally);
let t = profile.startTime;
for (let i = 0; i < profile.samples.length; i++) {
	t += profile.timeDeltas[i]!;
	const epoch = profile.startEpochMs + (t - profile.startTime) / 1000;
	const run = runs.findIndex((r) => epoch >= r.from && epoch <= r.to + 50);
	if (run < 0) continue;
	// A sample stands for the time since the previous one.
	const cat = categoryFor(profile.samples[i]!);
	const tally = tallies[run]!;
	tally.set(cat, (tally.get(cat) ?? 0) + profile.timeDeltas[i]! / 1000);
}

const fmt = (n: number, d = 1) => n.toFixed(d);
const mode = (i: number) => (i % 2 === 0 ? 'normal' : 'suggestion');
for (const [i, run] of runs.entries()) {
	const tally = tallies[i]!;
	const wall = run.to - run.from;
	const busy = [...tally].reduce((s, [k, v]) => (k === 'idle' ? s : s + v), 0);
	console.log(
		`run ${i + 1} (${mode(i)}): ${run.keys} keystrokes over ${fmt(wall / 1000, 2)} s, busy ${fmt(busy)} ms ` +
			`(${fmt((100 * busy) / wall)} %), ${fmt((1000 * busy) / run.keys)} µs per keystroke` +
			(run.keys < minKeys ? ' — not summed' : '')
	);
}

const summed = (which: 'normal' | 'suggestion') => {
	const total: Tally = new Map();
	let keys = 0;
	let wall = 0;
	for (const [i, run] of runs.entries()) {
		if (mode(i) !== which || run.keys < minKeys) continue;
		keys += run.keys;
		wall += run.to - run.from;
		for (const [k, v] of tallies[i]!) total.set(k, (total.get(k) ?? 0) + v);
	}
	return { total, keys, wall };
};
const normal = summed('normal');
const suggest = summed('suggestion');
const cats = [...new Set([...normal.total.keys(), ...suggest.total.keys()])].sort(
	(a, b) => (suggest.total.get(b) ?? 0) - (suggest.total.get(a) ?? 0)
);
const per = (s: ReturnType<typeof summed>, k: string) =>
	s.keys > 0 ? (1000 * (s.total.get(k) ?? 0)) / s.keys : 0;
console.log(
	`\nµs per keystroke (normal ${normal.keys} keystrokes, suggestion ${suggest.keys}; ` +
		`samples every ~${fmt(profile.timeDeltas.reduce((a, b) => a + b, 0) / profile.samples.length, 0)} µs)`
);
console.log('| step | normal | suggestion | difference |');
console.log('| --- | ---: | ---: | ---: |');
let busyN = 0;
let busyS = 0;
for (const k of cats) {
	const n = per(normal, k);
	const s = per(suggest, k);
	if (k !== 'idle') {
		busyN += n;
		busyS += s;
	}
	console.log(`| ${k} | ${fmt(n)} | ${fmt(s)} | ${fmt(s - n)} |`);
}
console.log(`| **busy (all but idle)** | ${fmt(busyN)} | ${fmt(busyS)} | ${fmt(busyS - busyN)} |`);
const util = (s: ReturnType<typeof summed>, busy: number) =>
	s.wall > 0 ? fmt((100 * busy * s.keys) / 1000 / s.wall) : '–';
console.log(
	`| busy share of the runs' wall time (%) | ${util(normal, busyN)} | ${util(suggest, busyS)} | |`
);
