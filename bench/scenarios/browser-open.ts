/**
 * S3 in Chromium (Trame only): cold open of a large stored protocol in a real browser, from the
 * navigation's start to the editor being usable: the TipTap editor is contenteditable, the load
 * indicator is done (first sync) and the document's last heading is rendered; and to the first
 * frame drawn after that sync (layout and paint of the text included).
 *
 * Cold on both sides: each repeat opens a new document (one compacted row in PocketBase, never
 * loaded by the server) in a new browser context (empty HTTP cache, empty IndexedDB), signed in
 * with the session cookie the real sign-in form gave once. Chromium inherits this process's core
 * (the load generator's), read back from /proc and reported.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import * as Y from 'yjs';
import type { AppServer } from '../lib/app';
import { pidsWithArgument } from '../lib/proc';
import { summarize, type Summary } from '../lib/stats';
import { FRAGMENT } from '../lib/tiptap-doc';
import type { Seeder } from './cold-open';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export interface BrowserOpenResult {
	bytes: number;
	/** Navigation start → editable with the document shown (performance.now() in the page). */
	openToEditable: Summary;
	/**
	 * Navigation start → the first frame drawn after the first sync (its layout and paint
	 * included: what the reader sees). Absent in runs before the page marked its first sync.
	 */
	openToPainted?: Summary;
	/** Navigation start → DOMContentLoaded (the page and its scripts, before the sync). */
	domContentLoaded: Summary;
	/** Cores Chromium's browser process may run on (taskset), e.g. "1". */
	chromiumCores: string;
	/** Each open's time to editable, in the order of the opens (ms). */
	editableInOrder?: number[];
}

export interface BrowserSession {
	browser: Browser;
	/** Cookies of a context signed in through the sign-in form. */
	cookies: Parameters<BrowserContext['addCookies']>[0];
	cores: string;
	close(): Promise<void>;
}

/** Launches Chromium and signs `email` in through the sign-in page, as a person would. */
export async function startBrowserSession(
	app: AppServer,
	email: string,
	password: string
): Promise<BrowserSession> {
	// A marker on the command line to find the browser process (playwright does not expose it).
	const marker = `--trame-bench=${randomBytes(6).toString('hex')}`;
	const browser = await chromium.launch({
		executablePath: CHROMIUM_PATH,
		args: [
			'--no-sandbox',
			'--disable-background-networking',
			'--disable-component-update',
			'--disable-sync',
			'--no-first-run',
			marker
		]
	});
	try {
		const pid = pidsWithArgument(marker).find((p) => p !== process.pid);
		const cores = pid ? allowedCores(pid) : 'unknown';
		const context = await browser.newContext({ locale: 'fr-FR' });
		const page = await context.newPage();
		for (let attempt = 0; ; attempt++) {
			await page.goto(`${app.url}/connexion`, { waitUntil: 'networkidle' });
			await page.getByLabel('Adresse e-mail').fill(email);
			await page.getByLabel('Mot de passe').fill(password);
			await page.getByRole('button', { name: 'Se connecter' }).click();
			const left = await page
				.waitForURL((u) => !u.pathname.startsWith('/connexion'), { timeout: 10_000 })
				.then(() => true)
				.catch(() => false);
			if (left) break;
			if (attempt >= 2) throw new Error(`S3 browser: sign-in of ${email} did not go through`);
		}
		const cookies = await context.cookies();
		await context.close();
		return { browser, cookies, cores, close: () => browser.close() };
	} catch (error) {
		await browser.close();
		throw error;
	}
}

export async function runBrowserOpen(
	app: AppServer,
	session: BrowserSession,
	seed: Seeder,
	update: Uint8Array,
	repeats: number
): Promise<BrowserOpenResult> {
	const heading = lastHeading(update);
	const samples: number[] = [];
	const loaded: number[] = [];
	const painted: number[] = [];
	for (let r = 0; r < repeats; r++) {
		const documentId = await seed(update);
		const context = await session.browser.newContext({ locale: 'fr-FR' });
		try {
			await context.addCookies(session.cookies);
			// "trame:painted": once the page marks its first sync, the end of the next frame (a task
			// queued from requestAnimationFrame runs after that frame's layout and paint).
			await context.addInitScript(() => {
				new PerformanceObserver((list, observer) => {
					if (list.getEntriesByName('trame:first-sync').length === 0) return;
					observer.disconnect();
					requestAnimationFrame(() => setTimeout(() => performance.mark('trame:painted')));
				}).observe({ type: 'mark' });
			});
			await context.addInitScript({ content: editableProbe(heading) });
			const page = await context.newPage();
			await page.goto(`${app.url}/documents/${documentId}`, { waitUntil: 'commit' });
			samples.push(await editableAt(page));
			const drawn = await page.waitForFunction(
				() => performance.getEntriesByName('trame:painted')[0]?.startTime ?? false,
				undefined,
				{ timeout: 60_000 }
			);
			painted.push(Number(await drawn.jsonValue()));
			loaded.push(
				await page.evaluate(() => {
					const [entry] = performance.getEntriesByType('navigation');
					return (entry as PerformanceNavigationTiming).domContentLoadedEventEnd;
				})
			);
		} finally {
			await context.close();
		}
	}
	return {
		bytes: update.byteLength,
		openToEditable: summarize(samples),
		openToPainted: summarize(painted),
		domContentLoaded: summarize(loaded),
		chromiumCores: session.cores,
		editableInOrder: samples.map((ms) => Math.round(ms))
	};
}

/**
 * The page's init script that marks `trame:editable` at the first animation frame where
 * `editableWith(heading)` holds. It runs from the document's start, in the page: a poll installed
 * over the DevTools protocol after the navigation (`page.waitForFunction`) reaches the page only
 * when this process and the page's main thread let it, and on a busy machine it came after the
 * frame that showed the document (measured: its first check ~200 ms after that frame in 1 open of
 * 10), adding the harness's delay to the open.
 */
export function editableProbe(heading: string): string {
	return `(() => {
		${editableWith.toString()}
		const check = () => {
			if (editableWith(${JSON.stringify(heading)}) === false) requestAnimationFrame(check);
			else performance.mark('trame:editable');
		};
		requestAnimationFrame(check);
	})();`;
}

/** Time from navigation start to `trame:editable` (see `editableProbe`), once marked. */
export async function editableAt(page: Page): Promise<number> {
	const marked = await page.waitForFunction(
		() => performance.getEntriesByName('trame:editable')[0]?.startTime ?? false,
		undefined,
		{ timeout: 120_000 }
	);
	return Number(await marked.jsonValue());
}

/**
 * In the page: the time since navigation start once the editor is editable, its first sync is
 * done (the sheet is no longer busy) and `heading` is among its last blocks; false before.
 */
function editableWith(heading: string): number | false {
	const editor = document.querySelector('#editor-content');
	const sheet = editor?.closest('.sheet');
	if (!editor || editor.getAttribute('contenteditable') !== 'true') return false;
	if (!sheet || sheet.getAttribute('aria-busy') !== 'false') return false;
	let block = editor.lastElementChild;
	for (let i = 0; block && i < 4; i++, block = block.previousElementSibling)
		if (block.textContent === heading) return performance.now();
	return false;
}

/** The text of the document's last heading (the end of the document, for the check above). */
export function lastHeading(update: Uint8Array): string {
	const doc = new Y.Doc();
	Y.applyUpdate(doc, update);
	const blocks = doc.getXmlFragment(FRAGMENT).toArray();
	const last = blocks.findLast(
		(block): block is Y.XmlElement => block instanceof Y.XmlElement && block.nodeName === 'heading'
	);
	const text = last
		?.toArray()
		.find((child) => child instanceof Y.XmlText)
		?.toString();
	doc.destroy();
	if (!text) throw new Error('S3 browser: the document has no heading');
	return text;
}

function allowedCores(pid: number): string {
	const path = `/proc/${pid}/status`;
	if (!existsSync(path)) return 'unknown';
	return /Cpus_allowed_list:\s*(\S+)/.exec(readFileSync(path, 'utf8'))?.[1] ?? 'unknown';
}
