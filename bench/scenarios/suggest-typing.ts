/**
 * SUG: suggestion mode vs normal mode (issue 13's budget: keystroke → peer p99 in suggestion mode
 * within 1.2× of normal mode). N people type 5 chars/s each in one document, once as editors typing
 * plain text and once as people who may only comment, every keystroke carrying its author's
 * insertion mark as the real editor writes it (y-tiptap's hashed attribute key) — so the server
 * checks each of their updates (server/collab/suggestion-guard.ts: the touched block read before
 * and after, on a shadow copy). Both runs are on the same Trame server, one after the other in the
 * same bench run, so the machine's other load falls on both alike; the ratio is the figure.
 *
 * The two runs differ in the mode only: each types into a room an editor prepared the same way
 * (N sections; people who may only suggest cannot add blocks), and each starts on a settled
 * server. An idle room is settled by the server a few seconds after its last client left (store
 * flush, compaction, search text, change log; then kept as bytes): the bench waits for that, for
 * the prepared room and for the previous run's room, so that this work never falls inside one
 * run's measurement and not the other's (it used to fall inside the suggestion run only).
 */
import * as sha256 from 'lib0/hash/sha256';
import * as buffer from 'lib0/buffer';
import type { TestPocketBase } from '../../tests/support/pocketbase';
import { INSERT_MARK, type SuggestionAttrs } from '../../src/lib/editor/suggestions/marks';
import { connectLoadClient, type Target } from '../lib/clients';
import { BENCH_PASSWORD, benchUserToken, type Rooms } from '../lib/fixture';
import type { RunningServer } from '../lib/servers';
import { addSection } from '../lib/tiptap-doc';
import { typistFor, type TypistSpec } from '../lib/typists';
import { round, sleep, summarize } from '../lib/stats';
import { deliveryTimes, runTyping, type TypingResult } from './typing';

/** A member of the bench's experiment, signed in. */
export interface Member {
	id: string;
	name: string;
	token: string;
}

/** Who types: N distinct editors in normal mode, N distinct partners in suggestion mode. */
export interface SuggestTeam {
	editors: readonly Member[];
	suggesters: readonly Member[];
}

/**
 * Everyone types this long before each run's measurement starts, in both modes (see
 * `runTyping`'s lead-in): the verdict is about the keystrokes of people already typing, not
 * about the instant N clients that just connected all start at once.
 */
export const SUG_LEAD_IN_MS = 2000;

/** One normal run and the suggestion run right after it, at one size. */
export interface SuggestPair {
	normal: TypingResult;
	suggest: TypingResult;
	/** With `control`: a second normal run right after (the method's noise floor). */
	control?: TypingResult;
	/** suggest p99 / normal p99 (keystroke → applied on every other client, as measured so far). */
	ratioP99: number | null;
	/** The same with each delivery's wait for other simulated clients' Yjs work left out. */
	ratioP99Own: number | null;
}

/** p99 over every delivery of every pair's run of one kind (alternated runs, pooled). */
export interface PooledP99 {
	normalP99: number;
	suggestP99: number;
	/** suggestP99 / normalP99: the verdict since 2026-12-06 (see `runSuggestTyping`). */
	ratioP99: number | null;
	/** With `control`: the second normal runs' p99, and its ratio to the first ones'. */
	controlP99?: number;
	controlRatioP99?: number | null;
	deliveries: { normal: number; suggest: number };
}

export interface SuggestTypingResult {
	editors: number;
	/** Typed before each run's measurement (SUG_LEAD_IN_MS; absent before 2026-12-06: 0). */
	leadInMs?: number;
	/** The verdict: p99 of all suggestion-mode deliveries over p99 of all normal-mode ones. */
	pooled: PooledP99;
	/** The pair whose ratio is the median (its runs, for the report's absolute figures). */
	normal: TypingResult;
	suggest: TypingResult;
	/** Median over the pairs of suggest p99 / normal p99 (the verdict until 2026-12-06). */
	ratioP99: number | null;
	/** Median over the pairs of the same ratio, one browser's view (bench/lib/latency.ts). */
	ratioP99Own: number | null;
	pairs: SuggestPair[];
	/** How the browsers were simulated. */
	generator: SuggestGenerator;
	/**
	 * The method until 2026-12-06 (all N browsers observe, in one thread), its pairs alternated
	 * with the verdict's: printed next to it, not a verdict.
	 */
	baseline?: { ratioP99: number | null; ratioP99Own: number | null; pairs: SuggestPair[] };
}

/** `count` editors (evaluator role) and `count` partners (comment role), signed in. */
export async function makeSuggestTeam(
	pb: TestPocketBase,
	experimentId: string,
	count: number,
	tag: string
): Promise<SuggestTeam> {
	const make = async (kind: 'editor' | 'partner', i: number): Promise<Member> => {
		const email = `sug-${kind}${i}.${tag}@bench.test`;
		const name = kind === 'editor' ? `Rédactrice ${i}` : `Partenaire ${i}`;
		const user = await pb.createUser({ email, password: BENCH_PASSWORD, name });
		await pb.addMember(experimentId, user.id, kind === 'editor' ? 'evaluator' : 'partner');
		return { id: user.id, name, token: await benchUserToken(pb, user.id) };
	};
	const editors: Member[] = [];
	const suggesters: Member[] = [];
	for (let i = 0; i < count; i++) {
		editors.push(await make('editor', i));
		suggesters.push(await make('partner', i));
	}
	return { editors, suggesters };
}

/**
 * The Yjs attribute key y-tiptap gives a mark that excludes nothing (our suggestion marks):
 * `<name>--<hash of the mark's JSON>` (y-tiptap's `marksToAttributes`, same lib0 functions).
 */
export function yAttributeKey(name: string, attrs: SuggestionAttrs): string {
	// ProseMirror's Mark.toJSON(): { type, attrs } with the attributes in their spec order.
	const json = {
		type: name,
		attrs: { id: attrs.id, author: attrs.author, authorName: attrs.authorName, time: attrs.time }
	};
	const digest = sha256.digest(buffer.encodeAny(json));
	for (let i = 6; i < digest.length; i++) digest[i % 6] = digest[i % 6]! ^ digest[i]!;
	return `${name}--${buffer.toBase64(digest.slice(0, 6))}`;
}

/** Normal mode: each editor types plain text at the end of the i-th paragraph. */
const editorSpec: TypistSpec = { kind: 'prepared-plain' };

/**
 * Suggestion mode: each suggester types at the end of the i-th paragraph, every keystroke under
 * their own insertion mark — one change per person, as the editor continues a change the caret
 * is at the end of (suggestions/track.ts reuses its attributes), so Yjs merges the keystrokes.
 */
function suggestSpec(suggesters: readonly Member[]): TypistSpec {
	const started = Date.now();
	const marks = suggesters.map((who, i) => {
		const attrs: SuggestionAttrs = {
			id: `bench${i}`,
			author: who.id,
			authorName: who.name,
			time: started
		};
		return { [yAttributeKey(INSERT_MARK, attrs)]: attrs };
	});
	return { kind: 'prepared-marked', marks };
}

/**
 * How the load generator simulates the N browsers, the same for both modes (see the README's
 * "Suggestion mode at 50 editors: where the tail is"): `observers` > 0, only that many hold the
 * others' text and are measured (the rest type and drop the broadcast); `perWorker` > 0, the
 * browsers are spread over worker threads of that many. Both 0: all N observe, in one thread
 * (the method until 2026-12-06).
 */
export interface SuggestGenerator {
	observers: number;
	perWorker: number;
}

export const ALL_IN_ONE_THREAD: SuggestGenerator = { observers: 0, perWorker: 0 };

/** How many times the server has set `room` aside as bytes (its idle work done). */
function settledCount(server: RunningServer, room: string): number {
	let count = 0;
	for (const line of server.output().split('\n')) {
		if (line.includes('"collab.document_dormant"') && line.includes(`"document":"${room}"`))
			count++;
	}
	return count;
}

/** Waits until the server settled `room` (once more than `before` times); false after 20 s. */
async function settled(server: RunningServer, room: string, before: number): Promise<boolean> {
	const deadline = performance.now() + 20_000;
	while (performance.now() < deadline) {
		if (settledCount(server, room) > before) return true;
		await sleep(100);
	}
	console.log(`  SUG: room ${room} not settled in 20 s; measuring anyway`);
	return false;
}

/** A room with `editors` sections written by an editor, settled by the server. */
async function prepareRoom(target: Target, rooms: Rooms, editors: number): Promise<string> {
	const room = await rooms.newRoom();
	const setup = connectLoadClient(target, room, 0);
	await setup.synced();
	setup.doc.transact(() => {
		for (let i = 0; i < editors; i++) addSection(setup.doc, `Contribution ${i + 1}`);
	});
	await setup.save?.(20_000);
	setup.destroy();
	await settled(target.server, room, 0);
	return room;
}

/** Types in a freshly prepared room, then waits until the server settled it again. */
async function typeInPreparedRoom(
	target: Target,
	as: Target,
	rooms: Rooms,
	editors: number,
	seconds: number,
	spec: TypistSpec,
	generator: SuggestGenerator,
	hopTraceFile?: string
): Promise<TypingResult> {
	const room = await prepareRoom(target, rooms, editors);
	const before = settledCount(target.server, room);
	const result = await runTyping(
		as,
		room,
		editors,
		seconds,
		5,
		true,
		typistFor(spec),
		hopTraceFile,
		generator.perWorker > 0 ? { spec, perWorker: generator.perWorker } : undefined,
		generator.observers,
		SUG_LEAD_IN_MS
	);
	// The room's idle work after the run must not fall in the next run.
	await settled(target.server, room, before);
	return result;
}

/** The same server, the i-th client signed in as the i-th of `people`. */
function signedInAs(target: Target, people: readonly Member[]): Target {
	return { server: target.server, token: (i) => people[i % people.length]!.token };
}

/**
 * Both modes once, briefly, unmeasured: the first suggestion on a fresh server builds the editor
 * schema and compiles the check, which the first measured run would otherwise count (once per
 * server lifetime in production, not a per-keystroke cost).
 */
export async function warmUpSuggestTyping(
	target: Target,
	rooms: Rooms,
	team: SuggestTeam,
	generator: SuggestGenerator = ALL_IN_ONE_THREAD
): Promise<void> {
	const n = Math.min(5, team.editors.length);
	const editors = signedInAs(target, team.editors);
	await typeInPreparedRoom(target, editors, rooms, n, 2, editorSpec, generator);
	const as = signedInAs(target, team.suggesters);
	await typeInPreparedRoom(target, as, rooms, n, 2, suggestSpec(team.suggesters), generator);
}

const ratio = (a: number, b: number) => (b > 0 ? round(a / b, 2) : null);

function median(values: (number | null)[]): number | null {
	const known = values.filter((v): v is number => v !== null).sort((a, b) => a - b);
	if (known.length === 0) return null;
	const mid = Math.floor(known.length / 2);
	return known.length % 2 === 1 ? known[mid]! : round((known[mid - 1]! + known[mid]!) / 2, 2);
}

/** One normal run, then one suggestion run, on the same server (the machine's load alike). */
async function runPair(
	target: Target,
	rooms: Rooms,
	team: SuggestTeam,
	editors: number,
	seconds: number,
	generator: SuggestGenerator,
	hopTraceFile?: string,
	control = false
): Promise<SuggestPair> {
	const run = (people: readonly Member[], spec: TypistSpec) =>
		typeInPreparedRoom(
			target,
			signedInAs(target, people),
			rooms,
			editors,
			seconds,
			spec,
			generator,
			hopTraceFile
		);
	const normal = await run(team.editors, editorSpec);
	const suggest = await run(team.suggesters, suggestSpec(team.suggesters));
	const second = control ? await run(team.editors, editorSpec) : undefined;
	return {
		normal,
		suggest,
		...(second ? { control: second } : {}),
		ratioP99: ratio(suggest.propagation.p99, normal.propagation.p99),
		ratioP99Own: ratio(suggest.propagationOwn.p99, normal.propagationOwn.p99)
	};
}

/** p99 of every delivery of the given runs together. */
function pooledP99(runs: TypingResult[]): { p99: number; deliveries: number } {
	const all = runs.flatMap((r) => deliveryTimes(r));
	return { p99: summarize(all).p99, deliveries: all.length };
}

/**
 * `pairs` alternated pairs (normal then suggestion). The verdict is the p99 of all the
 * suggestion runs' deliveries over the p99 of all the normal runs' (pooled). One run's p99 is
 * set by a handful of stalls (the slowest 1 % of ~37 000 deliveries at N=50 is ~1.5 s of
 * typing): two identical normal runs gave ratios from 0.53 to 1.43 (2026-12-06), so the median
 * of three pairs' ratios (the verdict until then) could not tell 1.2× apart. Pooling takes the
 * p99 over every pair's deliveries; `control` adds a second normal run to each pair, whose
 * pooled ratio to the first ones is the method's own noise, printed next to the verdict.
 */
export async function runSuggestTyping(
	target: Target,
	rooms: Rooms,
	team: SuggestTeam,
	editors: number,
	seconds: number,
	pairs = 1,
	hopTraceFile?: string,
	onPair?: (pair: SuggestPair, index: number) => void,
	generator: SuggestGenerator = ALL_IN_ONE_THREAD,
	/** Also run this method's pairs, each right after the verdict's pair of the same index. */
	baseline?: SuggestGenerator,
	onBaselinePair?: (pair: SuggestPair, index: number) => void,
	control = false
): Promise<SuggestTypingResult> {
	const done: SuggestPair[] = [];
	const before: SuggestPair[] = [];
	for (let i = 0; i < Math.max(1, pairs); i++) {
		const pair = await runPair(
			target,
			rooms,
			team,
			editors,
			seconds,
			generator,
			hopTraceFile,
			control
		);
		onPair?.(pair, i);
		done.push(pair);
		if (baseline) {
			const old = await runPair(target, rooms, team, editors, seconds, baseline, hopTraceFile);
			onBaselinePair?.(old, i);
			before.push(old);
		}
	}
	const ratioP99 = median(done.map((p) => p.ratioP99));
	const middle =
		done.find((p) => p.ratioP99 === ratioP99) ??
		[...done].sort((a, b) => (a.ratioP99 ?? 0) - (b.ratioP99 ?? 0))[Math.floor(done.length / 2)]!;
	const normal = pooledP99(done.map((p) => p.normal));
	const suggest = pooledP99(done.map((p) => p.suggest));
	const controls = done.flatMap((p) => (p.control ? [p.control] : []));
	const second = controls.length > 0 ? pooledP99(controls) : null;
	return {
		editors,
		leadInMs: SUG_LEAD_IN_MS,
		pooled: {
			normalP99: normal.p99,
			suggestP99: suggest.p99,
			ratioP99: ratio(suggest.p99, normal.p99),
			...(second ? { controlP99: second.p99, controlRatioP99: ratio(second.p99, normal.p99) } : {}),
			deliveries: { normal: normal.deliveries, suggest: suggest.deliveries }
		},
		normal: middle.normal,
		suggest: middle.suggest,
		ratioP99,
		ratioP99Own: median(done.map((p) => p.ratioP99Own)),
		pairs: done,
		generator,
		...(baseline
			? {
					baseline: {
						ratioP99: median(before.map((p) => p.ratioP99)),
						ratioP99Own: median(before.map((p) => p.ratioP99Own)),
						pairs: before
					}
				}
			: {})
	};
}
