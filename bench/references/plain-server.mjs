/**
 * Reference 1: the plain y-websocket server (@y/websocket-server), in memory, no auth, no
 * persistence — its own `setupWSConnection`, started on a free port. Prints one JSON line
 * `{"event":"listening","port":…}` once it listens.
 */
import http from 'node:http';
import { WebSocketServer } from 'ws';
import { appendFileSync } from 'node:fs';
import { monitorEventLoopDelay, PerformanceObserver } from 'node:perf_hooks';
import { getHeapSpaceStatistics } from 'node:v8';
import * as decoding from 'lib0/decoding';
import { docs, setupWSConnection } from '@y/websocket-server/utils';

const wss = new WebSocketServer({ noServer: true });

// Bench only (BENCH_PLAIN_HOP_TRACE=<file>): the presence hop trace of server/collab/hop-trace.ts
// for this server — when an awareness entry was read and when the forward to every peer
// returned — so that S7's hop split compares like with like.
const traceFile = process.env.BENCH_PLAIN_HOP_TRACE;
const now = () => performance.timeOrigin + performance.now();
/** `${client}:${clock}` → when its frame was read. */
const readAt = new Map();
let lines = [];
if (traceFile) {
	setInterval(() => {
		if (lines.length === 0) return;
		appendFileSync(traceFile, lines.join('\n') + '\n');
		lines = [];
	}, 250).unref();
	// Event-loop delay and CPU per second, as Trame's trace (`loop`: p99, max, CPU ms).
	const loop = monitorEventLoopDelay({ resolution: 1 });
	loop.enable();
	let gc = [0, 0, 0, 0];
	new PerformanceObserver((list) => {
		for (const entry of list.getEntries()) {
			const longest = entry.duration > gc[2];
			gc = [
				gc[0] + 1,
				gc[1] + entry.duration,
				longest ? entry.duration : gc[2],
				longest ? (entry.detail?.kind ?? 0) : gc[3]
			];
			if (entry.duration >= 1) {
				const at = performance.timeOrigin + entry.startTime;
				lines.push(JSON.stringify({ gcAt: at, d: entry.duration, kind: entry.detail?.kind ?? 0 }));
			}
		}
	}).observe({ entryTypes: ['gc'] });
	let cpu = process.cpuUsage();
	setInterval(() => {
		const ms = (ns) => Math.round(ns / 1e4) / 100;
		const used = process.cpuUsage(cpu);
		cpu = process.cpuUsage();
		const busy = Math.round((used.user + used.system) / 1000);
		lines.push(
			JSON.stringify({
				i: String(process.pid),
				t: now(),
				loop: [ms(loop.percentile(99)), ms(loop.max), busy],
				gc: [gc[0], Math.round(gc[1] * 100) / 100, Math.round(gc[2] * 100) / 100, gc[3]],
				young:
					Math.round(
						(getHeapSpaceStatistics().find((space) => space.space_name === 'new_space')
							?.space_size ?? 0) / 1e4
					) / 100
			})
		);
		loop.reset();
		gc = [0, 0, 0, 0];
	}, 1000).unref();
}
const traced = new WeakSet();
const traceConnection = (ws, request) => {
	ws.on('message', (data) => {
		const message = new Uint8Array(data);
		if (message[0] !== 1) return; // awareness
		const at = now();
		const decoder = decoding.createDecoder(
			decoding.readVarUint8Array(decoding.createDecoder(message.subarray(1)))
		);
		const count = decoding.readVarUint(decoder);
		for (let i = 0; i < count; i++) {
			const client = decoding.readVarUint(decoder);
			const clock = decoding.readVarUint(decoder);
			decoding.readVarString(decoder);
			if (!readAt.has(`${client}:${clock}`)) readAt.set(`${client}:${clock}`, at);
		}
	});
	return () => {
		const doc = docs.get((request.url || '').slice(1).split('?')[0]);
		if (!doc || traced.has(doc)) return;
		traced.add(doc);
		// Registered after the server's own handler: runs once its sends have returned.
		doc.awareness.on('update', ({ added, updated }) => {
			const b = now();
			for (const c of [...added, ...updated]) {
				const k = doc.awareness.meta.get(c)?.clock;
				const r = readAt.get(`${c}:${k}`);
				if (r === undefined) continue;
				readAt.delete(`${c}:${k}`);
				lines.push(JSON.stringify({ p: 1, c, k, r, a: r, f: r, b }));
			}
		});
	};
};
const server = http.createServer((_request, response) => {
	response.writeHead(200, { 'content-type': 'text/plain' });
	response.end('okay');
});
wss.on('connection', (ws, request) => {
	const afterSetup = traceFile ? traceConnection(ws, request) : null;
	setupWSConnection(ws, request);
	afterSetup?.();
});
server.on('upgrade', (request, socket, head) => {
	wss.handleUpgrade(request, socket, head, (ws) => wss.emit('connection', ws, request));
});
server.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
	console.log(JSON.stringify({ event: 'listening', port: server.address().port }));
});
