/**
 * The import pages over HTTP (production build, Trame server as a process, real PocketBase): a
 * 200 MB upload and a zip bomb are refused with their French message while the server keeps
 * answering; other routes still refuse large bodies; nothing is created.
 * Needs `npm run build` first (npm test builds before the integration step).
 */
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findFreePort } from '../../scripts/lib/pocketbase.mjs';
import { startTestPocketBase, type TestPocketBase } from '../support/pocketbase';
import { startTrameServerProcess, type TrameServerProcess } from '../support/trame-server';
import { SESSION_COOKIE } from '../../src/lib/collab/protocol';
import { wordProtocol } from '../support/import-corpus';
import { zipBomb } from '../support/import-files';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const BUILD_DIR = join(ROOT, 'build');

let pb: TestPocketBase;
let server: TrameServerProcess;
let cookie = '';
let experimentId = '';
const user = { email: 'irene.import@trame.test', password: 'Irene-password-123', name: 'Irène' };

beforeAll(async () => {
	if (!existsSync(join(BUILD_DIR, 'handler.js')))
		throw new Error(`no production build in ${BUILD_DIR}: run \`npm run build\` first`);
	pb = await startTestPocketBase();
	const record = await pb.createUser(user);
	experimentId = (await pb.createExperiment(record.id, { title: 'Import' })).id;
	const port = await findFreePort();
	server = await startTrameServerProcess({
		pbUrl: pb.url,
		superuser: pb.superuser,
		port,
		origin: `http://127.0.0.1:${port}`,
		env: { TRAME_BUILD_DIR: BUILD_DIR }
	});
	const signIn = await fetch(`${server.url}/connexion`, {
		method: 'POST',
		redirect: 'manual',
		headers: { 'content-type': 'application/x-www-form-urlencoded', origin: server.url },
		body: new URLSearchParams({ email: user.email, password: user.password })
	});
	cookie = signIn.headers
		.getSetCookie()
		.map((c) => c.split(';', 1)[0]!)
		.find((c) => c.startsWith(`${SESSION_COOKIE}=`))!;
	expect(cookie).toBeTruthy();
}, 120_000);

afterAll(async () => {
	await server?.stop();
	await pb?.stop();
});

/** The analysis form posted as a browser without JavaScript does (the page comes back). */
async function analyse(data: Uint8Array, name: string): Promise<Response> {
	const form = new FormData();
	form.set('fichier', new Blob([data as BlobPart]), name);
	form.set('type', 'protocole');
	return fetch(`${server.url}/experiences/${experimentId}/importer?/analyser`, {
		method: 'POST',
		headers: { cookie, origin: server.url, accept: 'text/html' },
		body: form,
		signal: AbortSignal.timeout(60_000)
	});
}

async function healthTime(): Promise<number> {
	const started = performance.now();
	const response = await fetch(`${server.url}/health`);
	expect(response.status).toBe(200);
	await response.arrayBuffer();
	return performance.now() - started;
}

describe('import over HTTP', () => {
	it('refuses a 200 MB file and a zip bomb in French, staying responsive, creating nothing', async () => {
		const before = (await pb.admin.collection('documents').getList(1, 1)).totalItems;
		const huge = analyse(new Uint8Array(200 * 1024 * 1024), 'enorme.docx');
		const health = await healthTime();
		const response = await huge;
		expect(response.status).toBe(413);
		expect(await response.text()).toContain('Le fichier dépasse 25 Mo');
		// Generous: this test process itself is busy sending 200 MB on a shared 2-core machine.
		expect(health).toBeLessThan(3_000);

		const bomb = analyse(zipBomb(await wordProtocol()), 'bombe.docx');
		const during = await healthTime();
		const refused = await bomb;
		expect(refused.status).toBe(400);
		expect(await refused.text()).toContain('anormalement grand');
		expect(during).toBeLessThan(3_000);
		expect((await pb.admin.collection('documents').getList(1, 1)).totalItems).toBe(before);
	}, 120_000);

	it('keeps the small body limit on every other route', async () => {
		const response = await fetch(`${server.url}/connexion`, {
			method: 'POST',
			headers: { 'content-type': 'application/x-www-form-urlencoded', origin: server.url },
			body: 'email=' + 'a'.repeat(1024 * 1024)
		});
		expect(response.status).toBe(413);
	});
});
