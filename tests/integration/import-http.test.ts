/**
 * The import pages over HTTP (production build, Trame server as a process, real PocketBase): a
 * 200 MB upload and a zip bomb are refused with their French message while the server keeps
 * answering; other routes still refuse large bodies; nothing is created.
 * Needs `npm run build` first (npm test builds before the integration step).
 */
import { existsSync } from 'node:fs';
import { request } from 'node:http';
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

/** A multipart body as a browser's form sends it (one file, the document type). */
function multipart(data: Uint8Array, name: string): { body: Buffer; type: string } {
	const boundary = `----trame${Date.now()}`;
	const head = Buffer.from(
		`--${boundary}\r\nContent-Disposition: form-data; name="type"\r\n\r\nprotocole\r\n` +
			`--${boundary}\r\nContent-Disposition: form-data; name="fichier"; filename="${name}"\r\n` +
			'Content-Type: application/octet-stream\r\n\r\n'
	);
	const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
	return {
		body: Buffer.concat([head, data, tail]),
		type: `multipart/form-data; boundary=${boundary}`
	};
}

/**
 * The analysis form posted as a browser without JavaScript does (the page comes back), on a
 * connection of its own. Like a browser, the answer is read even if the server answers before
 * the whole upload was sent (then the rest of the upload is cut: EPIPE is expected).
 */
function analyse(data: Uint8Array, name: string): Promise<{ status: number; text: string }> {
	const { body, type } = multipart(data, name);
	return post(`/experiences/${experimentId}/importer?/analyser`, body, type);
}

function post(path: string, body: Buffer, type: string): Promise<{ status: number; text: string }> {
	return new Promise((resolve, reject) => {
		const req = request(
			`${server.url}${path}`,
			{
				method: 'POST',
				agent: false,
				headers: {
					cookie,
					origin: server.url,
					accept: 'text/html',
					'content-type': type,
					'content-length': body.byteLength
				}
			},
			(res) => {
				let text = '';
				res.setEncoding('utf8');
				res.on('data', (chunk: string) => (text += chunk));
				res.on('end', () => {
					resolve({ status: res.statusCode ?? 0, text });
					req.destroy();
				});
			}
		);
		let answered = false;
		req.on('response', () => (answered = true));
		req.on('error', (error: NodeJS.ErrnoException) => {
			if (error.code !== 'EPIPE' && error.code !== 'ECONNRESET') return reject(error);
			// The upload was cut: the answer may still be on its way, or lost with the connection.
			setTimeout(() => {
				if (!answered) reject(new Error(`connection ${error.code} and no answer`));
			}, 5_000);
		});
		req.setTimeout(60_000, () => reject(new Error('no answer in 60 s')));
		// Sent in 1 MB chunks, as a network would.
		const chunk = 1024 * 1024;
		let offset = 0;
		const pump = () => {
			while (offset < body.byteLength) {
				const end = Math.min(offset + chunk, body.byteLength);
				const more = req.write(body.subarray(offset, end));
				offset = end;
				if (!more) return void req.once('drain', pump);
			}
			req.end();
		};
		pump();
	});
}

/** How long /health takes to answer, on a fresh connection. */
function healthTime(): Promise<number> {
	const started = performance.now();
	return new Promise((resolve, reject) => {
		const req = request(`${server.url}/health`, { agent: false }, (res) => {
			res.resume();
			res.on('end', () => {
				if (res.statusCode !== 200) reject(new Error(`/health answered ${res.statusCode}`));
				else resolve(performance.now() - started);
			});
		});
		req.on('error', reject);
		req.end();
	});
}

describe('import over HTTP', () => {
	it('refuses a 200 MB file and a zip bomb in French, staying responsive, creating nothing', async () => {
		const before = (await pb.admin.collection('documents').getList(1, 1)).totalItems;
		const huge = analyse(new Uint8Array(200 * 1024 * 1024), 'enorme.docx');
		const health = await healthTime();
		const response = await huge;
		expect(response.status).toBe(413);
		expect(response.text).toContain('Le fichier dépasse 25 Mo');
		// Generous: this test process itself is busy sending 200 MB on a shared 2-core machine.
		expect(health).toBeLessThan(3_000);

		const bomb = analyse(zipBomb(await wordProtocol()), 'bombe.docx');
		const during = await healthTime();
		const refused = await bomb;
		expect(refused.status).toBe(400);
		expect(refused.text).toContain('anormalement grand');
		expect(during).toBeLessThan(3_000);
		expect((await pb.admin.collection('documents').getList(1, 1)).totalItems).toBe(before);
	}, 120_000);

	it('keeps the small body limit on every other route', async () => {
		const response = await post(
			'/connexion',
			Buffer.from(`email=${'a'.repeat(1024 * 1024)}`),
			'application/x-www-form-urlencoded'
		);
		expect(response.status).toBe(413);
	});
});
