/**
 * The governance endpoints of the real production server (built app + real PocketBase): commands
 * over HTTP with the session cookie, their refusals by error id, and the live SSE stream.
 * Needs `npm run build` first (as the e2e tests do).
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SESSION_COOKIE } from '../../src/lib/collab/protocol';
import type { UsersRecord } from '../../src/lib/pocketbase/types';
import { startConsentRound } from '../../src/lib/server/governance/rounds';
import { startTestPocketBase, type TestPocketBase } from '../support/pocketbase';
import { startTrameServerProcess, type TrameServerProcess } from '../support/trame-server';

const PASSWORD = 'password-123456';
const BUILD_DIR = join(process.cwd(), 'build');

// `npm test` builds the app before the integration tests: a missing build is an error, never a skip.
if (!existsSync(join(BUILD_DIR, 'handler.js')))
	throw new Error(`no production build in ${BUILD_DIR}: run \`npm run build\` first`);

describe('governance endpoints', () => {
	let pb: TestPocketBase;
	let server: TrameServerProcess;
	let facilitator: UsersRecord;
	let ana: UsersRecord;
	let olga: UsersRecord; // observer
	let outsider: UsersRecord;
	const cookies: Record<string, string> = {};
	let experimentId: string;

	async function signIn(user: UsersRecord) {
		const client = await pb.userClient(user.email!, PASSWORD);
		cookies[user.id] = `${SESSION_COOKIE}=${client.authStore.token}`;
	}

	function post(user: UsersRecord, roundId: string, body: unknown) {
		return fetch(`${server.url}/rounds/${roundId}/events`, {
			method: 'POST',
			headers: {
				cookie: cookies[user.id]!,
				'content-type': 'application/json',
				origin: server.url
			},
			body: JSON.stringify(body)
		});
	}

	async function newRound() {
		return startConsentRound(
			{ admin: pb.admin },
			{
				experimentId,
				userId: facilitator.id,
				title: 'Proposition',
				text: 'Texte exact.',
				proposerId: ana.id,
				participants: [ana.id]
			}
		);
	}

	beforeAll(async () => {
		pb = await startTestPocketBase();
		[facilitator, ana, olga, outsider] = (await Promise.all(
			['fac', 'ana', 'olga', 'out'].map((name) =>
				pb.createUser({ email: `${name}@example.test`, password: PASSWORD, name })
			)
		)) as [UsersRecord, UsersRecord, UsersRecord, UsersRecord];
		experimentId = (await pb.createExperiment(facilitator.id)).id;
		await pb.addMember(experimentId, ana.id, 'evaluator');
		await pb.addMember(experimentId, olga.id, 'observer');
		await Promise.all([facilitator, ana, olga, outsider].map(signIn));
		server = await startTrameServerProcess({
			pbUrl: pb.url,
			superuser: pb.superuser,
			env: { TRAME_BUILD_DIR: BUILD_DIR }
		});
	});

	afterAll(async () => {
		await server?.stop();
		await pb?.stop();
	});

	it('applies a command as the signed-in user and refuses a forged author', async () => {
		const id = await newRound();
		let response = await post(facilitator, id, { type: 'advance' });
		expect(response.status).toBe(200);
		expect(await response.json()).toMatchObject({ phase: 'clarification', revision: 1 });

		response = await post(ana, id, { type: 'advance', by: facilitator.id });
		expect(response.status).toBe(400);
		expect(await response.json()).toMatchObject({ error: 'forged_field' });

		response = await post(ana, id, { type: 'advance' });
		expect(response.status).toBe(403);
		expect(await response.json()).toMatchObject({ error: 'not_facilitator' });

		response = await post(facilitator, id, { type: 'adopt', reviewDate: '2099-01-01' });
		expect(await response.json()).toMatchObject({ error: 'wrong_phase' });
	});

	it('refuses votes from a non-participant observer, and everything on a closed round', async () => {
		const id = await newRound();
		for (let i = 0; i < 4; i++) await post(facilitator, id, { type: 'advance' });
		let response = await post(olga, id, { type: 'record_position', kind: 'consent', text: '' });
		expect(response.status).toBe(403);
		expect(await response.json()).toMatchObject({ error: 'not_participant' });
		response = await post(outsider, id, { type: 'record_position', kind: 'consent', text: '' });
		expect(response.status).toBe(404);

		await post(facilitator, id, { type: 'withdraw', reason: 'Retirée.' });
		response = await post(ana, id, { type: 'record_position', kind: 'consent', text: '' });
		expect(response.status).toBe(409);
		expect(await response.json()).toMatchObject({ error: 'round_closed' });
	});

	it('streams live notices to readers only', async () => {
		const id = await newRound();
		const refused = await fetch(`${server.url}/api/live?topic=round:${id}`, {
			headers: { cookie: cookies[outsider.id]! }
		});
		expect(refused.status).toBe(404);
		const invalid = await fetch(`${server.url}/api/live?topic=nope`, {
			headers: { cookie: cookies[olga.id]! }
		});
		expect(invalid.status).toBe(400);

		const abort = new AbortController();
		const stream = await fetch(`${server.url}/api/live?topic=round:${id}`, {
			headers: { cookie: cookies[olga.id]!, accept: 'text/event-stream' },
			signal: abort.signal
		});
		expect(stream.status).toBe(200);
		expect(stream.headers.get('content-type')).toContain('text/event-stream');
		const reader = stream.body!.getReader();
		const decoder = new TextDecoder();
		let received = '';
		const readUntil = async (needle: string) => {
			const deadline = Date.now() + 10_000;
			while (!received.includes(needle)) {
				if (Date.now() > deadline) throw new Error(`no "${needle}" in: ${received}`);
				const { value, done } = await reader.read();
				if (done) throw new Error(`stream ended: ${received}`);
				received += decoder.decode(value, { stream: true });
			}
		};
		await readUntil('event: ready');
		await post(facilitator, id, { type: 'advance' });
		await readUntil('event: round.changed');
		expect(received).toContain('"phase":"clarification"');
		abort.abort();
	});

	it('pushes each stream the view GET /rounds/<id>/view returns it, projection included', async () => {
		const id = await newRound();
		const bogus = await fetch(`${server.url}/api/live?topic=round:${id}&view=everything`, {
			headers: { cookie: cookies[olga.id]! }
		});
		expect(bogus.status).toBe(400);

		const abort = new AbortController();
		const open = async (query: string) => {
			const response = await fetch(`${server.url}/api/live?topic=round:${id}${query}`, {
				headers: { cookie: cookies[olga.id]!, accept: 'text/event-stream' },
				signal: abort.signal
			});
			expect(response.status).toBe(200);
			const reader = response.body!.getReader();
			const decoder = new TextDecoder();
			let received = '';
			/** The data of the next event of this type. */
			return async (type: string): Promise<Record<string, unknown>> => {
				const deadline = Date.now() + 10_000;
				for (;;) {
					const match = new RegExp(`event: ${type}\\ndata: (.*)\\n\\n`).exec(received);
					if (match) {
						received = received.slice(match.index + match[0].length);
						return JSON.parse(match[1]!) as Record<string, unknown>;
					}
					if (Date.now() > deadline) throw new Error(`no ${type} in: ${received}`);
					const { value, done } = await reader.read();
					if (done) throw new Error(`stream ended: ${received}`);
					received += decoder.decode(value, { stream: true });
				}
			};
		};
		try {
			const own = await open('');
			const room = await open('&view=projection');
			await Promise.all([own('ready'), room('ready')]);
			await post(facilitator, id, { type: 'advance' });
			const [mine, projected] = await Promise.all([own('round.changed'), room('round.changed')]);
			const get = async (query: string) => {
				const response = await fetch(`${server.url}/rounds/${id}/view${query}`, {
					headers: { cookie: cookies[olga.id]! }
				});
				return { ...((await response.json()) as Record<string, unknown>), serverNow: null };
			};
			expect(mine).toMatchObject({ revision: 1, phase: 'clarification' });
			expect({ ...(mine.view as object), serverNow: null }).toEqual(await get(''));
			expect({ ...(projected.view as object), serverNow: null }).toEqual(
				await get('?projection=1')
			);
			expect(mine.view).toMatchObject({ viewerId: olga.id });
			expect(projected.view).toMatchObject({ viewerId: null });
		} finally {
			abort.abort();
		}
	});
});
