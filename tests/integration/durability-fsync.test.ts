/**
 * "Enregistré" means on disk: PocketBase (pocketbase/main.go) opens Trame's database with
 * synchronous=FULL, so the WAL holding a document row is fsynced before PocketBase answers the
 * request that stores it, and only that answer lets the collaboration server send `Saved`.
 * Shown under strace (Debian's `strace`, installed by .ci/run): PocketBase's system calls are
 * recorded while a client types and gets its ack; the answer carrying the row's id is written
 * to the socket after an fsync/fdatasync of `data.db-wal` that follows the row's WAL writes.
 * With PocketBase's default (synchronous=NORMAL) there is no such sync: this test fails.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import PocketBase from 'pocketbase';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { BINARY_PATH, startPocketBase } from '../../scripts/lib/pocketbase.mjs';
import { pidsWithArgument } from '../../bench/lib/proc';
import { connectCollabClient, createCollabFixture } from '../support/collab-client';
import { startTrameServerProcess, type TrameServerProcess } from '../support/trame-server';
import { within } from '../../server/testing/within';

const superuser = { email: 'superuser@trame.test', password: 'superuser-password-123' };
let dir: string;
let pocketbase: Awaited<ReturnType<typeof startPocketBase>>;
let server: TrameServerProcess;
let admin: PocketBase;

interface Call {
	at: number;
	line: string;
}

beforeAll(async () => {
	if (spawnSync('strace', ['-V'], { stdio: 'ignore' }).error)
		throw new Error(
			'strace est requis pour ce test (sudo apt-get install strace) / strace is required (sudo apt-get install strace)'
		);
	dir = mkdtempSync(join(tmpdir(), 'trame-fsync-'));
	// Only the serving process is traced (the superuser upsert before it is not).
	const wrapper = join(dir, 'pocketbase-traced');
	writeFileSync(
		wrapper,
		`#!/bin/sh\nif [ "$1" = "serve" ]; then exec strace -f -ttt -yy -s 4096 ` +
			`-e trace=fsync,fdatasync,write,writev,pwrite64 -o ${join(dir, 'trace.txt')} ${BINARY_PATH} "$@"; fi\n` +
			`exec ${BINARY_PATH} "$@"\n`
	);
	chmodSync(wrapper, 0o755);
	pocketbase = await startPocketBase({
		dataDir: join(dir, 'data'),
		superuser,
		binary: wrapper,
		log: () => {},
		startTimeoutMs: 60_000
	});
	admin = new PocketBase(pocketbase.url);
	admin.autoCancellation(false);
	await admin.collection('_superusers').authWithPassword(superuser.email, superuser.password);
	server = await startTrameServerProcess({ pbUrl: pocketbase.url, superuser });
}, 120_000);

afterAll(async () => {
	await server?.stop();
	// strace leaves its tracee running when signalled: stop PocketBase itself.
	for (const pid of pidsWithArgument(join(dir, 'data'))) {
		try {
			process.kill(pid, 'SIGKILL');
		} catch {
			// already gone
		}
	}
	await pocketbase?.kill();
	rmSync(dir, { recursive: true, force: true });
});

function traceCalls(): Call[] {
	return (
		readFileSync(join(dir, 'trace.txt'), 'utf8')
			.split('\n')
			// strace pads the pid column ("5672  1796457168.74 …" but "30622 1796457168.74 …").
			.map((line) => ({ at: Number(/^\d+\s+(\d+\.\d+) /.exec(line)?.[1]), line }))
			.filter((call) => Number.isFinite(call.at))
			.sort((a, b) => a.at - b.at)
	);
}

describe('durable acknowledgement', () => {
	it('fsyncs the WAL holding a row before answering the write that leads to Saved', async () => {
		const pb = {
			admin,
			createUser: (user: { email: string; password: string; name: string }) =>
				admin
					.collection('users')
					.create({ ...user, passwordConfirm: user.password, verified: true }),
			createExperiment: (owner: string, fields: Record<string, unknown> = {}) =>
				admin
					.collection('experiments')
					.create({ title: 'Durabilité', status: 'idee', ...fields, created_by: owner }),
			addMember: (experiment: string, user: string, role: string) =>
				admin.collection('memberships').create({ experiment, user, role }),
			userClient: async (email: string, password: string) => {
				const client = new PocketBase(pocketbase.url);
				await client.collection('users').authWithPassword(email, password);
				return client;
			}
		};
		const fixture = await createCollabFixture(pb, 'fs');
		const documentId = await fixture.newDocument('Durable');
		const client = connectCollabClient({
			wsUrl: server.wsUrl,
			documentId,
			token: fixture.alice.token
		});
		try {
			await within(client.synced(), 20_000, 'the client to sync');
			client.doc.getText('text').insert(0, '[sur le disque]');
			await client.save(20_000);
		} finally {
			client.destroy();
		}
		const rows = await admin
			.collection('doc_updates')
			.getFullList({ filter: admin.filter('document = {:d}', { d: documentId }), fields: 'id' });
		expect(rows.length).toBeGreaterThan(0);
		// strace writes its trace file as it goes: wait until the answer has reached it.
		const answerIn = (calls: Call[]) =>
			calls.findIndex(
				(call) => /<TCP:\[/.test(call.line) && rows.some((row) => call.line.includes(row.id))
			);
		await vi.waitFor(() => expect(answerIn(traceCalls())).toBeGreaterThan(0), {
			timeout: 15_000,
			interval: 200
		});
		const calls = traceCalls();
		const answer = answerIn(calls);
		expect(answer, 'the answer carrying the row id is in the trace').toBeGreaterThan(0);
		const before = calls.slice(0, answer);
		const lastWalWrite = before.findLastIndex((call) =>
			/pwrite64\(\d+<[^>]*data\.db-wal>/.test(call.line)
		);
		expect(lastWalWrite, 'the row was written to the WAL').toBeGreaterThanOrEqual(0);
		const synced = before
			.slice(lastWalWrite + 1)
			.some((call) => /(fsync|fdatasync)\(\d+<[^>]*data\.db-wal>\) = 0/.test(call.line));
		expect(synced, 'data.db-wal fsynced between the row write and the answer').toBe(true);
	}, 90_000);
});
