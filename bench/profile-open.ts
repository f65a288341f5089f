/**
 * Diagnostic (not a scenario): where the time goes when Chromium opens a stored protocol (S3B).
 * Starts the app from the production build as S3B does, opens one new document per repeat and
 * prints, per repeat, the page's own timings (navigation → DOMContentLoaded, socket open, first
 * sync, editable) and the CPU profile's heaviest functions (self time), plus the server's log
 * of the load. Usage: `npx tsx bench/profile-open.ts [bytes] [repeats]`.
 */
import { writeFileSync } from 'node:fs';
import { startApp, DEFAULT_APP_BUILD } from './lib/app';
import { BENCH_PASSWORD, editorEmail, storedDocumentSeeder, trameRooms } from './lib/fixture';
import { buildLargeDocument } from './lib/tiptap-doc';
import { startBrowserSession } from './scenarios/browser-open';

interface ProfileNode {
	id: number;
	callFrame: { functionName: string; url: string; lineNumber: number };
	hitCount?: number;
	children?: number[];
}

const bytes = Number(process.argv[2] ?? 1_000_000);
const repeats = Number(process.argv[3] ?? 2);
const app = await startApp(process.env.APP_BUILD ?? DEFAULT_APP_BUILD);
try {
	const rooms = await trameRooms(app.pb, 1, 'prof');
	const session = await startBrowserSession(app, editorEmail(0, 'prof'), BENCH_PASSWORD);
	const update = buildLargeDocument(bytes);
	const seed = storedDocumentSeeder(app.pb, rooms);
	for (let r = 0; r < repeats; r++) {
		const id = await seed(update);
		const context = await session.browser.newContext({ locale: 'fr-FR' });
		await context.addCookies(session.cookies);
		// AB=cv: every other repeat without the skipped layout of blocks out of view (A/B in one run).
		const without = process.env.AB !== undefined && r % 2 === 0;
		// AB=ls: every other repeat as if the browser remembered a local copy (asks IndexedDB first).
		if (without && process.env.AB === 'ls')
			await context.addInitScript(
				(name) => localStorage.setItem(name, '1'),
				`trame-document-${id}:local-copy`
			);
		if (without && process.env.AB === 'cv')
			await context.addInitScript(() => {
				document.addEventListener('DOMContentLoaded', () => {
					const style = document.createElement('style');
					style.textContent = '.document-body > * { content-visibility: visible !important; }';
					document.head.append(style);
				});
			});
		// "trame:painted": the first frame drawn after the first sync (its layout included).
		await context.addInitScript(() => {
			new PerformanceObserver((list) => {
				if (list.getEntriesByName('trame:first-sync').length === 0) return;
				requestAnimationFrame(() => setTimeout(() => performance.mark('trame:painted')));
			}).observe({ type: 'mark' });
		});
		const page = await context.newPage();
		const cdp = await context.newCDPSession(page);
		await cdp.send('Profiler.enable');
		await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
		await cdp.send('Profiler.start');
		const frames: { at: number; size: number; dir: string }[] = [];
		page.on('websocket', (ws) => {
			ws.on('framereceived', (f) =>
				frames.push({ at: Date.now(), size: f.payload.length, dir: 'in' })
			);
			ws.on('framesent', (f) =>
				frames.push({ at: Date.now(), size: f.payload.length, dir: 'out' })
			);
		});
		await session.browser.startTracing(page, {
			categories: [
				'devtools.timeline',
				'disabled-by-default-devtools.timeline',
				'v8.execute',
				'blink.user_timing'
			]
		});
		const t0 = Date.now();
		await page.goto(`${app.url}/documents/${id}`, { waitUntil: 'commit' });
		const ready = await page.waitForFunction(
			() => {
				const editor = document.querySelector('#editor-content');
				const sheet = editor?.closest('.sheet');
				if (!editor || editor.getAttribute('contenteditable') !== 'true') return false;
				if (!sheet || sheet.getAttribute('aria-busy') !== 'false') return false;
				return performance.now();
			},
			undefined,
			{ polling: 'raf', timeout: 120_000 }
		);
		const editable = Number(await ready.jsonValue());
		await page.waitForFunction(
			() => performance.getEntriesByName('trame:painted').length > 0,
			undefined,
			{ timeout: 60_000 }
		);
		const nav = await page.evaluate(() => {
			const [e] = performance.getEntriesByType('navigation') as PerformanceNavigationTiming[];
			const res = (performance.getEntriesByType('resource') as PerformanceResourceTiming[]).map(
				(x) => [
					x.name.replace(/^.*\/\/[^/]+/, ''),
					Math.round(x.startTime),
					Math.round(x.responseEnd)
				]
			);
			const marks = performance
				.getEntriesByType('mark')
				.map((x) => `${x.name} ${Math.round(x.startTime)}`);
			return {
				marks,
				ttfb: e!.responseStart,
				dcl: e!.domContentLoadedEventEnd,
				load: e!.loadEventEnd,
				res,
				origin: performance.timeOrigin
			};
		});
		const { profile } = (await cdp.send('Profiler.stop')) as {
			profile: {
				nodes: ProfileNode[];
				startTime: number;
				endTime: number;
				samples: number[];
				timeDeltas: number[];
			};
		};
		writeFileSync(`/tmp/perf-open-prof/open-${r}.cpuprofile`, JSON.stringify(profile));
		const trace = JSON.parse((await session.browser.stopTracing()).toString()) as {
			traceEvents: {
				name: string;
				ph: string;
				dur?: number;
				ts: number;
				tid: number;
				pid: number;
				args?: { name?: string };
			}[];
		};
		const events = trace.traceEvents;
		const main = events.find(
			(e) =>
				e.name === 'thread_name' &&
				e.args?.name === 'CrRendererMain' &&
				events.some((x) => x.pid === e.pid && x.name === 'ParseHTML')
		);
		const onMain = events.filter(
			(e) => main && e.pid === main.pid && e.tid === main.tid && e.ph === 'X' && e.dur
		);
		// Top-level slices only (not nested in another slice).
		onMain.sort((a, b) => a.ts - b.ts);
		const top: typeof onMain = [];
		let end = 0;
		for (const e of onMain)
			if (e.ts >= end) {
				top.push(e);
				end = e.ts + e.dur!;
			}
		const byName = new Map<string, number>();
		for (const e of onMain) byName.set(e.name, (byName.get(e.name) ?? 0) + e.dur! / 1000);
		const start = top[0]?.ts ?? 0;
		console.log(
			'main-thread slices (ms, inclusive):',
			[...byName]
				.filter(([k]) =>
					/Layout|UpdateLayoutTree|ParseHTML|EvaluateScript|FunctionCall|Paint|RunTask|v8.compile|Compile|Parse|TimerFire|FireAnimationFrame|EventDispatch|GC|PrePaint|Commit|HitTest|RunMicrotasks/.test(
						k
					)
				)
				.sort((a, b) => b[1] - a[1])
				.slice(0, 16)
				.map(([k, v]) => `${k} ${v.toFixed(0)}`)
				.join(', ')
		);
		console.log(
			'longest top-level slices:',
			[...top]
				.sort((a, b) => b.dur! - a.dur!)
				.slice(0, 8)
				.map(
					(e) => `${e.name} @${((e.ts - start) / 1000).toFixed(0)} ${(e.dur! / 1000).toFixed(0)}ms`
				)
				.join(', ')
		);
		const layouts = onMain
			.filter((e) => e.name === 'Layout' || e.name === 'UpdateLayoutTree')
			.sort((a, b) => b.dur! - a.dur!)
			.slice(0, 6);
		console.log(
			'largest layout/style:',
			layouts
				.map(
					(e) => `${e.name} @${((e.ts - start) / 1000).toFixed(0)} ${(e.dur! / 1000).toFixed(0)}ms`
				)
				.join(', ')
		);
		const self = new Map<string, number>();
		const byNode = new Map(profile.nodes.map((n) => [n.id, n]));
		profile.samples.forEach((id, i) => {
			const n = byNode.get(id)!;
			const url = n.callFrame.url.replace(/^.*\//, '');
			const key = `${n.callFrame.functionName || '(anon)'} ${url}:${n.callFrame.lineNumber}`;
			self.set(key, (self.get(key) ?? 0) + (profile.timeDeltas[i + 1] ?? 0) / 1000);
		});
		const byFile = new Map<string, number>();
		for (const [k, v] of self) {
			const f = k.split(' ')[1]!.replace(/:\d+$/, '') || k;
			byFile.set(f, (byFile.get(f) ?? 0) + v);
		}
		console.log(
			`\n# repeat ${r}: ttfb ${nav.ttfb.toFixed(0)} dcl ${nav.dcl.toFixed(0)} editable ${editable.toFixed(0)} ms`
		);
		console.log('marks:', nav.marks.join(', '));
		const inFrames = frames.filter((f) => f.dir === 'in');
		const big = inFrames.filter((f) => f.size > 10_000);
		console.log(
			`ws frames in: ${inFrames.length}; large: ${big.map((f) => `${f.size}B @${f.at - t0}ms`).join(', ')}; first out @${(frames.find((f) => f.dir === 'out')?.at ?? t0) - t0}ms`
		);
		if (process.env.SHOW_RESOURCES)
			console.log(
				'resources (start→end):',
				nav.res
					.filter((x) => !String(x[0]).includes('.css'))
					.slice(0, 60)
					.map((x) => `${x[0]} ${x[1]}→${x[2]}`)
					.join('\n  ')
			);
		console.log(
			'self time by file (ms):',
			[...byFile]
				.sort((a, b) => b[1] - a[1])
				.slice(0, 12)
				.map(([k, v]) => `${k} ${v.toFixed(0)}`)
				.join(', ')
		);
		console.log('self time by function (ms):');
		for (const [k, v] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 25))
			console.log(`  ${v.toFixed(1)} ${k}`);
		await context.close();
	}
	await session.close();
	console.log(
		app.server
			.output()
			.split('\n')
			.filter((l) => l.includes('document_loaded') || l.includes('migrat'))
			.slice(-6)
			.join('\n')
	);
} finally {
	await app.stop();
}
