/**
 * The app across instances (production build, three Trame instances behind HAProxy on Redis,
 * one PocketBase): SSE round notices reach participants whose streams are on different instances,
 * each with the view cut for them there; two round commands sent to two instances at the same
 * moment are both applied, one after the other; removing a member closes their sockets on every
 * instance at once (the periodic re-check is set to a minute, so only the bus can do it); the
 * sign-in limit per client address is one limit for the whole cluster (PocketBase's).
 * Needs `npm run build` first, and Debian's redis-server and haproxy.
 */
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SESSION_COOKIE } from '../../src/lib/collab/protocol';
import { CloseCode } from '../../src/lib/collab/protocol';
import { openEventStream, type SseConnection, type SseEvent } from '../../bench/lib/sse';
import { within } from '../../server/testing/within';
import { connectCollabClient, type CollabClient } from '../support/collab-client';
import { startTestCluster, type TestCluster } from '../support/cluster';
import { startTestPocketBase, type TestPocketBase } from '../support/pocketbase';
import { waitUntil } from '../soak/lib/rng';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const BUILD_DIR = join(ROOT, 'build');
const PASSWORD = 'Cluster-password-123';
const FORM = {
	accept: 'text/html,application/xhtml+xml',
	'content-type': 'application/x-www-form-urlencoded'
};

let pb: TestPocketBase;
let cluster: TestCluster;
let experimentId: string;
const people: { id: string; email: string; cookie: string; token: string }[] = [];
const streams: SseConnection[] = [];
const clients: CollabClient[] = [];

async function signIn(email: string): Promise<string> {
	const response = await fetch(`${cluster.url}/connexion`, {
		method: 'POST',
		redirect: 'manual',
		headers: { ...FORM, origin: cluster.url },
		body: new URLSearchParams({ email, password: PASSWORD })
	});
	await response.arrayBuffer();
	const cookie = response.headers
		.getSetCookie()
		.map((c) => c.split(';', 1)[0]!)
		.find((c) => c.startsWith(`${SESSION_COOKIE}=`));
	if (response.status !== 303 || !cookie) throw new Error(`sign-in answered ${response.status}`);
	return cookie;
}

beforeAll(async () => {
	if (!existsSync(join(BUILD_DIR, 'handler.js')))
		throw new Error(`no production build in ${BUILD_DIR}: run \`npm run build\` first`);
	pb = await startTestPocketBase();
	cluster = await startTestCluster({
		pbUrl: pb.url,
		superuser: pb.superuser,
		instances: 3,
		env: { TRAME_BUILD_DIR: BUILD_DIR, COLLAB_ACCESS_RECHECK_MS: '60000' }
	});
	const names = ['Facilitatrice', 'Ana', 'Bruno', 'Chloé'];
	for (const [i, name] of names.entries()) {
		const email = `${name.toLowerCase().normalize('NFD').replace(/\p{M}/gu, '')}.app@cluster.test`;
		const user = await pb.createUser({ email, password: PASSWORD, name });
		if (i === 0) experimentId = (await pb.createExperiment(user.id, { title: 'Grappe' })).id;
		else await pb.addMember(experimentId, user.id, 'evaluator');
		const cookie = await signIn(email);
		people.push({ id: user.id, email, cookie, token: cookie.slice(SESSION_COOKIE.length + 1) });
	}
}, 180_000);

afterAll(async () => {
	for (const stream of streams) stream.close();
	for (const client of clients) client.destroy();
	await cluster?.stop();
	await pb?.stop();
});

async function openRound(): Promise<string> {
	const [facilitator, ...participants] = people;
	const form = new URLSearchParams({
		title: 'Charte de la grappe',
		section: '',
		source: '',
		text: 'Proposition suivie sur plusieurs instances.',
		proposer: participants[0]!.id
	});
	for (const person of participants) form.append('participants', person.id);
	const response = await fetch(
		`${cluster.url}/experiences/${experimentId}/decisions/nouvelle?/consent`,
		{
			method: 'POST',
			redirect: 'manual',
			headers: { ...FORM, origin: cluster.url, cookie: facilitator!.cookie },
			body: form
		}
	);
	await response.arrayBuffer();
	const match = /^\/rounds\/([a-z0-9]{15})$/.exec(response.headers.get('location') ?? '');
	if (response.status !== 303 || !match)
		throw new Error(`opening the round answered ${response.status}`);
	return match[1]!;
}

function command(base: string, roundId: string, body: Record<string, unknown>) {
	return fetch(`${base}/rounds/${roundId}/events`, {
		method: 'POST',
		headers: { 'content-type': 'application/json', origin: cluster.url, cookie: people[0]!.cookie },
		body: JSON.stringify(body)
	});
}

const instanceHttp = (index: number) => `http://127.0.0.1:${cluster.instances[index]!.port}`;

describe('the app on three instances', () => {
	it('pushes round notices to participants whose streams are on different instances', async () => {
		const roundId = await openRound();
		const received: SseEvent[][] = [[], [], []];
		for (const [i, person] of people.slice(1).entries()) {
			const stream = await openEventStream(
				`${instanceHttp(i)}/api/live?topic=round:${roundId}`,
				person.cookie,
				(event) => received[i]!.push(event)
			);
			streams.push(stream);
		}
		await waitUntil(
			() => received.every((events) => events.some((e) => e.type === 'ready')),
			10_000,
			'streams ready'
		);
		const response = await command(cluster.url, roundId, { type: 'advance' });
		expect(response.status).toBe(200);
		await waitUntil(
			() => received.every((events) => events.some((e) => e.type === 'round.changed')),
			5_000,
			'every participant notified'
		);
		for (const [i, events] of received.entries()) {
			const data = JSON.parse(events.find((e) => e.type === 'round.changed')!.data) as {
				revision: number;
				view?: { viewerId: string; revision: number };
			};
			expect(data.revision).toBe(1);
			// Cut for this participant by the instance holding their stream.
			expect(data.view?.viewerId).toBe(people[i + 1]!.id);
			expect(data.view?.revision).toBe(1);
		}
	}, 60_000);

	it('applies two commands sent to two instances at the same moment, one after the other', async () => {
		const roundId = await openRound();
		const [first, second] = await Promise.all([
			command(instanceHttp(0), roundId, { type: 'advance' }),
			command(instanceHttp(1), roundId, { type: 'advance' })
		]);
		expect([first.status, second.status]).toEqual([200, 200]);
		const revisions = [
			((await first.json()) as { revision: number }).revision,
			((await second.json()) as { revision: number }).revision
		].sort();
		expect(revisions).toEqual([1, 2]);
		const stored = await pb.admin.collection('rounds').getOne(roundId);
		expect(stored.revision).toBe(2);
	}, 60_000);

	it('closes a removed member’s sockets on every instance at once', async () => {
		const documentId = (
			await pb.admin.collection('documents').create({
				experiment: experimentId,
				kind: 'libre',
				title: 'Accès',
				archived: false,
				schema_version: 2,
				created_by: people[0]!.id
			})
		).id;
		const bruno = people[2]!;
		for (let i = 0; i < 3; i++) {
			const client = connectCollabClient({
				wsUrl: `ws://127.0.0.1:${cluster.instances[i]!.port}`,
				documentId,
				token: bruno.token
			});
			clients.push(client);
		}
		const mine = clients.slice(-3);
		await within(Promise.all(mine.map((c) => c.synced())), 20_000, 'Bruno synced on 3 instances');
		const membership = await pb.admin
			.collection('memberships')
			.getFirstListItem(
				pb.admin.filter('experiment = {:e} && user = {:u}', { e: experimentId, u: bruno.id })
			);
		const removedAt = Date.now();
		const response = await fetch(`${cluster.url}/experiences/${experimentId}/membres?/remove`, {
			method: 'POST',
			redirect: 'manual',
			headers: { ...FORM, origin: cluster.url, cookie: people[0]!.cookie },
			body: new URLSearchParams({ membership: membership.id })
		});
		expect(response.status).toBeLessThan(400);
		await waitUntil(
			() => mine.every((c) => c.closeCodes.includes(CloseCode.AccessChanged)),
			3_000,
			'Bruno closed with 4301 on every instance'
		);
		console.log(`[cluster-app] sockets closed ${Date.now() - removedAt} ms after the removal`);
		for (const client of mine) client.destroy();
	}, 60_000);

	it('limits sign-ins per client address across the cluster, not per instance', async () => {
		// A small limit (6 sign-ins per minute per address) so that time plays no part: 9 attempts
		// round-robin over the 3 instances are 3 per instance, under a per-instance limit of 6.
		const settings = await pb.admin.settings.getAll();
		const rules = (
			settings.rateLimits.rules as { label: string; maxRequests: number; duration: number }[]
		).map((rule) =>
			rule.label === '*:authWithPassword' ? { ...rule, maxRequests: 6, duration: 60 } : rule
		);
		await pb.admin.settings.update({ rateLimits: { ...settings.rateLimits, rules } });
		let throttledAt = 0;
		for (let attempt = 1; attempt <= 9 && throttledAt === 0; attempt++) {
			const response = await fetch(`${cluster.url}/connexion`, {
				method: 'POST',
				redirect: 'manual',
				headers: { ...FORM, origin: cluster.url },
				body: new URLSearchParams({ email: people[1]!.email, password: 'mauvais-mot-de-passe' })
			});
			const body = await response.text();
			if (response.status === 429) {
				expect(body).toContain('Trop de tentatives');
				throttledAt = attempt;
			}
		}
		console.log(`[cluster-app] sign-in throttled at attempt ${throttledAt}`);
		expect(throttledAt).toBeGreaterThanOrEqual(6);
		expect(throttledAt).toBeLessThanOrEqual(7);
	}, 60_000);
});
