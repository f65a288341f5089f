/**
 * Asynchronous consent survives a restart: a proposal on a section is opened for a no-objection
 * window (a "day" shortened to 5 s by TRAME_ASYNC_DAY_MS, the one setting for this), the reminder
 * goes to the member who has not answered, the server is stopped in the middle of the window and
 * stays down past its end, and when it starts again its schedule (the stored due time, checked at
 * start-up) adopts the proposal and writes it into the document — which a stock y-websocket client
 * then reads. Real server process (production build), real PocketBase.
 * Needs `npm run build` first (npm test builds before the integration tests).
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import * as Y from 'yjs';
import { yXmlFragmentToProseMirrorRootNode } from '@tiptap/y-tiptap';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { documentSections, sectionText } from '../../src/lib/domain/proposal-section';
import type { ProseMirrorJSON } from '../../src/lib/domain/templates/protocol';
import { SECTION_TEXT_OPTIONS } from '../../src/lib/decisions/section-text';
import { EDITOR_FIELD, editorSchema } from '../../src/lib/editor/extensions';
import { createDocumentWithTemplate } from '../../src/lib/server/documents';
import { applyCommand, startConsentRound } from '../../src/lib/server/governance/round-writes';
import type { WritebackDeps } from '../../src/lib/server/governance/write-back';
import { storedDocumentState } from '../../src/lib/server/review/doc-state';
import { LiveHub } from '../../src/lib/server/live/hub';
import {
	connectCollabClient,
	createCollabFixture,
	type CollabFixture
} from '../support/collab-client';
import { startTestPocketBase, type TestPocketBase } from '../support/pocketbase';
import { startTrameServerProcess, type TrameServerProcess } from '../support/trame-server';

const BUILD_DIR = join(process.cwd(), 'build');
const DAY_MS = 5_000;
const schema = editorSchema();

let pb: TestPocketBase;
let fixture: CollabFixture;
let server: TrameServerProcess | null = null;
let deps: WritebackDeps;
let documentId: string;

function start() {
	return startTrameServerProcess({
		pbUrl: pb.url,
		superuser: pb.superuser,
		env: { TRAME_BUILD_DIR: BUILD_DIR, TRAME_ASYNC_DAY_MS: String(DAY_MS) }
	});
}

function sectionOf(state: Uint8Array, prefix: string): string {
	const doc = new Y.Doc();
	Y.applyUpdate(doc, state);
	const json = yXmlFragmentToProseMirrorRootNode(
		doc.getXmlFragment(EDITOR_FIELD),
		schema
	).toJSON() as ProseMirrorJSON;
	const section = documentSections(json).find((s) => s.heading.startsWith(prefix))!;
	const text = sectionText(json, section, SECTION_TEXT_OPTIONS);
	return text.ok ? text.text : '';
}

beforeAll(async () => {
	if (!existsSync(join(BUILD_DIR, 'handler.js')))
		throw new Error(`no production build in ${BUILD_DIR}: run \`npm run build\` first`);
	// The window this process opens has the same shortened days as the server's schedule.
	process.env.TRAME_ASYNC_DAY_MS = String(DAY_MS);
	pb = await startTestPocketBase();
	fixture = await createCollabFixture(pb, 'async');
	deps = { admin: pb.admin, hub: new LiveHub(), documents: null };
	const created = await createDocumentWithTemplate(pb.admin, {
		experimentId: fixture.experimentId,
		userId: fixture.alice.id,
		kind: 'protocole',
		title: 'Protocole'
	});
	if (!created.ok) throw new Error(created.error);
	documentId = created.id;
	server = await start();
});

afterAll(async () => {
	delete process.env.TRAME_ASYNC_DAY_MS;
	await server?.stop();
	await pb?.stop();
});

describe('an asynchronous consent window', () => {
	it('reminds, survives a restart in its middle, then adopts and writes back at start-up', async () => {
		const { alice, bob } = fixture;
		const state = await storedDocumentState(pb.admin, documentId);
		const frozen = sectionOf(state, '5.');
		const doc = new Y.Doc();
		Y.applyUpdate(doc, state);
		const section = documentSections(
			yXmlFragmentToProseMirrorRootNode(
				doc.getXmlFragment(EDITOR_FIELD),
				schema
			).toJSON() as ProseMirrorJSON
		).find((s) => s.heading.startsWith('5.'))!;
		const proposed = `${frozen}\nLe tirage au sort est fait en public, en mairie.`;
		const roundId = await startConsentRound(deps, {
			experimentId: fixture.experimentId,
			userId: alice.id,
			title: 'Dispositif',
			text: proposed,
			source: { documentId, index: section.index, heading: section.heading },
			proposerId: alice.id,
			participants: [alice.id, bob.id],
			window: { days: 2, reviewDate: '2099-01-01' }
		});
		const opened = await pb.admin.collection('rounds').getOne(roundId);
		expect(opened).toMatchObject({ mode: 'async', phase: 'objections' });
		await applyCommand(deps, {
			roundId,
			userId: alice.id,
			body: { type: 'record_position', kind: 'consent', text: '' }
		});

		// Halfway, the schedule reminds Bob (who has not answered), not Alice.
		const reminders = (user: string) =>
			pb.admin.collection('notifications').getFullList({
				filter: pb.admin.filter("user = {:u} && kind = 'round_reminder'", { u: user })
			});
		await vi.waitFor(async () => expect(await reminders(bob.id)).toHaveLength(1), {
			timeout: 15_000,
			interval: 200
		});
		expect(await reminders(alice.id)).toHaveLength(0);

		// Stopped in the middle of the window, and down past its end.
		await server!.stop();
		server = null;
		const closesAt = Date.parse(
			String((opened.state as { window: { closesAt: string } }).window.closesAt)
		);
		const stillOpen = await pb.admin.collection('rounds').getOne(roundId);
		expect(stillOpen.closed).toBe(false);
		await new Promise((resolve) => setTimeout(resolve, Math.max(0, closesAt - Date.now()) + 500));
		expect((await pb.admin.collection('rounds').getOne(roundId)).closed).toBe(false);

		// Started again: the stored due time is checked at once.
		server = await start();
		await vi.waitFor(
			async () => {
				const round = await pb.admin.collection('rounds').getOne(roundId);
				expect(round).toMatchObject({ closed: true, phase: 'adopted' });
			},
			{ timeout: 20_000, interval: 200 }
		);
		const decision = await pb.admin
			.collection('decisions')
			.getFirstListItem(pb.admin.filter('round = {:r}', { r: roundId }));
		expect(decision).toMatchObject({ outcome: 'adopted', mode: 'async', text: proposed });
		expect((decision.silent as { id: string }[]).map((p) => p.id)).toEqual([bob.id]);
		await vi.waitFor(
			async () => {
				const writeback = await pb.admin
					.collection('decision_writebacks')
					.getFirstListItem(pb.admin.filter('decision = {:d}', { d: decision.id }));
				expect(writeback).toMatchObject({ outcome: 'applied', hash: decision.hash });
			},
			{ timeout: 10_000 }
		);
		expect(sectionOf(await storedDocumentState(pb.admin, documentId), '5.')).toBe(proposed);

		// A stock y-websocket client reads it from the restarted server.
		const reader = connectCollabClient({ wsUrl: server.wsUrl, documentId, token: bob.token });
		try {
			await reader.synced();
			expect(sectionOf(Y.encodeStateAsUpdate(reader.doc), '5.')).toBe(proposed);
		} finally {
			reader.destroy();
		}
	}, 90_000);
});
