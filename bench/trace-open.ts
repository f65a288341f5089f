/**
 * Diagnostic (not a scenario): where a Chromium open of a stored protocol (S3B) spends its time,
 * counted so that other processes sharing the cores do not blur it. Per repeat:
 * - the page's marks (navigation → HTML → socket → DOMContentLoaded → editor created → connect →
 *   first sync → editable → painted) and the collaboration socket's frames on the same clock;
 * - the renderer main thread's CPU (thread time, `tdur`) by category (script, compile, style,
 *   layout, paint, HTML, GC) per phase, and in total up to editable (`SUMMARY` lines);
 * - the server process's CPU during the open (/proc).
 * Options (environment): RESOURCES=1 (every fetch: start → first byte → end), TASKS=1 (the main
 * thread's tasks), THREADS=1 (CPU of every Chromium thread), COOKIES=1 (document.cookie reads),
 * JS=connect-editable,… (inclusive JS time per function between two marks; JS_TOP), TOP=n,
 * SERVER_LOG=1, PROFILE_SERVER=<file> (the server's CPU profile over each open; TOP_SERVER),
 * STACKS=1 (layouts and style recalculations ≥ 1 ms, with the script's stack when one forced them),
 * POLL=1 (the former CDP poll for editable beside the page's probe), JS_SELF=1 (self JS time),
 * JS_BY=source (JS time per original source file instead of per function: self, and inclusive
 * once per file in a sample's stack; needs a build made with TRAME_SOURCEMAP=1, whose hidden
 * source maps are read from APP_BUILD), PROCS=1 (CPU of every Chromium process, navigation →
 * editable read, from /proc: with Chromium pinned to one core, what the renderer shares it with).
 * Chromium runs on the cores this process may use: `taskset -c 1 npx tsx …` pins it as S3B does
 * (the servers are pinned to core 0 either way).
 * Usage: `APP_BUILD=<build dir> npx tsx bench/trace-open.ts [bytes] [repeats]`.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { spawn } from 'node:child_process';
import { TraceMap, originalPositionFor } from '@jridgewell/trace-mapping';
import { startApp, DEFAULT_APP_BUILD } from './lib/app';
import { BENCH_PASSWORD, editorEmail, storedDocumentSeeder, trameRooms } from './lib/fixture';
import { buildLargeDocument } from './lib/tiptap-doc';
import {
	editableAt,
	editableProbe,
	lastHeading,
	startBrowserSession
} from './scenarios/browser-open';

interface TraceEvent {
	name: string;
	cat: string;
	ph: string;
	ts: number;
	dur?: number;
	tdur?: number;
	pid: number;
	tid: number;
	args?: { name?: string; data?: { url?: string }; beginData?: { url?: string } };
}

const CATEGORIES: [string, RegExp][] = [
	['gc', /GC|Scavenge|MarkCompact|Sweep/i],
	['compile', /compile|Compile|ParseFunction|ParseProgram|Deserialize|v8\.parse|ScriptStreamer/],
	['style', /UpdateLayoutTree|RecalculateStyles|ParseAuthorStyleSheet|StyleRecalc|InvalidateStyle/],
	['layout', /^Layout$|UpdateLayout|LayoutShift|IntersectionObserver/],
	['paint', /Paint|Layerize|Commit|Composite|UpdateLayer|RasterTask|PrePaint|Decode/],
	['html', /ParseHTML/],
	[
		'script',
		/EvaluateScript|FunctionCall|v8\.|V8\.|TimerFire|EventDispatch|FireAnimationFrame|RunMicrotasks|Microtask|CallbackFunction|XHR|WebSocket/
	]
];
const category = (name: string) => CATEGORIES.find(([, re]) => re.test(name))?.[0] ?? 'other';

/** Chromium's processes under this one (pid → kind: browser, renderer, gpu-process, network…). */
function chromiumProcesses(): Map<number, string> {
	const parents = new Map<number, number>();
	for (const entry of readdirSync('/proc')) {
		if (!/^\d+$/.test(entry)) continue;
		try {
			const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
			parents.set(Number(entry), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
		} catch {
			// gone
		}
	}
	const mine = (pid: number): boolean => {
		for (let p = parents.get(pid); p !== undefined && p > 1; p = parents.get(p))
			if (p === process.pid) return true;
		return false;
	};
	const out = new Map<number, string>();
	for (const pid of parents.keys()) {
		if (!mine(pid)) continue;
		let args: string[];
		try {
			// Chromium's children rewrite their command line as one string (spaces, not NULs).
			args = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split(/[\0 ]/);
		} catch {
			continue;
		}
		if (!args[0]?.includes('chrom')) continue;
		const type = args.find((a) => a.startsWith('--type='))?.slice(7) ?? 'browser';
		const sub = args.find((a) => a.startsWith('--utility-sub-type='))?.slice(19);
		out.set(pid, sub ? `${type}:${sub.replace(/^.*\./, '')}` : type);
	}
	return out;
}

/**
 * CPU so far (ms) per Chromium process kind (summed over processes of that kind), and per thread
 * name inside renderers and the browser (`renderer/CrRendererMain`, `browser/Chrome_IOThread`…).
 */
function chromiumCpu(): Map<string, number> {
	const out = new Map<string, number>();
	const add = (key: string, ms: number) => out.set(key, (out.get(key) ?? 0) + ms);
	for (const [pid, kind] of chromiumProcesses()) {
		try {
			add(kind, cpuMs(pid));
			if (kind !== 'renderer' && kind !== 'browser') continue;
			for (const tid of readdirSync(`/proc/${pid}/task`)) {
				const stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
				const name = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
				const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
				add(`${kind}/${name}`, ((Number(fields[11]) + Number(fields[12])) * 1000) / 100);
			}
		} catch {
			// gone
		}
	}
	return out;
}

/** User + system CPU time of a process so far (ms), from /proc. */
function cpuMs(pid: number): number {
	const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
	const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
	return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
}

interface JsProfile {
	nodes: {
		id: number;
		callFrame: { functionName: string; url: string; lineNumber: number };
		children?: number[];
	}[];
	startTime: number;
	samples: number[];
	timeDeltas: number[];
}

const sourceMaps = new Map<string, TraceMap | null>();
/** The original source of a profiled frame (JS_BY=source), from the build's hidden source maps. */
function sourceOf(url: string, line: number, column: number): string {
	const path = url.replace(/^https?:\/\/[^/]+\//, '');
	if (!path.startsWith('_app/')) return url ? url.replace(/^.*\//, '') : '(no script)';
	let map = sourceMaps.get(path);
	if (map === undefined) {
		const file = join(process.env.APP_BUILD ?? DEFAULT_APP_BUILD, 'client', `${path}.map`);
		map = existsSync(file) ? new TraceMap(readFileSync(file, 'utf8')) : null;
		sourceMaps.set(path, map);
	}
	const chunk = path.replace(/^.*\//, '');
	if (!map) return chunk;
	const original = originalPositionFor(map, { line: line + 1, column });
	const source = original.source;
	if (!source) return chunk;
	// JS_BY=function: the original file, line and name where the function starts.
	if (process.env.JS_BY === 'function')
		return `${source.replace(/^.*node_modules\//, '').replace(/^(\.\.\/)+/, '')}:${original.line} ${original.name ?? ''}`;
	// node_modules/<package>/… → the package; the app's own files by their path under src/.
	const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)\/(.*)$/.exec(source);
	if (pkg)
		return pkg[1] === 'svelte' || pkg[1] === '@sveltejs/kit' ? `${pkg[1]}/${pkg[2]}` : pkg[1]!;
	return source.replace(/^(\.\.\/)+/, '');
}

/** JS time per function (inclusive, or self with JS_SELF=1) between two instants (µs), heaviest first. */
function jsWindow(profile: JsProfile, from: number, to: number, label: string): void {
	const byId = new Map(profile.nodes.map((n) => [n.id, n]));
	const parent = new Map<number, number>();
	for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
	const inclusive = new Map<string, number>();
	let at = profile.startTime;
	let busy = 0;
	profile.samples.forEach((id, i) => {
		at += profile.timeDeltas[i]!;
		if (at < from || at > to) return;
		const dt = (profile.timeDeltas[i + 1] ?? 0) / 1000;
		if (byId.get(id)!.callFrame.functionName === '(idle)') return;
		busy += dt;
		const seen = new Set<string>();
		// JS_SELF=1: self time (the sampled function only), else inclusive time.
		const self = process.env.JS_SELF ? 1 : Infinity;
		const bySource = process.env.JS_BY === 'source' || process.env.JS_BY === 'function';
		let depth = 0;
		for (let x: number | undefined = id; x !== undefined && depth++ < self; x = parent.get(x)) {
			const f = byId.get(x)!.callFrame as JsProfile['nodes'][number]['callFrame'] & {
				columnNumber: number;
			};
			if (bySource && (f.functionName === '(root)' || f.functionName === '(program)')) continue;
			// By source: `self` the sampled frame's file, `in` every file on the stack (once).
			const key = bySource
				? `${depth === 1 ? 'self' : 'in'} ${sourceOf(f.url, f.lineNumber, f.columnNumber)}`
				: `${f.functionName || '(anon)'} ${f.url.replace(/^.*\//, '')}:${f.lineNumber}`;
			if (bySource && depth === 1) {
				inclusive.set(key, (inclusive.get(key) ?? 0) + dt);
				const across = `in ${key.slice(5)}`;
				if (!seen.has(across)) {
					seen.add(across);
					inclusive.set(across, (inclusive.get(across) ?? 0) + dt);
				}
				continue;
			}
			if (seen.has(key)) continue;
			seen.add(key);
			inclusive.set(key, (inclusive.get(key) ?? 0) + dt);
		}
	});
	console.log(
		`JS samples ${label}: ${busy.toFixed(0)} ms not idle (wall ${((to - from) / 1000).toFixed(0)})`
	);
	for (const [k, v] of [...inclusive]
		.sort((a, b) => b[1] - a[1])
		.slice(0, Number(process.env.JS_TOP ?? 40)))
		console.log(`  ${v.toFixed(1).padStart(7)} ${k}`);
}

const bytes = Number(process.argv[2] ?? 1_000_000);
const repeats = Number(process.argv[3] ?? 2);
const serverProfile = process.env.PROFILE_SERVER;
const app = await startApp(
	process.env.APP_BUILD ?? DEFAULT_APP_BUILD,
	serverProfile
		? {
				NODE_OPTIONS: `--import ${new URL('./lib/cpu-profile.mjs', import.meta.url).pathname}`,
				BENCH_PROFILE_FILE: serverProfile
			}
		: {}
);
/** Per repeat: navigation start and marks on the monotonic clock (µs) shared with the server. */
const summary: number[] = [];
const serverBeforeEditor: number[] = [];
const windows: { t0: number; marks: [string, number][] }[] = [];
try {
	const rooms = await trameRooms(app.pb, 1, 'trace');
	const session = await startBrowserSession(app, editorEmail(0, 'trace'), BENCH_PASSWORD);
	const update = buildLargeDocument(bytes);
	const heading = lastHeading(update);
	const seed = storedDocumentSeeder(app.pb, rooms);
	for (let r = 0; r < repeats; r++) {
		const id = await seed(update);
		const context = await session.browser.newContext({ locale: 'fr-FR' });
		await context.addCookies(session.cookies);
		await context.addInitScript(() => {
			new PerformanceObserver((list) => {
				if (list.getEntriesByName('trame:first-sync').length === 0) return;
				requestAnimationFrame(() => setTimeout(() => performance.mark('trame:painted')));
			}).observe({ type: 'mark' });
		});
		if (process.env.COOKIES)
			await context.addInitScript(() => {
				const descriptor = Object.getOwnPropertyDescriptor(Document.prototype, 'cookie')!;
				const w = window as unknown as { cookieReads: number; cookieMs: number };
				w.cookieReads = 0;
				w.cookieMs = 0;
				Object.defineProperty(Document.prototype, 'cookie', {
					...descriptor,
					get() {
						const start = performance.now();
						const value = descriptor.get!.call(this);
						w.cookieMs += performance.now() - start;
						w.cookieReads++;
						return value;
					}
				});
			});
		await context.addInitScript({ content: editableProbe(heading) });
		// WS=1: every collaboration message's dispatch in the page (its event's timeStamp and the
		// listener's own time), on the page's clock, beside the server's writes (strace).
		if (process.env.WS)
			// A string: tsx would wrap a named class in a helper the page does not have.
			await context.addInitScript({
				content: `(() => {
					const Native = WebSocket;
					// FETCH_PROBE=<path>: a fetch of that many bytes started at the same time, to
					// compare how an HTTP body reaches the page's main thread.
					if (${JSON.stringify(process.env.FETCH_PROBE ?? '')})
						fetch(${JSON.stringify(process.env.FETCH_PROBE ?? '')})
							.then((r) => r.arrayBuffer())
							.then((b) => performance.mark('trame:ws-fetch-' + b.byteLength));
					window.WebSocket = class extends Native {
						constructor(url, protocols) {
							super(url, protocols);
							this.addEventListener('message', (event) => {
								const size = event.data.byteLength ?? event.data.length ?? 0;
								if (size < 1000) return;
								performance.mark('trame:ws-msg-' + size + '-event', { startTime: event.timeStamp });
								performance.mark('trame:ws-msg-' + size + '-listener');
							});
						}
					};
				})();`
			});
		const page = await context.newPage();
		const cdp = await context.newCDPSession(page);
		await cdp.send('Network.enable');
		if (process.env.JS) {
			await cdp.send('Profiler.enable');
			await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
			await cdp.send('Profiler.start');
		}
		const socketEvents: [string, number][] = [];
		for (const name of [
			'webSocketCreated',
			'webSocketWillSendHandshakeRequest',
			'webSocketHandshakeResponseReceived',
			'webSocketFrameSent',
			'webSocketFrameReceived'
		] as const)
			cdp.on(`Network.${name}`, (payload) => {
				// The fields read here, whichever of the five events it is.
				const event = payload as { timestamp?: number; response?: { payloadData?: string } };
				const size = Math.round(((event.response?.payloadData?.length ?? 0) * 3) / 4);
				socketEvents.push([
					`${name.replace('webSocket', '')}${size ? ` ${size}B` : ''}`,
					event.timestamp ?? 0
				]);
			});
		const serverCpu = () => cpuMs(app.server.pid);
		const cpuBefore = serverCpu();
		// The server's CPU over the open (epoch ms, CPU ms), read back at the page's marks.
		const cpuSamples: [number, number][] = [];
		// WS=1: the server's socket writes (strace, epoch µs), to place the answer's bytes.
		const strace = process.env.WS
			? spawn(
					'strace',
					[
						'-f',
						'-ttt',
						'-e',
						'trace=write,writev,read,accept4',
						'-e',
						'signal=none',
						'-o',
						`/tmp/trace-open-strace-${process.pid}.txt`,
						'-p',
						String(app.server.pid)
					],
					{ stdio: 'ignore' }
				)
			: null;
		if (strace) await new Promise((resolve) => setTimeout(resolve, 300));
		const sampler = setInterval(() => cpuSamples.push([Date.now(), serverCpu()]), 5);
		// LIGHT=1: no trace, no profile (their cost lands on Chromium's core): marks and PROCS only.
		const light = Boolean(process.env.LIGHT);
		if (!light)
			await session.browser.startTracing(page, {
				categories: [
					'devtools.timeline',
					'disabled-by-default-devtools.timeline',
					'v8',
					'v8.execute',
					'blink.user_timing',
					'loading',
					// WS=1: the renderer's tasks with their origin (mojo messages, data pipe reads).
					...(process.env.WS ? ['toplevel', 'mojom', 'disabled-by-default-toplevel.flow'] : []),
					// Layouts forced by scripts then carry the script's stack (STACKS=1).
					...(process.env.STACKS
						? ['disabled-by-default-devtools.timeline.stack', 'devtools.timeline.stack']
						: [])
				]
			});
		const procsBefore = process.env.PROCS ? chromiumCpu() : null;
		await page.goto(`${app.url}/documents/${id}`, { waitUntil: 'commit' });
		// POLL=1: also the poll the bench used before (installed over CDP after the navigation),
		// to compare with the page's own probe in the same open.
		const cdpPoll = process.env.POLL
			? page.waitForFunction(
					(heading) => {
						const editor = document.querySelector('#editor-content');
						const sheet = editor?.closest('.sheet');
						if (editor?.getAttribute('contenteditable') !== 'true') return false;
						if (sheet?.getAttribute('aria-busy') !== 'false') return false;
						let block = editor.lastElementChild;
						for (let i = 0; block && i < 4; i++, block = block.previousElementSibling)
							if (block.textContent === heading) return performance.now();
						return false;
					},
					heading,
					{ polling: 'raf', timeout: 120_000 }
				)
			: null;
		const editable = await editableAt(page);
		if (procsBefore) {
			const after = chromiumCpu();
			console.log(
				`PROCS Chromium CPU, navigation → editable read (ms, clock ticks of 10 ms): ${[...after]
					.map(([kind, ms]) => [kind, ms - (procsBefore.get(kind) ?? 0)] as const)
					.filter(([kind, ms]) => ms > 0 || !kind.includes('/'))
					.map(([kind, ms]) => `${kind} ${ms.toFixed(0)}`)
					.join(', ')}`
			);
		}
		if (cdpPoll) {
			const polled = Number(await (await cdpPoll).jsonValue());
			console.log(
				`POLL editable: page probe ${editable.toFixed(0)} ms, CDP poll ${polled.toFixed(0)} ms (+${(polled - editable).toFixed(0)})`
			);
		}
		if (process.env.COOKIES)
			console.log(
				'cookie reads before editable:',
				await page.evaluate(() => {
					const w = window as unknown as { cookieReads: number; cookieMs: number };
					return `${w.cookieReads} reads, ${w.cookieMs.toFixed(1)} ms`;
				})
			);
		await page.waitForFunction(() => performance.getEntriesByName('trame:painted').length > 0);
		const marks = await page.evaluate(() => {
			const [nav] = performance.getEntriesByType('navigation') as PerformanceNavigationTiming[];
			const out: [string, number][] = [
				['dcl', nav!.domContentLoadedEventEnd],
				['html-first-byte', nav!.responseStart],
				['html-last-byte', nav!.responseEnd],
				...performance
					.getEntriesByType('mark')
					.map((m) => [m.name.replace('trame:', ''), m.startTime] as [string, number])
			];
			const resources = performance
				.getEntriesByType('resource')
				.map(
					(x) =>
						`${x.name.replace(/^.*\/\/[^/]+/, '')} ${Math.round(x.startTime)}→${Math.round((x as PerformanceResourceTiming).responseStart)}→${Math.round((x as PerformanceResourceTiming).responseEnd)} ${(x as PerformanceResourceTiming).initiatorType}`
				);
			return { out, origin: performance.timeOrigin, resources };
		});
		if (light) {
			clearInterval(sampler);
			const sorted = [...marks.out].sort((a, b) => a[1] - b[1]);
			console.log(
				`# repeat ${r}: editable ${editable.toFixed(0)} ms; marks ${sorted.map(([n, t]) => `${n} ${t.toFixed(0)}`).join(', ')}`
			);
			summary.push(editable);
			if (process.env.RESOURCES) console.log(marks.resources.join('\n'));
			await context.close();
			continue;
		}
		const trace = JSON.parse((await session.browser.stopTracing()).toString()) as {
			traceEvents: TraceEvent[];
		};
		const events = trace.traceEvents;
		// The renderer's main thread: the one that parsed the document page's HTML.
		const parse = events.find(
			(e) => e.name === 'ParseHTML' && (e.args?.beginData?.url ?? '').includes('/documents/')
		);
		if (!parse) throw new Error('no ParseHTML of the document page in the trace');
		const navStart = events.find(
			(e) =>
				e.name === 'navigationStart' &&
				e.pid === parse.pid &&
				((e.args?.data as { documentLoaderURL?: string })?.documentLoaderURL ?? '').includes(
					'/documents/'
				)
		);
		const thread = events.filter(
			(e) => e.pid === parse.pid && e.tid === parse.tid && e.ph === 'X' && e.dur !== undefined
		);
		thread.sort((a, b) => a.ts - b.ts || b.dur! - a.dur!);
		// Self thread time per event: its tdur minus its direct children's.
		const self = new Map<TraceEvent, number>();
		const stack: TraceEvent[] = [];
		for (const e of thread) {
			while (stack.length && stack.at(-1)!.ts + stack.at(-1)!.dur! <= e.ts) stack.pop();
			const t = e.tdur ?? e.dur!;
			self.set(e, t);
			const parent = stack.at(-1);
			if (parent) self.set(parent, self.get(parent)! - t);
			stack.push(e);
		}
		// The page's clock (marks, performance.now) on the trace's: a mark's own trace event gives
		// the offset exactly; the trace's navigationStart can be off by 100 ms or more, which put
		// the text's first layout in the wrong phase (before the first sync instead of after it).
		const navTs = navStart?.ts ?? thread[0]!.ts;
		const anchor = events.find((e) => e.name === 'trame:editor-create' && e.pid === parse.pid);
		const anchorAt = marks.out.find(([n]) => n === 'editor-create')?.[1];
		const t0 = anchor && anchorAt !== undefined ? anchor.ts - anchorAt * 1000 : navTs;
		console.log(
			`CLOCK page time 0 is trace navigationStart ${((t0 - navTs) / 1000).toFixed(1)} ms${anchor ? '' : ' (no mark event)'}; marks' trace events − page marks: ${marks.out
				.map(([n, at]) => {
					const e = events.find((x) => x.name === `trame:${n}` && x.pid === parse.pid);
					return e ? `${n} ${((e.ts - t0) / 1000 - at).toFixed(1)}` : '';
				})
				.filter(Boolean)
				.join(', ')}`
		);
		windows.push({ t0, marks: marks.out });
		if (strace) {
			strace.kill('SIGINT');
			await new Promise((resolve) => strace.once('exit', resolve));
			const file = `/tmp/trace-open-strace-${process.pid}.txt`;
			// `pid 1234.567890 writev(21, "…", 2) = 1000007`: the socket that got the 1 MB answer,
			// every read and write on it (upgrade request, 101, the page's request, the answer).
			const calls = readFileSync(file, 'utf8')
				.split('\n')
				.map((l) => /^(\d+)\s+(\d+\.\d+) (\w+)\((\d+),.*= (-?\d+)/.exec(l))
				.filter((m): m is RegExpExecArray => m !== null)
				.map((m) => ({
					at: Number(m[2]) * 1000 - marks.origin,
					call: m[3]!,
					fd: m[4]!,
					bytes: Number(m[5])
				}));
			const answer = calls.find((c) => c.call.startsWith('write') && c.bytes > bytes * 0.9);
			console.log(
				`WS server socket (page clock): ${calls
					.filter((c) => answer && c.fd === answer.fd && c.bytes > 0 && c.at > -50)
					.slice(0, 12)
					.map((c) => `${c.call} ${c.bytes} B @${c.at.toFixed(1)}`)
					.join('; ')}`
			);
			const pbReads = calls.filter(
				(c) => c.call === 'read' && c.bytes >= 60_000 && (!answer || c.at < answer.at)
			);
			if (pbReads.length)
				console.log(
					`WS server large reads before the answer (the stored row): ${pbReads[0]!.at.toFixed(1)} → ${pbReads.at(-1)!.at.toFixed(1)}`
				);
			console.log(
				`WS page: ${marks.out
					.filter(([n]) => /socket|ws-msg|connect|first-sync|editable|editor-create|dcl/.test(n))
					.sort((a, b) => a[1] - b[1])
					.map(([n, t]) => `${n} ${t.toFixed(1)}`)
					.join(', ')}`
			);
			// The renderer main thread's tasks from the socket's creation to the message's dispatch:
			// which ones carried the socket's data (mojo data pipe reads, WebSocket client calls).
			const from = marks.out.find(([n]) => n === 'socket')?.[1] ?? 0;
			const to = Math.max(
				...marks.out.filter(([n]) => n.startsWith('ws-msg')).map(([, t]) => t),
				0
			);
			const names = new Map<string, string>();
			for (const e of events)
				if (e.name === 'thread_name') names.set(`${e.pid}:${e.tid}`, e.args?.name ?? '?');
			const socketish = events
				.filter(
					(e) =>
						(e.ts - t0) / 1000 >= from - 1 &&
						(e.ts - t0) / 1000 <= to + 5 &&
						(/^WebSocket/.test(e.name) || /WebSocket/.test(JSON.stringify(e.args ?? {})))
				)
				.sort((a, b) => a.ts - b.ts);
			const dataFrames = socketish.filter((e) =>
				JSON.stringify(e.args ?? {}).includes('"network.mojom.WebSocketClient"')
			);
			if (dataFrames.length)
				console.log(
					`  WS renderer main: ${dataFrames.length} WebSocketClient messages (data frames) ${((dataFrames[0]!.ts - t0) / 1000).toFixed(1)} → ${((dataFrames.at(-1)!.ts - t0) / 1000).toFixed(1)}`
				);
			for (const e of socketish
				.filter((e) => !dataFrames.includes(e))
				.slice(0, Number(process.env.WS_TOP ?? 40)))
				console.log(
					`  WS ${names.get(`${e.pid}:${e.tid}`) ?? e.tid} @${((e.ts - t0) / 1000).toFixed(1)} ${e.name} ${((e.dur ?? 0) / 1000).toFixed(1)} ms ${JSON.stringify(
						e.args ?? {}
					)
						.replace(/"mojo_interface_method":\{[^}]*\}\},?/, '')
						.slice(0, 130)}`
				);
			// FETCH_TRACE=<part of a URL>: that request's response and body chunks on the page.
			const traced = process.env.FETCH_TRACE ?? process.env.FETCH_PROBE;
			if (traced) {
				const send = events.find(
					(e) => e.name === 'ResourceSendRequest' && JSON.stringify(e.args ?? {}).includes(traced)
				);
				const id = (send?.args?.data as { requestId?: string } | undefined)?.requestId;
				const mine = events
					.filter((e) => id && (e.args?.data as { requestId?: string })?.requestId === id)
					.sort((a, b) => a.ts - b.ts);
				console.log(
					`  WS fetch probe: ${mine.map((e) => `${e.name.replace('Resource', '')}${(e.args?.data as { encodedDataLength?: number })?.encodedDataLength ? ` ${(e.args?.data as { encodedDataLength?: number }).encodedDataLength}` : ''} @${((e.ts - t0) / 1000).toFixed(1)}`).join(', ')}`
				);
			}
			// The main thread's long tasks in the same window (what the socket's tasks queued behind).
			let end = 0;
			const long: string[] = [];
			for (const e of thread) {
				if (e.ts < end) continue;
				end = e.ts + e.dur!;
				const at = (e.ts - t0) / 1000;
				if (at < from || at > to || e.dur! < 8000) continue;
				long.push(`@${at.toFixed(0)}+${(e.dur! / 1000).toFixed(0)}`);
			}
			console.log(`  WS main-thread tasks ≥ 8 ms, socket → message: ${long.join(' ')}`);
		}
		clearInterval(sampler);
		const cpuAt = (mark: string) => {
			const at = marks.origin + (marks.out.find(([n]) => n === mark)?.[1] ?? 0);
			return cpuSamples.findLast(([t]) => t <= at)?.[1] ?? cpuBefore;
		};
		const beforeEditor = cpuAt('editor-create') - cpuAt('html-first-byte');
		serverBeforeEditor.push(beforeEditor);
		console.log(
			`SUMMARY server CPU HTML → editor created ${beforeEditor.toFixed(0)} ms, editor created → editable ${(cpuAt('editable') - cpuAt('editor-create')).toFixed(0)} ms`
		);
		if (process.env.JS) {
			const { profile } = (await cdp.send('Profiler.stop')) as { profile: JsProfile };
			for (const span of process.env.JS.split(',')) {
				const [from, to] = span.split(span.includes('..') ? '..' : '-'); // '..' for marks with a dash
				const at = (n: string) =>
					n === 'nav' ? 0 : (marks.out.find(([m]) => m === n)?.[1] ?? NaN);
				jsWindow(profile, t0 + at(from!) * 1000, t0 + at(to!) * 1000, `${from}→${to}`);
			}
		}
		console.log(
			`server CPU during the open: ${(serverCpu() - cpuBefore).toFixed(0)} ms; socket: ${socketEvents
				.filter(([, t]) => t > 0)
				.map(([n, t]) => `${n} ${(t * 1000 - t0 / 1000).toFixed(0)}`)
				.join(', ')}`
		);
		const phases = marks.out.sort((a, b) => a[1] - b[1]);
		const bounds = [['nav', 0] as [string, number], ...phases];
		const table = new Map<string, Map<string, number>>();
		for (const [e, t] of self) {
			const at = (e.ts - t0) / 1000;
			let phase = bounds[bounds.length - 1]![0] + '→';
			for (let i = 0; i < bounds.length - 1; i++)
				if (at < bounds[i + 1]![1]) {
					phase = `${bounds[i]![0]}→${bounds[i + 1]![0]}`;
					break;
				}
			const row = table.get(phase) ?? new Map<string, number>();
			row.set(category(e.name), (row.get(category(e.name)) ?? 0) + Math.max(0, t) / 1000);
			table.set(phase, row);
		}
		console.log(
			`\n# repeat ${r}: editable ${editable.toFixed(0)} ms; marks ${phases.map(([n, t]) => `${n} ${t.toFixed(0)}`).join(', ')}`
		);
		const names = [...CATEGORIES.map(([n]) => n), 'other'];
		{
			// Main thread CPU from navigation to editable, by category (slices by their start).
			const editableAt = marks.out.find(([n]) => n === 'editable')?.[1] ?? 0;
			const sum = new Map<string, number>();
			for (const [e, t] of self) {
				if ((e.ts - t0) / 1000 > editableAt) continue;
				const c = category(e.name);
				sum.set(c, (sum.get(c) ?? 0) + Math.max(0, t) / 1000);
			}
			const total = [...sum.values()].reduce((a, b) => a + b, 0);
			summary.push(total);
			console.log(
				`SUMMARY renderer main CPU nav→editable ${total.toFixed(0)} ms (${[...sum].map(([k, v]) => `${k} ${v.toFixed(0)}`).join(', ')}); editable ${editable.toFixed(0)}`
			);
		}
		console.log(
			['phase (CPU ms)'.padEnd(28), ...names.map((n) => n.padStart(8)), '   total'].join('')
		);
		const totals = new Map<string, number>();
		for (const [phase, row] of table) {
			let sum = 0;
			const cells = names.map((n) => {
				const v = row.get(n) ?? 0;
				sum += v;
				totals.set(n, (totals.get(n) ?? 0) + v);
				return v.toFixed(0).padStart(8);
			});
			console.log([phase.padEnd(28), ...cells, sum.toFixed(0).padStart(8)].join(''));
		}
		if (process.env.THREADS) {
			// Every thread's CPU (top-level slices' tdur) from navigation to editable.
			const names = new Map<string, string>();
			for (const e of events)
				if (e.name === 'thread_name') names.set(`${e.pid}:${e.tid}`, e.args?.name ?? '?');
				else if (e.name === 'process_name') names.set(`${e.pid}`, e.args?.name ?? '?');
			const endTs = t0 + 1000 * (marks.out.find(([n]) => n === 'editable')?.[1] ?? 0);
			const perThread = new Map<string, number>();
			const ends = new Map<string, number>();
			const perName = new Map<string, number>();
			for (const e of [...events].sort((a, b) => a.ts - b.ts)) {
				if (e.ph !== 'X' || e.dur === undefined || e.ts < t0 || e.ts > endTs) continue;
				const key = `${e.pid}:${e.tid}`;
				if (e.ts < (ends.get(key) ?? 0)) continue;
				ends.set(key, e.ts + e.dur);
				perThread.set(key, (perThread.get(key) ?? 0) + (e.tdur ?? e.dur) / 1000);
				// What each thread's top-level slices were (e.g. V8's background compiles and GC).
				const named = `${names.get(key) ?? key} ${e.name}`;
				perName.set(named, (perName.get(named) ?? 0) + (e.tdur ?? e.dur) / 1000);
			}
			console.log(
				'CPU per thread and top-level slice, navigation → editable (ms):',
				[...perName]
					.sort((a, b) => b[1] - a[1])
					.slice(0, 25)
					.map(([k, v]) => `${k} ${v.toFixed(0)}`)
					.join(', ')
			);
			console.log(
				'CPU per thread, navigation → editable (ms):',
				[...perThread]
					.sort((a, b) => b[1] - a[1])
					.slice(0, 14)
					.map(
						([k, v]) =>
							`${names.get(k.split(':')[0]!) ?? k.split(':')[0]}/${names.get(k) ?? k} ${v.toFixed(0)}`
					)
					.join(', ')
			);
		}
		if (process.env.RESOURCES) console.log(marks.resources.join('\n'));
		if (process.env.TASKS) {
			// Top-level tasks ≥ 2 ms wall, with gaps, and their largest child slices.
			let end = 0;
			for (const e of thread) {
				if (e.ts < end) continue;
				end = e.ts + e.dur!;
				if (e.dur! < 2000) continue;
				const inside = thread
					.filter((c) => c !== e && c.ts >= e.ts && c.ts + c.dur! <= end)
					.sort((a, b) => (b.tdur ?? b.dur!) - (a.tdur ?? a.dur!))
					.slice(0, 4)
					.map((c) => `${c.name}:${((c.tdur ?? c.dur!) / 1000).toFixed(0)}`);
				console.log(
					`  @${((e.ts - t0) / 1000).toFixed(0)} ${e.name} wall ${(e.dur! / 1000).toFixed(0)} cpu ${((e.tdur ?? 0) / 1000).toFixed(0)}  ${inside.join(' ')}`
				);
			}
		}
		if (process.env.TOP) {
			const byName = new Map<string, number>();
			for (const [e, t] of self) {
				const at = (e.ts - t0) / 1000;
				const from = marks.out.find(([n]) => n === (process.env.FROM ?? 'connect'))?.[1] ?? 0;
				const to = marks.out.find(([n]) => n === (process.env.TO ?? 'editable'))?.[1] ?? 1e9;
				if (at < from || at > to) continue;
				byName.set(e.name, (byName.get(e.name) ?? 0) + t / 1000);
			}
			console.log(
				[...byName]
					.sort((a, b) => b[1] - a[1])
					.slice(0, Number(process.env.TOP))
					.map(([k, v]) => `${k} ${v.toFixed(1)}`)
					.join(', ')
			);
		}
		if (process.env.STACKS) {
			// Layouts and style recalculations ≥ 1 ms, with the enclosing slice and, when a script
			// forced them, its stack (where the page read geometry synchronously).
			for (const e of thread) {
				if (!/^(Layout|UpdateLayoutTree)$/.test(e.name) || (e.tdur ?? e.dur!) < 1000) continue;
				const outer = thread
					.filter((o) => o !== e && o.ts <= e.ts && o.ts + o.dur! >= e.ts + e.dur!)
					.map((o) => o.name);
				const data = (
					e.args as {
						beginData?: {
							stackTrace?: {
								functionName: string;
								url: string;
								lineNumber: number;
								columnNumber: number;
							}[];
						};
					}
				)?.beginData;
				const stackTrace = data?.stackTrace ?? [];
				console.log(
					`  STACK @${((e.ts - t0) / 1000).toFixed(0)} ${e.name} ${((e.tdur ?? e.dur!) / 1000).toFixed(0)} ms in [${outer.join(' > ')}]`
				);
				for (const f of stackTrace.slice(0, 12))
					console.log(
						`      ${f.functionName || '(anon)'} ${f.url.replace(/^.*\//, '')}:${f.lineNumber}:${f.columnNumber}`
					);
			}
		}
		if (process.env.SERVER_LOG)
			console.log(
				app.server
					.output()
					.split('\n')
					.filter((l) => l.includes(id))
					.join('\n')
			);
		await context.close();
	}
	await session.close();
	const sorted = [...summary].sort((a, b) => a - b);
	console.log(
		`SUMMARY server CPU HTML → editor created, sorted: ${[...serverBeforeEditor]
			.sort((a, b) => a - b)
			.map((v) => v.toFixed(0))
			.join(' ')}`
	);
	console.log(
		`SUMMARY ${process.env.LIGHT ? 'editable' : 'renderer main CPU nav→editable'}, sorted: ${sorted.map((v) => v.toFixed(0)).join(' ')}`
	);
} finally {
	await app.stop();
}
if (serverProfile) {
	const profile = JSON.parse(readFileSync(serverProfile, 'utf8')) as {
		nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number } }[];
		startTime: number;
		samples: number[];
		timeDeltas: number[];
	};
	const byId = new Map(profile.nodes.map((n) => [n.id, n]));
	for (const [r, w] of windows.entries()) {
		const end = w.t0 + 1000 * Math.max(...w.marks.map(([, t]) => t));
		const buckets = new Map<number, number>();
		const self = new Map<string, number>();
		let at = profile.startTime;
		profile.samples.forEach((id, i) => {
			at += profile.timeDeltas[i]!;
			const dt = (profile.timeDeltas[i + 1] ?? 0) / 1000;
			if (at < w.t0 || at > end) return;
			const n = byId.get(id)!;
			if (n.callFrame.functionName === '(idle)') return;
			const bucket = Math.floor((at - w.t0) / 100_000) * 100;
			buckets.set(bucket, (buckets.get(bucket) ?? 0) + dt);
			const key = `${n.callFrame.functionName || '(anon)'} ${n.callFrame.url.replace(/^.*node_modules\//, '').replace(/^.*\/trame[^/]*\//, '')}:${n.callFrame.lineNumber}`;
			self.set(key, (self.get(key) ?? 0) + dt);
		});
		console.log(
			`\n# server CPU, repeat ${r} (window ${w.t0} ${end}), per 100 ms after navigation:`,
			[...buckets].map(([b, v]) => `${b}:${v.toFixed(0)}`).join(' ')
		);
		for (const [k, v] of [...self]
			.sort((a, b) => b[1] - a[1])
			.slice(0, Number(process.env.TOP_SERVER ?? 25)))
			console.log(`  ${v.toFixed(1)} ${k}`);
	}
}
