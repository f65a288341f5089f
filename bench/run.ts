/**
 * Trame's collaboration benchmark: the real stack (collab server + PocketBase) next to the plain
 * y-websocket server and Hocuspocus, same harness, same run, same machine. Servers are pinned to
 * core 0, this load generator to core 1.
 *
 *   npm run bench -- [--quick] [--only S1,S2,S2D,S3,S3B,S4,S5,S6,S7,S8,S9,S10,IMPORT,BUNDLE] [--servers trame,plain,hocuspocus,hocuspocus-redis]
 *
 * S9 (cluster: instances behind HAProxy on Redis) needs Debian's redis-server and haproxy.
 *
 * IMPORT (a 50-page DOCX imported through the app) needs `npm run build`.
 *
 * S3B (S3 in Chromium) and S8 (live rounds) go through the app: Trame only, from the production
 * build (`build/`, or `appBuild`); without one they are reported as not run.
 * Writes bench-results/<date>-<mode>.{json,md} and bench-results/latest.{json,md}.
 * Not a test: it never fails on a time (exit code 1 only if the harness itself breaks).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensurePocketBaseBinary } from '../scripts/lib/pocketbase.mjs';
import type { BenchConfig } from './lib/config';
import {
	BENCH_PASSWORD,
	editorEmail,
	referenceRooms,
	storedDocumentSeeder,
	trameRooms,
	type Rooms
} from './lib/fixture';
import type { Target } from './lib/clients';
import {
	CLIENT_CORE,
	isHocuspocus,
	pinning,
	SERVER_CORE,
	SERVER_KINDS,
	startHocuspocus,
	startPlain,
	startPocketBaseForBench,
	startTrame,
	type RunningServer,
	type ServerKind
} from './lib/servers';
import { loadAverage, pin } from './lib/proc';
import { buildLargeDocument } from './lib/tiptap-doc';
import {
	renderMarkdown,
	buildRows,
	type AppResults,
	type BenchResults,
	type ServerResults
} from './report';
import type { TestPocketBase } from '../tests/support/pocketbase';
import { runTyping } from './scenarios/typing';
import {
	ALL_IN_ONE_THREAD,
	makeSuggestTeam,
	runSuggestTyping,
	warmUpSuggestTyping,
	type SuggestPair
} from './scenarios/suggest-typing';
import { runPresence } from './scenarios/presence';
import { runRooms } from './scenarios/rooms';
import { hocuspocusSeeder, runColdOpen } from './scenarios/cold-open';
import { runMemory } from './scenarios/memory';
import { runReconnect } from './scenarios/reconnect';
import { measureRouteBundle } from './lib/bundle';
import { appBuildMissing, DEFAULT_APP_BUILD, startApp, type AppServer } from './lib/app';
import { CHROMIUM_PATH, runBrowserOpen, startBrowserSession } from './scenarios/browser-open';
import { runImagePaste } from './scenarios/image-paste';
import { runLiveRounds } from './scenarios/live-rounds';
import { runImport } from './scenarios/import';
import { runCluster } from './scenarios/cluster';
import { runDurableAck } from './scenarios/durable-ack';

export interface RunOptions {
	config: BenchConfig;
	only?: Set<string>;
	servers?: ServerKind[];
	log?: (message: string) => void;
	outDir?: string;
	/** Extra environment for the Trame server (e.g. a tunable, for before/after figures). */
	trameEnv?: Record<string, string>;
	/** Pin servers and this process to separate cores (default true; the harness test does not). */
	pin?: boolean;
	/** Appended to the result file names (e.g. "before"). */
	label?: string;
	/** SvelteKit output measured by the bundle report (default `.svelte-kit/output`). */
	buildOutput?: string;
	/** adapter-node build served for S3B and S8 (default `build/`). */
	appBuild?: string;
}

/** The protocol editor's page, whose JavaScript the bundle report weighs. */
export const EDITOR_ROUTE = '/documents/[id]';

const PROJECT_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const ALL_SERVERS: ServerKind[] = [...SERVER_KINDS];

export async function runBench(options: RunOptions): Promise<BenchResults> {
	const { config } = options;
	const log = options.log ?? ((m: string) => console.log(m));
	const wanted = (id: string) => !options.only || options.only.has(id);
	// Every y-websocket provider adds a process 'exit' listener.
	process.setMaxListeners(0);
	pinning.enabled = options.pin !== false;
	const pinned = pinning.enabled && pin(process.pid, CLIENT_CORE);
	const results: BenchResults = {
		startedAt: new Date().toISOString(),
		mode: config.mode,
		machine: {
			cpus: cpus().length,
			cpuModel: cpus()[0]?.model ?? 'unknown',
			node: process.version,
			loadAverageAtStart: loadAverage(),
			pinning: pinned
				? `servers on core ${SERVER_CORE}, load generator on core ${CLIENT_CORE}`
				: 'taskset unavailable: not pinned'
		},
		versions: referenceVersions(),
		servers: {},
		rows: []
	};
	await ensurePocketBaseBinary({ log: () => {} });
	const largeDocs = new Map<number, Uint8Array>();
	if (wanted('S3'))
		for (const bytes of config.coldOpenBytes) largeDocs.set(bytes, buildLargeDocument(bytes));
	if (wanted('S4'))
		for (const { bytes } of config.memoryRuns)
			if (!largeDocs.has(bytes)) largeDocs.set(bytes, buildLargeDocument(bytes));
	if (wanted('S3B'))
		for (const bytes of config.browserOpenBytes)
			if (!largeDocs.has(bytes)) largeDocs.set(bytes, buildLargeDocument(bytes));
	if (wanted('S6') && !largeDocs.has(config.reconnectBytes))
		largeDocs.set(config.reconnectBytes, buildLargeDocument(config.reconnectBytes));
	if (wanted('BUNDLE')) {
		const output = options.buildOutput ?? join(PROJECT_ROOT, '.svelte-kit', 'output');
		const bundle = measureRouteBundle(output, EDITOR_ROUTE);
		const notRun = `no build in ${output}: needs \`npm run build\``;
		results.bundle = bundle ?? { notRun };
		log(
			bundle ? `bundle ${EDITOR_ROUTE}: ${bundle.gzipBytes} B gzip` : `bundle: not run, ${notRun}`
		);
	}

	// All servers run side by side and each scenario step is run on each server in turn, so
	// the other load on the machine falls on every server alike (only one is loaded at a time).
	const serverScenarios = ['S1', 'S2', 'S3', 'S4', 'S5', 'S6', 'S7', 'SUG'].some(wanted);
	const kinds = serverScenarios ? (options.servers ?? ALL_SERVERS) : [];
	const live: { kind: ServerKind; target: Target; rooms: Rooms; pb?: TestPocketBase }[] = [];
	const stops: (() => Promise<void>)[] = [];
	try {
		for (const kind of kinds) {
			const pb = kind === 'trame' ? await startPocketBaseForBench() : undefined;
			if (pb) stops.push(() => pb.stop());
			let server: RunningServer;
			try {
				server =
					kind === 'trame'
						? await startTrame(pb!, { env: options.trameEnv })
						: kind === 'plain'
							? await startPlain()
							: await startHocuspocus({ persistence: true, redis: kind === 'hocuspocus-redis' });
			} catch (error) {
				// A reference that cannot start here (e.g. no redis-server) leaves the others running.
				if (kind === 'trame') throw error;
				log(`${kind} did not start: ${error instanceof Error ? error.message : String(error)}`);
				results.servers[kind] = { error: `start: ${String(error)}` };
				continue;
			}
			stops.unshift(() => server.stop());
			const rooms: Rooms = pb ? await trameRooms(pb, config.users, 'b') : referenceRooms();
			live.push({
				kind,
				pb,
				rooms,
				target: { server, token: (i) => rooms.tokens[i % rooms.tokens.length]! }
			});
			results.servers[kind] = {};
		}
		const each = async (
			name: string,
			step: (entry: (typeof live)[number], out: ServerResults) => Promise<void>
		) => {
			for (const entry of live) {
				const out = results.servers[entry.kind]!;
				if (out.error) continue;
				try {
					await step(entry, out);
				} catch (error) {
					log(
						`  ${entry.kind} ${name} failed: ${error instanceof Error ? error.stack : String(error)}`
					);
					log(entry.target.server.output().slice(-2000));
					out.error = `${name}: ${String(error)}`;
				}
			}
		};
		if (wanted('S1') || wanted('S2')) {
			for (const n of config.typingEditors) {
				await each(`typing N=${n}`, async ({ kind, target, rooms }, out) => {
					const trace = kind === 'trame' ? options.trameEnv?.BENCH_HOP_TRACE : undefined;
					const room = await rooms.newRoom();
					const r = await runTyping(
						target,
						room,
						n,
						config.typingSeconds,
						5,
						true,
						undefined,
						trace
					);
					log(
						`${kind} typing N=${n}: p50 ${r.propagation.p50} p99 ${r.propagation.p99} ms, durable p95 ${r.durable?.p95 ?? '–'} ms, cpu ${r.serverCpu}, cpu/keystroke ${r.serverCpuMsPerKeystroke} ms (+ companions ${r.companionCpuMsPerKeystroke} ms)`
					);
					(out.typing ??= []).push(r);
				});
			}
		}
		if (wanted('SUG')) {
			const trame = live.find((entry) => entry.kind === 'trame');
			const sizes = config.typingEditors.filter((n) => n <= 50);
			if (trame?.pb && trame.rooms.experimentId) {
				const generator = {
					observers: config.suggestObservers,
					perWorker: config.suggestPerWorker
				};
				const team = await makeSuggestTeam(
					trame.pb,
					trame.rooms.experimentId,
					Math.max(...sizes),
					'b'
				);
				await each('suggestion warm-up', async ({ kind, target, rooms }) => {
					if (kind === 'trame') await warmUpSuggestTyping(target, rooms, team, generator);
				});
				for (const n of sizes) {
					await each(`suggestion typing N=${n}`, async ({ kind, target, rooms }, out) => {
						if (kind !== 'trame') return;
						const describe = (label: string, pair: SuggestPair, i: number) =>
							log(
								`trame suggestion typing N=${n}${label} pair ${i + 1}: p99 normal / suggestion ${pair.normal.propagation.p99} / ${pair.suggest.propagation.p99} ms (× ${pair.ratioP99})${pair.control ? `, control (normal again) ${pair.control.propagation.p99} ms` : ''}; one browser's view ${pair.normal.propagationOwn.p99} / ${pair.suggest.propagationOwn.p99} ms (× ${pair.ratioP99Own}); generator CPU ${pair.normal.generatorCpu} / ${pair.suggest.generatorCpu}; lost ${pair.suggest.lost}; load ${loadAverage()}`
							);
						// Where the method changes anything (fewer observers than peers), the old one's
						// pairs run alternated with the verdict's, for the old figure next to the new.
						const changes =
							config.suggestBaseline &&
							(generator.perWorker > 0 || (generator.observers > 0 && generator.observers < n - 1));
						const r = await runSuggestTyping(
							target,
							rooms,
							team,
							n,
							config.typingSeconds,
							config.suggestPairs,
							options.trameEnv?.BENCH_HOP_TRACE,
							(pair, i) => describe('', pair, i),
							generator,
							changes ? ALL_IN_ONE_THREAD : undefined,
							(pair, i) => describe(' (all in one thread, before 2026-12-06)', pair, i),
							config.suggestControl
						);
						const pooled = r.pooled;
						log(
							`trame suggestion typing N=${n}: p99 over all ${r.pairs.length} pairs' deliveries, normal / suggestion ${pooled.normalP99} / ${pooled.suggestP99} ms (× ${pooled.ratioP99}, the verdict)${pooled.controlP99 !== undefined ? `; control, normal again ${pooled.controlP99} ms (× ${pooled.controlRatioP99})` : ''}; median of the pairs' ratios × ${r.ratioP99} (one browser's view × ${r.ratioP99Own})${r.baseline ? `; all in one thread × ${r.baseline.ratioP99} (× ${r.baseline.ratioP99Own})` : ''}`
						);
						(out.suggestTyping ??= []).push(r);
					});
				}
			}
		}
		if (wanted('S7')) {
			for (const n of config.presenceUsers) {
				await each(`presence N=${n}`, async ({ kind, target, rooms }, out) => {
					// The plain server traces presence too (bench/references/plain-server.mjs).
					const trace =
						kind === 'trame'
							? options.trameEnv?.BENCH_HOP_TRACE
							: kind === 'plain'
								? process.env.BENCH_PLAIN_HOP_TRACE
								: undefined;
					const r = await runPresence(
						target,
						await rooms.newRoom(),
						n,
						config.presenceSeconds,
						5,
						trace
					);
					log(
						`${kind} presence N=${n}: p99 ${r.latency.p99} ms, cpu ${r.serverCpu}, generator loop delay p99 ${r.generatorLoop[0]} max ${r.generatorLoop[1]} ms; to the first receiver p50 ${r.fanOut.first.p50} p99 ${r.fanOut.first.p99}, after it p50 ${r.fanOut.after.p50} p99 ${r.fanOut.after.p99} (last-connected tenth p99 ${r.fanOut.afterLate.p99}) ms; moves of the first second p99 ${r.firstSecond.p99}, later ${r.afterFirstSecond.p99} ms`
					);
					(out.presence ??= []).push(r);
				});
			}
		}
		if (wanted('S3')) {
			for (const bytes of config.coldOpenBytes) {
				const update = largeDocs.get(bytes)!;
				await each(`cold open ${bytes}`, async ({ kind, target, rooms, pb }, out) => {
					if (kind === 'plain') return; // nothing is stored: no cold open
					const seed = pb
						? storedDocumentSeeder(pb, rooms)
						: hocuspocusSeeder(target, rooms.newRoom);
					const r = await runColdOpen(target, seed, update, config.coldOpenRepeats);
					log(`${kind} cold open ${bytes}: p95 ${r.openToSynced.p95} ms`);
					(out.coldOpen ??= []).push(r);
				});
			}
		}
		if (wanted('S4')) {
			const idleUnloadMs = Number(options.trameEnv?.COLLAB_IDLE_UNLOAD_MS ?? 30_000);
			for (const { documents, bytes } of config.memoryRuns) {
				await each(`memory ${documents}×${bytes}`, async ({ kind, target, rooms, pb }, out) => {
					const r = await runMemory(
						target,
						pb ? storedDocumentSeeder(pb, rooms) : null,
						rooms.newRoom,
						largeDocs.get(bytes)!,
						documents,
						config.memoryExtraClients,
						idleUnloadMs + 30_000,
						config.memorySettleMs,
						idleUnloadMs
					);
					log(
						`${kind} memory ${documents}×${bytes}: ${r.perDocumentBytes} B/doc, ${r.perConnectionBytes} B/conn, unload ${r.unloadMs ?? '–'} ms, RSS after ×${r.rssAfterRatio}, live after ×${r.liveAfterRatio}`
					);
					(out.memory ??= []).push(r);
				});
			}
		}
		if (wanted('S6')) {
			const update = largeDocs.get(config.reconnectBytes)!;
			await each('reconnect storm', async ({ kind, target, rooms, pb }, out) => {
				const room =
					kind === 'trame'
						? await storedDocumentSeeder(pb!, rooms)(update)
						: isHocuspocus(kind)
							? await hocuspocusSeeder(target, rooms.newRoom)(update)
							: await rooms.newRoom();
				const r = await runReconnect(
					target,
					room,
					update,
					config.reconnectClients,
					kind !== 'plain',
					config.reconnectWatchMs
				);
				log(
					`${kind} reconnect ${r.clients}: p99 ${r.restartToSynced.p99} ms, not resynced ${r.notResynced}, opens ≤ ${r.maxOpensPerClient}, loop delay p99 ${r.eventLoopDelayP99} ms`
				);
				out.reconnect = r;
			});
		}
		if (wanted('S5')) {
			await each('rooms', async ({ kind, target, rooms }, out) => {
				// Trame's PocketBase (Hocuspocus's Redis) shares the server core: its CPU counts
				// against the 90 %.
				const r = await runRooms(
					target,
					rooms.newRoom,
					config.roomSteps,
					config.roomWindows,
					target.server.companionPids()
				);
				log(
					`${kind} rooms: ${r.steps.map((s) => `${s.rooms}→p99 ${s.windows.map((w) => w.latency.p99).join('/')} (median ${s.p99Median})/cpu ${s.serverCpu} (companions ${s.companionCpu})/gen ${s.generatorCpu}`).join(', ')}`
				);
				out.rooms = r;
			});
		}
	} finally {
		for (const stop of stops) await stop().catch(() => {});
	}
	if (wanted('S2D') && (options.servers ?? ALL_SERVERS).includes('trame')) {
		const out = (results.servers.trame ??= {});
		try {
			out.durableAck = await runDurableAck(config, log, options.trameEnv);
		} catch (error) {
			log(`  trame durable ack failed: ${error instanceof Error ? error.stack : String(error)}`);
			out.error = `durable ack: ${String(error)}`;
		}
	}
	if (wanted('S9') && (options.servers ?? ALL_SERVERS).includes('trame')) {
		const out = (results.servers.trame ??= {});
		try {
			out.cluster = await runCluster(config, log, options.trameEnv);
		} catch (error) {
			log(`  trame cluster failed: ${error instanceof Error ? error.stack : String(error)}`);
			out.error = `cluster: ${String(error)}`;
		}
	}
	const appScenarios =
		['S3B', 'S8', 'S10', 'IMPORT'].some(wanted) &&
		(options.servers ?? ALL_SERVERS).includes('trame');
	if (appScenarios) await runAppScenarios(options, wanted, largeDocs, results, log);
	results.machine.loadAverageAtEnd = loadAverage();
	results.rows = buildRows(results);
	const outDir = options.outDir ?? join(PROJECT_ROOT, 'bench-results');
	mkdirSync(outDir, { recursive: true });
	const stamp = results.startedAt.replace(/[:.]/g, '-');
	const markdown = renderMarkdown(results);
	const suffix = `${config.mode}${options.label ? `-${options.label}` : ''}`;
	results.label = options.label;
	results.trameEnv = options.trameEnv;
	for (const name of [`${stamp}-${suffix}`, `latest-${suffix}`]) {
		writeFileSync(join(outDir, `${name}.json`), JSON.stringify(results, null, '\t'));
		writeFileSync(join(outDir, `${name}.md`), markdown);
	}
	return results;
}

/** S3 in Chromium and S8: Trame serving its production build, on a PocketBase of their own. */
async function runAppScenarios(
	options: RunOptions,
	wanted: (id: string) => boolean,
	largeDocs: Map<number, Uint8Array>,
	results: BenchResults,
	log: (message: string) => void
): Promise<void> {
	const { config } = options;
	const buildDir = options.appBuild ?? DEFAULT_APP_BUILD;
	const missing = appBuildMissing(buildDir);
	if (missing) {
		results.app = { notRun: missing };
		log(`S3B/S8: not run, ${missing}`);
		return;
	}
	const out = (results.servers.trame ??= {});
	let app: AppServer;
	try {
		app = await startApp(buildDir, options.trameEnv);
	} catch (error) {
		log(`app server failed: ${error instanceof Error ? error.stack : String(error)}`);
		results.app = { errors: [`app server: ${String(error)}`] };
		return;
	}
	const info: AppResults = (results.app = { build: app.build });
	const step = async (name: string, task: () => Promise<void>) => {
		try {
			await task();
		} catch (error) {
			log(`  trame ${name} failed: ${error instanceof Error ? error.stack : String(error)}`);
			log(app.server.output().slice(-2000));
			(info.errors ??= []).push(`${name}: ${String(error)}`);
		}
	};
	if (app.build.stale) log(`app build ${buildDir} is older than the sources`);
	try {
		if (wanted('S3B')) {
			if (!existsSync(CHROMIUM_PATH)) {
				info.browserNotRun = `no Chromium at ${CHROMIUM_PATH}`;
				log(`S3B: not run, ${info.browserNotRun}`);
			} else {
				const rooms = await trameRooms(app.pb, 1, 'app');
				const session = await startBrowserSession(app, editorEmail(0, 'app'), BENCH_PASSWORD);
				try {
					for (const bytes of config.browserOpenBytes) {
						await step(`browser open ${bytes}`, async () => {
							const seed = storedDocumentSeeder(app.pb, rooms);
							const r = await runBrowserOpen(
								app,
								session,
								seed,
								largeDocs.get(bytes)!,
								config.browserOpenRepeats
							);
							log(
								`trame browser open ${bytes}: p50 ${r.openToEditable.p50} max ${r.openToEditable.max} ms (in order ${r.editableInOrder?.join(' / ')}), text drawn p50 ${r.openToPainted?.p50} ms (Chromium on core ${r.chromiumCores})`
							);
							(out.browserOpen ??= []).push(r);
						});
					}
				} finally {
					await session.close();
				}
			}
		}
		if (wanted('S10') && existsSync(CHROMIUM_PATH)) {
			const rooms = await trameRooms(app.pb, 1, 'img');
			const session = await startBrowserSession(app, editorEmail(0, 'img'), BENCH_PASSWORD);
			try {
				await step('image paste', async () => {
					const seed = storedDocumentSeeder(app.pb, rooms);
					// A protocol of 50 KB: the image is what is measured.
					const small = largeDocs.get(50_000) ?? buildLargeDocument(50_000);
					const r = await runImagePaste(
						app,
						session,
						seed,
						small,
						config.imagePasteBytes,
						config.imagePasteRepeats
					);
					log(
						`trame image paste ${r.bytes} B → peer: p50 ${r.pasteToPeer.p50} p95 ${r.pasteToPeer.p95} max ${r.pasteToPeer.max} ms`
					);
					out.imagePaste = r;
				});
			} finally {
				await session.close();
			}
		}
		if (wanted('S8')) {
			await step('live rounds', async () => {
				const r = await runLiveRounds(app, config.liveParticipants, config.liveChanges);
				log(
					`trame live rounds ${r.participants}×${r.changes}: notice p50 ${r.notice.p50} p99 ${r.notice.p99} max ${r.notice.max} ms, screen p99 ${r.screen.p99} ms, missed ${r.missed}, cpu ${r.serverCpu} (+ PocketBase ${r.pocketbaseCpu})`
				);
				out.liveRounds = r;
			});
		}
		if (wanted('IMPORT')) {
			await step('import', async () => {
				const r = await runImport(app, config.importRepeats);
				log(
					`trame import ${(r.fileBytes / 1e6).toFixed(1)} MB DOCX ×${r.repeats}: analyse p50 ${r.analyse.p50} ms, confirm p50 ${r.confirm.p50} ms, total max ${r.total.max} ms, server +${r.serverExtraMb} MB, converter ${r.converterPeakMb} MB`
				);
				out.import = r;
			});
		}
	} finally {
		await app.stop();
	}
}

function referenceVersions(): Record<string, string> {
	const version = (name: string) => {
		try {
			const path = join(PROJECT_ROOT, 'node_modules', name, 'package.json');
			return (JSON.parse(readFileSync(path, 'utf8')) as { version: string }).version;
		} catch {
			return 'unknown';
		}
	};
	return {
		'@y/websocket-server': version('@y/websocket-server'),
		'@hocuspocus/server': version('@hocuspocus/server'),
		'@hocuspocus/extension-sqlite': version('@hocuspocus/extension-sqlite'),
		'@hocuspocus/extension-redis': version('@hocuspocus/extension-redis'),
		'redis-server': redisServerVersion(),
		'@hocuspocus/provider': version('@hocuspocus/provider'),
		yjs: version('yjs'),
		'y-websocket (clients)': version('y-websocket')
	};
}

function redisServerVersion(): string {
	const found = spawnSync('redis-server', ['--version'], { encoding: 'utf8' });
	return /v=(\S+)/.exec(found.stdout ?? '')?.[1] ?? 'not installed';
}
