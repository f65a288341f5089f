/**
 * Bench-only trace of where a keystroke's time goes inside the server (`BENCH_HOP_TRACE=<file>`,
 * e.g. `npm run bench -- --only SUG --trame-env BENCH_HOP_TRACE=/tmp/hops.jsonl`): for every
 * client update, when its frame was read, when it was applied (after the suggestion check for a
 * comment-role socket), and when the tick that carried it went out to the peers. One JSON line
 * per update, epoch ms with sub-ms precision (the bench's clients use the same clock), appended
 * to the file in the background. Off unless the variable is set: then the only cost is a null
 * check per update and per tick.
 */
import { appendFile } from 'node:fs/promises';
import * as Y from 'yjs';

export interface HopTrace {
	now(): number;
	/** After `update` (read at `receivedAt`) was checked and applied. */
	applied(update: Uint8Array, receivedAt: number): void;
	/** After the tick's updates were sent to every peer. */
	broadcast(updates: readonly Uint8Array[]): void;
}

const FLUSH_MS = 250;

function startHopTrace(file: string): HopTrace {
	const now = () => performance.timeOrigin + performance.now();
	/** `${client}:${clock after the update}` → [received, applied]. */
	const pending = new Map<string, [number, number]>();
	let lines: string[] = [];
	let writing: Promise<void> = Promise.resolve();
	setInterval(() => {
		if (lines.length === 0) return;
		const text = lines.join('\n') + '\n';
		lines = [];
		writing = writing.then(() => appendFile(file, text)).catch(() => undefined);
	}, FLUSH_MS).unref();
	return {
		now,
		applied(update, receivedAt) {
			const at = now();
			for (const [client, clock] of Y.parseUpdateMeta(update).to) {
				pending.set(`${client}:${clock}`, [receivedAt, at]);
			}
		},
		broadcast(updates) {
			const at = now();
			for (const update of updates) {
				for (const [client, clock] of Y.parseUpdateMeta(update).to) {
					const key = `${client}:${clock}`;
					const hops = pending.get(key);
					if (!hops) continue;
					pending.delete(key);
					lines.push(JSON.stringify({ c: client, k: clock, r: hops[0], a: hops[1], b: at }));
				}
			}
		}
	};
}

const traceFile = process.env.BENCH_HOP_TRACE;

/** The trace, or null (the normal case) when the bench did not ask for it. */
export const hopTrace: HopTrace | null = traceFile ? startHopTrace(traceFile) : null;
