/**
 * Where a keystroke's time goes between its sender and each peer: the bench's deliveries
 * (sent, peer began applying, peer applied; LatencyProbe `detailed`) joined with the server's
 * trace of the same updates (read, applied, broadcast; server/collab/hop-trace.ts). All times
 * are epoch ms from the same machine's clock.
 */
import { existsSync, readFileSync } from 'node:fs';
import type { Delivery } from './latency';
import { round, summarize, type Summary } from './stats';

export const HOPS = ['toServer', 'serverApply', 'toTick', 'send', 'toPeer', 'peerApply'] as const;
export type Hop = (typeof HOPS)[number];

export interface HopSplit {
	/** Deliveries whose update the server trace holds. */
	joined: number;
	deliveries: number;
	/** Per hop: sender → server read, read → applied (check included), → the tick's flush began, → handed to every peer's socket, → peer began applying, → applied. */
	hops: Record<Hop, Summary>;
	/** Mean of each hop over the deliveries at or above the total's p99 (where the tail sits). */
	tail: Record<Hop, number> & { total: number; count: number };
	/** Seconds from the first send at which the tail deliveries' keystrokes were sent (deduplicated, 0.1 s). */
	tailAt: number[];
	/**
	 * Suggestion mode (the trace has `q`): the server's suggestion checks per tick (sum of read →
	 * checked over the updates a tick carried), and the p99 with each delivery's tick made that
	 * much earlier — a first-order estimate of what the check adds at the p99 (a tick's checks
	 * all run before it sends; a backlog's knock-on delay on later ticks is not removed).
	 */
	check?: { perTick: Summary; p99: number; p99Without: number };
}

interface ServerHop {
	r: number;
	a: number;
	/** The tick's flush began (absent from older traces: then `send` is 0). */
	f?: number;
	/** A comment-role update: its suggestion check ended. */
	q?: number;
	b: number;
}

/** Document updates' lines, or presence's (`p`, keyed by awareness client id and clock). */
export function readServerTrace(
	file: string,
	kind: 'update' | 'presence' = 'update'
): Map<string, ServerHop> {
	const out = new Map<string, ServerHop>();
	if (!existsSync(file)) return out;
	for (const line of readFileSync(file, 'utf8').split('\n')) {
		if (line === '') continue;
		const row = JSON.parse(line) as { c: number; k: number; p?: number } & ServerHop;
		// A cluster's trace also holds relayed updates and event-loop lines (see readClusterTrace).
		if (row.r === undefined || (row.p === 1) !== (kind === 'presence')) continue;
		// The first line wins: a presence id's removal at disconnect is sent again with its last clock.
		const key = `${row.c}:${row.k}`;
		if (!out.has(key)) out.set(key, { r: row.r, a: row.a, f: row.f, q: row.q, b: row.b });
	}
	return out;
}

export function splitHops(
	deliveries: readonly Delivery[],
	trace: Map<string, ServerHop>
): HopSplit {
	// Per tick (its send time), the time its updates spent in the suggestion check.
	const checkPerTick = new Map<number, number>();
	for (const hop of trace.values()) {
		if (hop.q !== undefined)
			checkPerTick.set(hop.b, (checkPerTick.get(hop.b) ?? 0) + hop.q - hop.r);
	}
	const rows: (Record<Hop, number> & {
		total: number;
		sent: number;
		check: number;
		tick: number;
	})[] = [];
	for (const d of deliveries) {
		const server = trace.get(`${d.client}:${d.clock}`);
		if (!server) continue;
		rows.push({
			check: checkPerTick.get(server.b) ?? 0,
			tick: server.b,
			toServer: server.r - d.sent,
			serverApply: server.a - server.r,
			toTick: (server.f ?? server.b) - server.a,
			send: server.b - (server.f ?? server.b),
			toPeer: d.applying - server.b,
			peerApply: d.applied - d.applying,
			total: d.applied - d.sent,
			sent: d.sent
		});
	}
	const hops = Object.fromEntries(HOPS.map((h) => [h, summarize(rows.map((r) => r[h]))])) as Record<
		Hop,
		Summary
	>;
	const p99 = summarize(rows.map((r) => r.total)).p99;
	const tailRows = rows.filter((r) => r.total >= p99);
	const mean = (pick: (r: (typeof rows)[number]) => number) =>
		tailRows.length === 0
			? Number.NaN
			: round(tailRows.reduce((s, r) => s + pick(r), 0) / tailRows.length);
	const tail = {
		...(Object.fromEntries(HOPS.map((h) => [h, mean((r) => r[h])])) as Record<Hop, number>),
		total: mean((r) => r.total),
		count: tailRows.length
	};
	const first = deliveries.reduce((min, d) => Math.min(min, d.sent), Number.POSITIVE_INFINITY);
	const tailAt = [...new Set(tailRows.map((r) => round((r.sent - first) / 1000, 1)))].sort(
		(a, b) => a - b
	);
	// Only this run's ticks (one trace file holds every run of the bench).
	const ticks = new Set(rows.filter((r) => r.check > 0).map((r) => r.tick));
	const check =
		ticks.size === 0
			? undefined
			: {
					perTick: summarize([...ticks].map((b) => checkPerTick.get(b)!)),
					p99,
					p99Without: summarize(rows.map((r) => r.total - r.check)).p99
				};
	return { joined: rows.length, deliveries: deliveries.length, hops, tail, tailAt, check };
}

/** One line per hop for the bench's log. */
export function describeHops(split: HopSplit): string {
	const parts = HOPS.map(
		(h) => `${h} p50 ${split.hops[h].p50} p99 ${split.hops[h].p99} tail ${split.tail[h]}`
	);
	return [
		`joined ${split.joined}/${split.deliveries}; tail (${split.tail.count} deliveries, mean ${split.tail.total} ms) sent at ${split.tailAt.join(', ')} s`,
		...parts,
		...(split.check
			? [
					`suggestion check per tick p50 ${split.check.perTick.p50} p99 ${split.check.perTick.p99} max ${split.check.perTick.max} ms; ` +
						`p99 ${split.check.p99} ms, without the check's time in its tick ${split.check.p99Without} ms`
				]
			: [])
	].join('\n    ');
}

/**
 * A cluster's trace (S9: every instance appends to one file, see server/collab/hop-trace.ts):
 * per instance, its own clients' updates (read, applied, broadcast), the updates relayed to it
 * (off the bus, broadcast) and its event-loop delay per second.
 */
export interface ClusterTrace {
	local: Map<string, Map<string, ServerHop>>;
	relayed: Map<string, Map<string, { x: number; b: number }>>;
	loops: Map<
		string,
		{ t: number; p99: number; max: number; cpu: number; gc?: [number, number, number, number?] }[]
	>;
}

export function readClusterTrace(file: string): ClusterTrace {
	const trace: ClusterTrace = { local: new Map(), relayed: new Map(), loops: new Map() };
	if (!existsSync(file)) return trace;
	const of = <V>(map: Map<string, V>, key: string, empty: () => V) => {
		let value = map.get(key);
		if (value === undefined) map.set(key, (value = empty()));
		return value;
	};
	for (const line of readFileSync(file, 'utf8').split('\n')) {
		if (line === '') continue;
		const row = JSON.parse(line) as {
			i: string;
			c?: number;
			k?: number;
			r?: number;
			a?: number;
			x?: number;
			b?: number;
			p?: number;
			t?: number;
			loop?: [number, number, number];
			gc?: [number, number, number, number?];
		};
		if (row.loop) {
			of(trace.loops, row.i, () => []).push({
				t: row.t!,
				p99: row.loop[0],
				max: row.loop[1],
				cpu: row.loop[2],
				gc: row.gc
			});
		} else if (row.r !== undefined && row.p === undefined) {
			of(trace.local, row.i, () => new Map()).set(`${row.c}:${row.k}`, {
				r: row.r,
				a: row.a!,
				b: row.b!
			});
		} else if (row.x !== undefined) {
			of(trace.relayed, row.i, () => new Map()).set(`${row.c}:${row.k}`, { x: row.x, b: row.b! });
		}
	}
	return trace;
}

export const RELAY_HOPS = [
	'toServer',
	'serverApply',
	'toTick',
	'toOtherInstance',
	'otherTick',
	'toPeer',
	'peerApply'
] as const;
export type RelayHop = (typeof RELAY_HOPS)[number];

export interface RelayHopSplit {
	joined: number;
	deliveries: number;
	/** Per hop: sender → read by its instance, → applied, → tick sent (and published), → off the bus on the other instance, → its tick sent, → peer began applying, → applied. */
	hops: Record<RelayHop, Summary>;
	tail: Record<RelayHop, number> & { total: number; count: number };
	tailAt: number[];
}

/** Deliveries from a client of instance `from` to a peer on instance `to` (ids as in the trace). */
export function splitRelayHops(
	deliveries: readonly Delivery[],
	trace: ClusterTrace,
	from: string,
	to: string
): RelayHopSplit {
	const local = trace.local.get(from) ?? new Map<string, ServerHop>();
	const relayed = trace.relayed.get(to) ?? new Map<string, { x: number; b: number }>();
	const rows: (Record<RelayHop, number> & { total: number; sent: number })[] = [];
	for (const d of deliveries) {
		const key = `${d.client}:${d.clock}`;
		const a = local.get(key);
		const b = relayed.get(key);
		if (!a || !b) continue;
		rows.push({
			toServer: a.r - d.sent,
			serverApply: a.a - a.r,
			toTick: a.b - a.a,
			toOtherInstance: b.x - a.b,
			otherTick: b.b - b.x,
			toPeer: d.applying - b.b,
			peerApply: d.applied - d.applying,
			total: d.applied - d.sent,
			sent: d.sent
		});
	}
	const hops = Object.fromEntries(
		RELAY_HOPS.map((h) => [h, summarize(rows.map((r) => r[h]))])
	) as Record<RelayHop, Summary>;
	const p99 = summarize(rows.map((r) => r.total)).p99;
	const tailRows = rows.filter((r) => r.total >= p99);
	const mean = (pick: (r: (typeof rows)[number]) => number) =>
		tailRows.length === 0
			? Number.NaN
			: round(tailRows.reduce((s, r) => s + pick(r), 0) / tailRows.length);
	const tail = {
		...(Object.fromEntries(RELAY_HOPS.map((h) => [h, mean((r) => r[h])])) as Record<
			RelayHop,
			number
		>),
		total: mean((r) => r.total),
		count: tailRows.length
	};
	const first = deliveries.reduce((min, d) => Math.min(min, d.sent), Number.POSITIVE_INFINITY);
	const tailAt = [...new Set(tailRows.map((r) => round((r.sent - first) / 1000, 1)))].sort(
		(x, y) => x - y
	);
	return { joined: rows.length, deliveries: deliveries.length, hops, tail, tailAt };
}

export function describeRelayHops(split: RelayHopSplit): string {
	const parts = RELAY_HOPS.map(
		(h) => `${h} p50 ${split.hops[h].p50} p99 ${split.hops[h].p99} tail ${split.tail[h]}`
	);
	return [
		`joined ${split.joined}/${split.deliveries}; tail (${split.tail.count} deliveries, mean ${split.tail.total} ms) sent at ${split.tailAt.join(', ')} s`,
		...parts
	].join('\n    ');
}

/** Each instance's event-loop delay per second from `start` to `end` (epoch ms), as "s:p99/max". */
export function describeLoops(trace: ClusterTrace, start: number, end: number): string {
	return [...trace.loops]
		.map(([instance, samples]) => {
			const inWindow = samples.filter((s) => s.t >= start && s.t <= end + 1000);
			const worst = Math.max(0, ...inWindow.map((s) => s.max));
			const list = inWindow.map(
				(s) =>
					`${round((s.t - start) / 1000, 0)}s:${s.p99}/${s.max}/${s.cpu}${s.gc ? `/gc ${s.gc[0]}×, ${s.gc[1]}, max ${s.gc[2]} (kind ${s.gc[3] ?? '?'})` : ''}`
			);
			return `${instance} loop delay max ${worst} ms (per second p99/max/CPU ms[/GC pauses, total ms, longest ms]: ${list.join(' ')})`;
		})
		.join('\n    ');
}

/** The server's garbage-collection pauses of 1 ms or more (start, epoch ms; duration ms). */
export function readGcPauses(file: string): { at: number; d: number }[] {
	if (!existsSync(file)) return [];
	const out: { at: number; d: number }[] = [];
	for (const line of readFileSync(file, 'utf8').split('\n')) {
		if (line === '') continue;
		const row = JSON.parse(line) as { gcAt?: number; d?: number };
		if (row.gcAt !== undefined) out.push({ at: row.gcAt, d: row.d! });
	}
	return out;
}

/**
 * Share of the deliveries, all and at or above the p99 (ms from send to applied), during which
 * the server was in a garbage-collection pause: a tail made of pauses has a much higher share.
 */
export function gcOverlap(
	deliveries: readonly Delivery[],
	pauses: readonly { at: number; d: number }[]
): { all: number; tail: number; pauses: number; meanPauseMs: number } {
	const sorted = [...pauses].sort((a, b) => a.at - b.at);
	const overlaps = (d: Delivery) => sorted.some((p) => p.at < d.applied && p.at + p.d > d.sent);
	const p99 = summarize(deliveries.map((d) => d.applied - d.sent)).p99;
	const tail = deliveries.filter((d) => d.applied - d.sent >= p99);
	const share = (list: readonly Delivery[]) =>
		list.length === 0 ? 0 : round(list.filter(overlaps).length / list.length, 3);
	return {
		all: share(deliveries),
		tail: share(tail),
		pauses: sorted.length,
		meanPauseMs:
			sorted.length === 0 ? 0 : round(sorted.reduce((s, p) => s + p.d, 0) / sorted.length)
	};
}
