/**
 * Suggestions from people who may only comment, against the real stack (PocketBase, the
 * production server on port 0, stock y-websocket clients): their own suggestion lands and is
 * durable; a direct edit or a suggestion under someone else's name closes their socket with
 * `suggestion_refused` and is neither applied nor stored.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { yXmlFragmentToProseMirrorRootNode } from '@tiptap/y-tiptap';
import { CloseCode } from '../../src/lib/collab/protocol';
import { EDITOR_FIELD, editorSchema } from '../../src/lib/editor/extensions';
import { INSERT_MARK, DELETE_MARK } from '../../src/lib/editor/suggestions/marks';
import { trackedChanges } from '../../src/lib/editor/suggestions/changes';
import { startTrameServer, type TrameServer } from '../../server/index';
import { createMemoryLogger } from '../../server/log';
import { PocketBaseStore } from '../../server/storage/pocketbase-store';
import { startTestPocketBase, type TestPocketBase } from '../support/pocketbase';
import {
	connectCollabClient,
	createCollabFixture,
	type CollabClient,
	type CollabFixture,
	type FixtureUser
} from '../support/collab-client';

const schema = editorSchema();
const ORIGIN = 'http://trame.test';
let pb: TestPocketBase;
let server: TrameServer;
let fixture: CollabFixture;
let partner: FixtureUser;
let documentId: string;
let coordinator: CollabClient;
const logger = createMemoryLogger();
const open: CollabClient[] = [];

function connect(user: FixtureUser): CollabClient {
	const client = connectCollabClient({
		wsUrl: server.url.replace('http', 'ws'),
		documentId,
		token: user.token,
		origin: ORIGIN
	});
	open.push(client);
	return client;
}

function paragraphText(doc: Y.Doc): Y.XmlText {
	const paragraph = doc.getXmlFragment(EDITOR_FIELD).get(0) as Y.XmlElement;
	return paragraph.get(0) as Y.XmlText;
}

/** The body as text, `+…+` for pending insertions and `-…-` for pending deletions. */
function shown(doc: Y.Doc): string {
	const root = yXmlFragmentToProseMirrorRootNode(doc.getXmlFragment(EDITOR_FIELD), schema);
	let out = '';
	root.descendants((node) => {
		if (!node.isText) return true;
		const names = node.marks.map((m) => m.type.name);
		const sign = names.includes(INSERT_MARK) ? '+' : names.includes(DELETE_MARK) ? '-' : '';
		out += `${sign}${node.text}${sign}`;
		return false;
	});
	return out;
}

async function stored(): Promise<Y.Doc> {
	const doc = new Y.Doc();
	for (const row of await new PocketBaseStore(pb.admin).load(documentId))
		Y.applyUpdate(doc, row.data);
	return doc;
}

const by = (user: FixtureUser, id: string) => ({ id, author: user.id, authorName: 'P', time: 1 });

beforeAll(async () => {
	pb = await startTestPocketBase();
	fixture = await createCollabFixture(pb, 'suggest');
	const record = await pb.createUser({
		email: 'paula.suggest@trame.test',
		password: 'Paula-password-123',
		name: 'Paula'
	});
	await pb.addMember(fixture.experimentId, record.id, 'partner');
	const client = await pb.userClient('paula.suggest@trame.test', 'Paula-password-123');
	partner = {
		id: record.id,
		email: 'paula.suggest@trame.test',
		password: 'Paula-password-123',
		token: client.authStore.token
	};
	documentId = await fixture.newDocument();
	server = await startTrameServer({
		port: 0,
		origin: ORIGIN,
		pbUrl: pb.url,
		superuser: pb.superuser,
		logger,
		buildDir: '/nonexistent'
	});
	coordinator = connect(fixture.alice);
	await coordinator.synced();
	coordinator.doc.transact(() => {
		const paragraph = new Y.XmlElement('paragraph');
		const text = new Y.XmlText();
		paragraph.insert(0, [text]);
		coordinator.doc.getXmlFragment(EDITOR_FIELD).insert(0, [paragraph]);
		text.insert(0, 'Budget 2026');
	});
	await coordinator.save();
}, 120_000);

afterAll(async () => {
	for (const client of open) client.destroy();
	await server?.close();
	await pb?.stop();
});

describe('suggestions from a partner (comment role)', () => {
	it.each([
		['a direct edit', (text: Y.XmlText) => text.insert(0, 'Vandal ')],
		['a deletion', (text: Y.XmlText) => text.delete(0, 7)],
		[
			'a suggestion under the coordinator’s name',
			(text: Y.XmlText) =>
				text.insert(11, ' forged', { [INSERT_MARK]: by(fixture.alice, 'forged') })
		]
	])(
		'refuses %s: socket closed with suggestion_refused, nothing applied or stored',
		async (_n, edit) => {
			const before = shown(coordinator.doc);
			const paula = connect(partner);
			await paula.synced();
			paula.doc.transact(() => edit(paragraphText(paula.doc)));
			await vi.waitFor(() => expect(paula.closeCodes).toContain(CloseCode.SuggestionRefused));
			expect(paula.errors).toContain('suggestion_refused');
			await expect(paula.save(2_000)).rejects.toThrow();
			await coordinator.save();
			expect(shown(coordinator.doc)).toBe(before);
			expect(shown(await stored())).toBe(before);
			paula.destroy();
		}
	);

	it('applies, broadcasts and stores her own suggestion (insertion and deletion)', async () => {
		const paula = connect(partner);
		await paula.synced();
		paula.doc.transact(() => {
			const text = paragraphText(paula.doc);
			text.format(7, 4, { [DELETE_MARK]: by(partner, 's1') });
			text.insert(11, '2027', { [INSERT_MARK]: by(partner, 's1') });
		});
		await paula.save();
		expect(paula.closeCodes).toEqual([]);
		await vi.waitFor(() => expect(shown(coordinator.doc)).toBe('Budget -2026-+2027+'));
		const durable = await stored();
		expect(shown(durable)).toBe('Budget -2026-+2027+');
		const root = yXmlFragmentToProseMirrorRootNode(durable.getXmlFragment(EDITOR_FIELD), schema);
		expect(trackedChanges(root)).toMatchObject([
			{ id: 's1', author: partner.id, inserted: '2027', deleted: '2026' }
		]);
		expect(logger.entries.filter((e) => e.event === 'collab.suggestion_refused')).toHaveLength(3);
	});
});
