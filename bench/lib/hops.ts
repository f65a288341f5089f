/**
 * Where a keystroke's time goes between its sender and each peer: the bench's deliveries
 * (sent, peer began applying, peer applied; LatencyProbe `detailed`) joined with the server's
 * trace of the same updates (read, applied, broadcast; server/collab/hop-trace.ts). All times
 * are epoch ms from the same machine's clock.
 */
import { existsSync, readFileSync } from 'node:fs';
import type { Delivery } from './latency';
import { round, summarize, type Summary } from './stats';

export const HOPS = ['toServer', 'serverApply', 'toTick', 'toPeer', 'peerApply'] as const;
export type Hop = (typeof HOPS)[number];

export interface HopSplit {
	/** Deliveries whose update the server trace holds. */
	joined: number;
	deliveries: number;
	/** Per hop: sender → server read, read → applied (check included), → tick sent, → peer began applying, → applied. */
	hops: Record<Hop, Summary>;
	/** Mean of each hop over the deliveries at or above the total's p99 (where the tail sits). */
	tail: Record<Hop, number> & { total: number; count: number };
	/** Seconds from the first send at which the tail deliveries' keystrokes were sent (deduplicated, 0.1 s). */
	tailAt: number[];
}

interface ServerHop {
	r: number;
	a: number;
	b: number;
}

export function readServerTrace(file: string): Map<string, ServerHop> {
	const out = new Map<string, ServerHop>();
	if (!existsSync(file)) return out;
	for (const line of readFileSync(file, 'utf8').split('\n')) {
		if (line === '') continue;
		const row = JSON.parse(line) as { c: number; k: number } & ServerHop;
		out.set(`${row.c}:${row.k}`, { r: row.r, a: row.a, b: row.b });
	}
	return out;
}

export function splitHops(
	deliveries: readonly Delivery[],
	trace: Map<string, ServerHop>
): HopSplit {
	const rows: (Record<Hop, number> & { total: number; sent: number })[] = [];
	for (const d of deliveries) {
		const server = trace.get(`${d.client}:${d.clock}`);
		if (!server) continue;
		rows.push({
			toServer: server.r - d.sent,
			serverApply: server.a - server.r,
			toTick: server.b - server.a,
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
	return { joined: rows.length, deliveries: deliveries.length, hops, tail, tailAt };
}

/** One line per hop for the bench's log. */
export function describeHops(split: HopSplit): string {
	const parts = HOPS.map(
		(h) => `${h} p50 ${split.hops[h].p50} p99 ${split.hops[h].p99} tail ${split.tail[h]}`
	);
	return [
		`joined ${split.joined}/${split.deliveries}; tail (${split.tail.count} deliveries, mean ${split.tail.total} ms) sent at ${split.tailAt.join(', ')} s`,
		...parts
	].join('\n    ');
}
