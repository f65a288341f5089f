/**
 * The benchmark harness itself (bench/), on tiny sizes, so it does not rot: every server starts
 * (Trame with PocketBase, the plain y-websocket server, Hocuspocus + SQLite, Hocuspocus + SQLite
 * + Redis on a real redis-server), real clients type,
 * move cursors and get durable acks, documents are opened and unloaded (memory), the servers
 * restart under their clients (reconnect storm), the app's production build serves a browser
 * cold open and a live round followed by event streams (when built), and the results come out as
 * rows, JSON and Markdown.
 * No timing is asserted: benchmarks are not tests.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CONFIGS } from '../../bench/lib/config';
import { runBench } from '../../bench/run';

describe('bench harness (tiny run)', () => {
	const outDir = mkdtempSync(join(tmpdir(), 'trame-bench-test-'));
	afterAll(() => rmSync(outDir, { recursive: true, force: true }));

	it('measures Trame and every reference and writes the comparison table', async () => {
		const results = await runBench({
			config: CONFIGS.tiny,
			only: new Set(['S1', 'S2', 'S5', 'S7']),
			pin: false,
			outDir,
			log: () => {}
		});
		for (const kind of ['trame', 'plain', 'hocuspocus', 'hocuspocus-redis']) {
			const server = results.servers[kind];
			expect(server?.error, kind).toBeUndefined();
			const typing = server?.typing?.[0];
			expect(typing?.keystrokes, kind).toBeGreaterThan(0);
			// Every keystroke reached the other editors: one sample per keystroke and receiver.
			expect(typing?.propagation.n, kind).toBe(typing!.keystrokes * (typing!.editors - 1));
			// One browser's view only leaves out other simulated clients' work: never longer.
			expect(typing?.propagationOwn.n, kind).toBe(typing!.propagation.n);
			expect(typing!.propagationOwn.max, kind).toBeLessThanOrEqual(typing!.propagation.max);
			expect(server?.presence?.[0]?.latency.n, kind).toBeGreaterThan(0);
			// S5's one tiny step, measured over every window.
			const step = server?.rooms?.steps[0];
			expect(step?.windows.length, kind).toBe(CONFIGS.tiny.roomWindows.count);
			expect(step?.latency.n, kind).toBeGreaterThan(0);
		}
		const trame = results.servers.trame!.typing![0]!;
		expect(trame.durable?.n).toBe(trame.keystrokes);
		expect(trame.writes).toBeGreaterThan(0);
		expect(trame.bytesWritten).toBeGreaterThan(0);
		const p99 = results.rows.find((row) => row.metric === 'N=3 keystroke→peers p99');
		expect(p99?.trame).toEqual(expect.any(Number));
		expect(p99?.plain).toEqual(expect.any(Number));
		expect(p99?.hocuspocus).toEqual(expect.any(Number));
		expect(p99?.hocuspocusRedis).toEqual(expect.any(Number));
		const markdown = readFileSync(join(outDir, 'latest-tiny.md'), 'utf8');
		expect(markdown).toContain('| S1 | N=3 keystroke→peers p99 (ms) |');
		expect(markdown).toContain('| Hocuspocus + Redis |');
		const json = JSON.parse(readFileSync(join(outDir, 'latest-tiny.json'), 'utf8')) as {
			rows: unknown[];
		};
		expect(json.rows.length).toBe(results.rows.length);
	}, 120_000);

	it('measures memory, a reconnect storm and the editor bundle', async () => {
		const results = await runBench({
			config: CONFIGS.tiny,
			only: new Set(['S4', 'S6', 'BUNDLE']),
			pin: false,
			outDir,
			label: 'more',
			// Unload within the test instead of after the default 30 s.
			trameEnv: { COLLAB_IDLE_UNLOAD_MS: '300' },
			log: () => {}
		});
		for (const kind of ['trame', 'plain', 'hocuspocus', 'hocuspocus-redis']) {
			const server = results.servers[kind];
			expect(server?.error, kind).toBeUndefined();
			const memory = server?.memory?.[0];
			expect(memory?.documents, kind).toBe(CONFIGS.tiny.memoryRuns[0]!.documents);
			expect(memory?.perDocumentBytes, kind).toEqual(expect.any(Number));
			const storm = server?.reconnect;
			// Every client synced again after the restart, each on a new socket.
			expect(storm?.notResynced, kind).toBe(0);
			expect(storm?.restartToSynced.n, kind).toBe(CONFIGS.tiny.reconnectClients);
			expect(storm?.maxOpensPerClient, kind).toBeGreaterThanOrEqual(2);
		}
		// Trame reports when its documents were unloaded (/health), within the idle delay + polling.
		expect(results.servers.trame!.memory![0]!.unloadMs).toBeLessThan(5_000);
		expect(results.rows.some((row) => row.scenario === 'S6' && row.trame !== null)).toBe(true);
		// The bundle is measured when a build exists, and says why not otherwise.
		expect(results.bundle).toBeDefined();
		if (results.bundle && 'gzipBytes' in results.bundle)
			expect(results.bundle.gzipBytes).toBeGreaterThan(0);
		const markdown = readFileSync(join(outDir, 'latest-tiny-more.md'), 'utf8');
		expect(markdown).toContain('| S4 |');
		expect(markdown).toContain('JS bundle');
	}, 180_000);

	it('measures rooms on one and two instances behind HAProxy, and a room split over both', async () => {
		const results = await runBench({
			config: CONFIGS.tiny,
			only: new Set(['S9']),
			servers: ['trame'],
			pin: false,
			outDir,
			label: 'cluster',
			log: () => {}
		});
		const cluster = results.servers.trame?.cluster;
		expect(results.servers.trame?.error).toBeUndefined();
		expect(cluster?.roomsOneInstance.steps.length).toBeGreaterThan(0);
		expect(cluster?.roomsTwoInstances.steps.length).toBeGreaterThan(0);
		// Each step is measured over several windows and decided by the median of their p99.
		for (const step of cluster!.roomsOneInstance.steps) {
			expect(step.windows.length).toBe(CONFIGS.tiny.roomWindows.count);
			const p99s = step.windows.map((window) => window.latency.p99).sort((a, b) => a - b);
			expect(p99s.length).toBe(3);
			expect(step.p99Median).toBeCloseTo(p99s[1]!, 2);
		}
		// Every keystroke reached every peer, on its author's instance and on the other one.
		expect(cluster?.lost).toBe(0);
		expect(cluster?.sameInstance.n).toBeGreaterThan(0);
		expect(cluster?.crossInstance.n).toBeGreaterThan(0);
		expect(readFileSync(join(outDir, 'latest-tiny-cluster.md'), 'utf8')).toContain('| S9 |');
	}, 120_000);

	it('opens a document in Chromium, follows a live round and imports a DOCX through the app build', async () => {
		const results = await runBench({
			config: CONFIGS.tiny,
			only: new Set(['S3B', 'S8', 'IMPORT']),
			pin: false,
			outDir,
			label: 'app',
			log: () => {}
		});
		const markdown = readFileSync(join(outDir, 'latest-tiny-app.md'), 'utf8');
		// Without a production build both are reported as not run, never measured some other way.
		if (results.app?.notRun) {
			expect(results.app.notRun).toContain('npm run build');
			expect(results.rows.some((row) => row.scenario === 'S8')).toBe(false);
			expect(markdown).toContain('S3 in Chromium and S8: not run');
			return;
		}
		expect(results.app?.errors).toBeUndefined();
		const { liveParticipants, liveChanges } = CONFIGS.tiny;
		const live = results.servers.trame!.liveRounds!;
		// Every participant read every change's notice and saw it in its refetched view.
		expect(live.missed).toBe(0);
		expect(live.notice.n).toBe(liveParticipants * liveChanges);
		expect(live.screen.n).toBe(liveParticipants * liveChanges);
		expect(markdown).toContain('| S8 |');
		// The import scenario really imported (one analysis and one confirmation).
		const imported = results.servers.trame!.import!;
		expect(imported.total.n).toBe(CONFIGS.tiny.importRepeats);
		expect(imported.fileBytes).toBeGreaterThan(4_000_000);
		expect(markdown).toContain('| IMPORT |');
		if (!results.app?.browserNotRun) {
			const open = results.servers.trame!.browserOpen![0]!;
			expect(open.openToEditable.n).toBe(CONFIGS.tiny.browserOpenRepeats);
			expect(open.openToEditable.p50).toBeGreaterThan(0);
			// The text is drawn after it became editable (the frame after the first sync).
			expect(open.openToPainted?.n).toBe(CONFIGS.tiny.browserOpenRepeats);
			expect(open.openToPainted!.p50).toBeGreaterThan(0);
			expect(markdown).toContain('cold open in Chromium');
		}
	}, 180_000);
});
