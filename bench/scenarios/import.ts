/**
 * IMPORT (Trame only, through the production build): a coordinator imports a 50-page DOCX with
 * 10 photos (~5 MB) as a new protocol — the analysis request (upload, conversion in the
 * sandboxed converter process, mapping onto the template, report and preview) then the
 * confirmation (Yjs state built once, document and threads written in one batch).
 *
 * As in a browser, the import page is opened first (the server then starts a converter process
 * ahead of need) and the file is sent a few seconds later (the time to pick it).
 *
 * Measured per import: each request's round trip on loopback (server time: the upload is local),
 * the Trame process's resident memory above what it held before (sampled every 10 ms), and the
 * converter process's peak resident memory (a separate process, killed after each file).
 */
import { randomBytes } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import type { AppServer } from '../lib/app';
import { signIn } from '../lib/app';
import { BENCH_PASSWORD } from '../lib/fixture';
import { rssBytes } from '../lib/proc';
import { round, sleep, summarize, type Summary } from '../lib/stats';
import { longWordProtocol } from '../../tests/support/import-corpus';

export interface ImportResult {
	fileBytes: number;
	repeats: number;
	analyse: Summary;
	confirm: Summary;
	/** Analyse + confirm, per import. */
	total: Summary;
	/** Peak RSS of the Trame process above its RSS before the import (MB, worst import). */
	serverExtraMb: number;
	/** Peak RSS of the converter process (MB, worst import). */
	converterPeakMb: number;
}

/** Every process started by `pid`, recursively. */
function descendants(pid: number): number[] {
	const out: number[] = [];
	const visit = (parent: number) => {
		let tasks: string[] = [];
		try {
			tasks = readdirSync(`/proc/${parent}/task`);
		} catch {
			return;
		}
		for (const task of tasks) {
			let children = '';
			try {
				children = readFileSync(`/proc/${parent}/task/${task}/children`, 'utf8');
			} catch {
				continue;
			}
			for (const child of children.trim().split(/\s+/).filter(Boolean).map(Number)) {
				out.push(child);
				visit(child);
			}
		}
	};
	visit(pid);
	return out;
}

/** SvelteKit's answer to an enhanced form post: `{ type, data | location }`, data devalue'd. */
async function action(url: string, cookie: string, body: FormData) {
	const response = await fetch(url, {
		method: 'POST',
		headers: {
			cookie,
			origin: new URL(url).origin,
			accept: 'application/json',
			'x-sveltekit-action': 'true'
		},
		body
	});
	const json = (await response.json()) as { type: string; data?: string; location?: string };
	if (json.type === 'failure' || json.type === 'error')
		throw new Error(`import action failed: ${JSON.stringify(json).slice(0, 300)}`);
	return json;
}

export async function runImport(app: AppServer, repeats: number): Promise<ImportResult> {
	const { pb, url } = app;
	const tag = randomBytes(4).toString('hex');
	const email = `coordination.${tag}@bench.test`;
	const user = await pb.createUser({ email, password: BENCH_PASSWORD, name: 'Coordinatrice' });
	const experiment = await pb.createExperiment(user.id, { title: `Import ${tag}` });
	const cookie = await signIn(url, email, BENCH_PASSWORD);
	const file = await longWordProtocol(10, 50);

	const analyse: number[] = [];
	const confirm: number[] = [];
	const total: number[] = [];
	let serverExtra = 0;
	let converterPeak = 0;
	const pid = app.server.pid;
	for (let r = 0; r < repeats; r++) {
		const page = await fetch(`${url}/experiences/${experiment.id}/importer`, {
			headers: { cookie }
		});
		if (!page.ok) throw new Error(`import page answered ${page.status}`);
		await page.arrayBuffer();
		await sleep(3_000);
		const before = rssBytes(pid);
		let peak = before;
		const sampler = setInterval(() => {
			const rss = rssBytes(pid);
			if (Number.isFinite(rss)) peak = Math.max(peak, rss);
			for (const child of descendants(pid)) {
				try {
					const rss = rssBytes(child);
					if (Number.isFinite(rss)) converterPeak = Math.max(converterPeak, rss);
				} catch {
					// Gone between listing and reading.
				}
			}
		}, 10);
		try {
			const form = new FormData();
			form.set('fichier', new Blob([file as BlobPart]), 'protocole-complet.docx');
			form.set('type', 'protocole');
			form.set('titre', `Protocole ${r + 1}`);
			const t0 = performance.now();
			const analysed = await action(
				`${url}/experiences/${experiment.id}/importer?/analyser`,
				cookie,
				form
			);
			const t1 = performance.now();
			const data = JSON.parse(analysed.data ?? '[]') as unknown[];
			const index = (data[0] as { token: number }).token;
			const token = data[index] as string;
			const confirmForm = new FormData();
			confirmForm.set('jeton', token);
			const confirmed = await action(
				`${url}/experiences/${experiment.id}/importer?/confirmer`,
				cookie,
				confirmForm
			);
			const t2 = performance.now();
			if (confirmed.type !== 'redirect') throw new Error(`confirm answered ${confirmed.type}`);
			analyse.push(t1 - t0);
			confirm.push(t2 - t1);
			total.push(t2 - t0);
		} finally {
			clearInterval(sampler);
		}
		serverExtra = Math.max(serverExtra, peak - before);
	}
	const mb = (bytes: number) => round(bytes / 1024 / 1024);
	return {
		fileBytes: file.byteLength,
		repeats,
		analyse: summarize(analyse),
		confirm: summarize(confirm),
		total: summarize(total),
		serverExtraMb: mb(serverExtra),
		converterPeakMb: mb(converterPeak)
	};
}
