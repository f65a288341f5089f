/**
 * Restore drill: `npm run backup` against a live PocketBase while a document is being edited,
 * more edits after it, `npm run restore` onto a fresh data directory, PocketBase and the
 * collaboration server started on it. The document is exactly the backed-up one, and a client
 * still holding the newer state brings it back without duplicating anything.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import * as Y from 'yjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findFreePort, startPocketBase } from '../../scripts/lib/pocketbase.mjs';
import { within } from '../../server/testing/within';
import {
	connectCollabClient,
	createCollabFixture,
	type CollabClient,
	type CollabFixture
} from '../support/collab-client';
import { startTestPocketBase, type TestPocketBase } from '../support/pocketbase';
import { startTrameServerProcess, type TrameServerProcess } from '../support/trame-server';

const run = promisify(execFile);
const WAIT_MS = 20_000;

let pb: TestPocketBase;
let server: TrameServerProcess;
let fixture: CollabFixture;
const cleanup: (() => Promise<unknown> | void)[] = [];

beforeAll(async () => {
	pb = await startTestPocketBase();
	fixture = await createCollabFixture(pb, 'backup');
	server = await startTrameServerProcess({ pbUrl: pb.url, superuser: pb.superuser });
});

afterAll(async () => {
	for (const step of cleanup.reverse()) await step();
	await server?.stop();
	await pb?.stop();
});

function tempDir(label: string): string {
	const dir = mkdtempSync(join(tmpdir(), `trame-${label}-`));
	cleanup.push(() => rmSync(dir, { recursive: true, force: true }));
	return dir;
}

/** Runs `npm run <script>` the way npm does (tsx), with only the given Trame variables set. */
async function script(
	name: 'backup' | 'restore',
	args: string[],
	env: Record<string, string>
): Promise<{ code: number; stdout: string; stderr: string }> {
	const base = { ...process.env };
	for (const key of ['PB_URL', 'PB_PORT', 'TRAME_DATA_DIR', 'PB_SUPERUSER_EMAIL']) delete base[key];
	delete base.PB_SUPERUSER_PASSWORD;
	try {
		const { stdout, stderr } = await run(
			process.execPath,
			['--import', 'tsx', join('scripts', `${name}.ts`), ...args],
			{ env: { ...base, ...env }, timeout: 120_000 }
		);
		return { code: 0, stdout, stderr };
	} catch (error) {
		const failed = error as { code?: number; stdout?: string; stderr?: string };
		return { code: failed.code ?? -1, stdout: failed.stdout ?? '', stderr: failed.stderr ?? '' };
	}
}

async function typeMarkers(client: CollabClient, markers: string[]): Promise<void> {
	for (const marker of markers) {
		const text = client.doc.getText('text');
		client.doc.transact(() => text.insert(text.length, `${marker} `));
		await client.save();
	}
}

function count(text: string, marker: string): number {
	return text.split(marker).length - 1;
}

/** What a newcomer reads from the server: state vector and text. */
async function readDocument(wsUrl: string, documentId: string, token: string) {
	const reader = connectCollabClient({ wsUrl, documentId, token });
	try {
		await within(reader.synced(), WAIT_MS, 'a reader to sync');
		return { stateVector: Y.encodeStateVector(reader.doc), text: reader.text() };
	} finally {
		reader.destroy();
	}
}

describe('backup and restore drill', () => {
	it('restores exactly the backed-up document, and a newer client reconciles once', async () => {
		const documentId = await fixture.newDocument('Protocole sauvegardé');
		const alice = connectCollabClient({
			wsUrl: server.wsUrl,
			documentId,
			token: fixture.alice.token
		});
		cleanup.push(() => alice.destroy());
		await within(alice.synced(), WAIT_MS, 'alice to sync');
		const before = Array.from({ length: 5 }, (_, i) => `avant-${i}`);
		await typeMarkers(alice, before);
		const backedUp = await readDocument(server.wsUrl, documentId, fixture.bob.token);

		// Backup of the running instance, into a directory of its own.
		const opsDir = tempDir('backup-ops');
		const backup = await script('backup', [], {
			PB_URL: pb.url,
			TRAME_DATA_DIR: opsDir,
			PB_SUPERUSER_EMAIL: pb.superuser.email,
			PB_SUPERUSER_PASSWORD: pb.superuser.password
		});
		expect(backup.code, backup.stderr).toBe(0);
		const zipPath = backup.stdout.trim().split('\n').at(-1) ?? '';
		expect(zipPath.startsWith(join(opsDir, 'backups'))).toBe(true);
		expect(existsSync(zipPath)).toBe(true);
		// PocketBase's own copy is removed once downloaded (it would only grow pb_data).
		expect(await pb.admin.backups.getFullList()).toEqual([]);

		// The document changes after the backup; alice keeps the newer state.
		const after = Array.from({ length: 5 }, (_, i) => `apres-${i}`);
		await typeMarkers(alice, after);
		const newer = Y.encodeStateAsUpdate(alice.doc);
		alice.destroy();

		// Restore refuses while a PocketBase answers on the configured address, and writes nothing.
		const target = tempDir('restore-target');
		const refused = await script('restore', [zipPath], { PB_URL: pb.url, TRAME_DATA_DIR: target });
		expect(refused.code).not.toBe(0);
		expect(refused.stderr).toMatch(/PocketBase answers/);
		expect(readdirSync(target)).toEqual([]);

		// A bad archive is refused before anything changes.
		const notZip = join(opsDir, 'pas-une-sauvegarde.zip');
		writeFileSync(notZip, 'pas un zip');
		const port = await findFreePort();
		const badArchive = await script('restore', [notZip], {
			PB_PORT: String(port),
			TRAME_DATA_DIR: target
		});
		expect(badArchive.code).not.toBe(0);
		expect(badArchive.stderr).toMatch(/not a zip/);
		expect(readdirSync(target)).toEqual([]);

		// The restore moves an existing pb_data aside, never deletes it.
		mkdirSync(join(target, 'pb_data'));
		writeFileSync(join(target, 'pb_data', 'ancien.txt'), 'données précédentes');
		const restored = await script('restore', [zipPath], {
			PB_PORT: String(port),
			TRAME_DATA_DIR: target
		});
		expect(restored.code, restored.stderr).toBe(0);
		const aside = readdirSync(target).filter((name) => name.startsWith('pb_data.before-restore-'));
		expect(aside).toHaveLength(1);
		expect(existsSync(join(target, aside[0]!, 'ancien.txt'))).toBe(true);
		expect(existsSync(join(target, 'pb_data', 'data.db'))).toBe(true);

		// PocketBase and the collaboration server on the restored data.
		const restoredPb = await startPocketBase({
			dataDir: target,
			port,
			superuser: pb.superuser,
			log: () => {}
		});
		cleanup.push(() => restoredPb.stop());
		const restoredServer = await startTrameServerProcess({
			pbUrl: restoredPb.url,
			superuser: pb.superuser
		});
		cleanup.push(() => restoredServer.stop());

		const reopened = await readDocument(restoredServer.wsUrl, documentId, fixture.bob.token);
		expect(reopened.text).toBe(backedUp.text);
		expect(Y.decodeStateVector(reopened.stateVector)).toEqual(
			Y.decodeStateVector(backedUp.stateVector)
		);
		for (const marker of after) expect(count(reopened.text, marker)).toBe(0);

		// Alice comes back with the newer state (e.g. her browser's IndexedDB copy).
		const returning = connectCollabClient({
			wsUrl: restoredServer.wsUrl,
			documentId,
			token: fixture.alice.token
		});
		cleanup.push(() => returning.destroy());
		Y.applyUpdate(returning.doc, newer);
		await within(returning.synced(), WAIT_MS, 'the returning client to sync');
		await within(returning.save(), WAIT_MS, 'the reconciled state to be durable');
		const reconciled = await readDocument(restoredServer.wsUrl, documentId, fixture.bob.token);
		for (const marker of [...before, ...after]) {
			expect(count(reconciled.text, marker), marker).toBe(1);
		}
		expect(reconciled.text).toBe(returning.text());
		expect(Y.decodeStateVector(reconciled.stateVector)).toEqual(
			Y.decodeStateVector(Y.encodeStateVector(returning.doc))
		);
	}, 120_000);
});
