/**
 * Schema 3 migration with the real server and PocketBase: documents stored under schema 2 with
 * their template prompts as italic text are migrated by the collaboration server at startup
 * (through the collaboration path, durably), their version recorded, every other edit kept; a
 * client then syncs the migrated document.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { prosemirrorJSONToYDoc, yXmlFragmentToProseMirrorRootNode } from '@tiptap/y-tiptap';
import { startTestPocketBase, type TestPocketBase } from '../support/pocketbase';
import {
	connectCollabClient,
	createCollabFixture,
	type CollabFixture
} from '../support/collab-client';
import { startTrameServerProcess, type TrameServerProcess } from '../support/trame-server';
import { EDITOR_FIELD, editorSchema } from '../../src/lib/editor/extensions';
import { EDITOR_SCHEMA_VERSION } from '../../src/lib/editor/schema-version';
import { PROTOCOL_SECTIONS, protocolTemplate } from '../../src/lib/domain/templates/protocol';
import { encodeRow, mergeRows, ROW_FIELDS } from '../../server/storage/update-codec';

let pb: TestPocketBase;
let fixture: CollabFixture;
let server: TrameServerProcess | null = null;
const schema = editorSchema();
const FIRST = PROTOCOL_SECTIONS.fr[0]!.prompt;
const SECOND = PROTOCOL_SECTIONS.fr[1]!.prompt;

/** A protocol as schema 2 stored it, where someone wrote after the first prompt. */
function legacyState(): Uint8Array {
	const template = protocolTemplate('fr', 'Protocole ancien');
	const content = (template.content ?? []).map((node) =>
		node.placeholder
			? {
					type: 'paragraph',
					content: [{ type: 'text', text: node.placeholder, marks: [{ type: 'italic' }] }]
				}
			: node
	);
	content[2] = {
		type: 'paragraph',
		content: [
			{ type: 'text', text: FIRST, marks: [{ type: 'italic' }] },
			{ type: 'text', text: ' Notre réponse.' }
		]
	};
	return Y.encodeStateAsUpdate(
		prosemirrorJSONToYDoc(schema, { ...template, content }, EDITOR_FIELD)
	);
}

async function storedText(documentId: string): Promise<string> {
	const rows = await pb.admin.collection('doc_updates').getFullList({
		filter: pb.admin.filter('document = {:d}', { d: documentId }),
		fields: ROW_FIELDS
	});
	const ydoc = new Y.Doc();
	Y.applyUpdate(ydoc, mergeRows(rows));
	const root = yXmlFragmentToProseMirrorRootNode(ydoc.getXmlFragment(EDITOR_FIELD), schema);
	return root.textBetween(0, root.content.size, '\n');
}

beforeAll(async () => {
	pb = await startTestPocketBase();
	fixture = await createCollabFixture(pb, 'mig');
});

afterAll(async () => {
	await server?.stop();
	await pb?.stop();
});

describe('schema 3 migration of stored documents', () => {
	it('removes untouched prompts once, durably, and records the new version', async () => {
		const documentId = await fixture.newDocument('Protocole ancien');
		await pb.admin
			.collection('documents')
			.update(documentId, { kind: 'protocole', schema_version: 2 });
		await pb.admin
			.collection('doc_updates')
			.create({ document: documentId, compacted: true, ...encodeRow(legacyState()) });
		expect(await storedText(documentId)).toContain(SECOND);

		server = await startTrameServerProcess({ pbUrl: pb.url, superuser: pb.superuser });
		await vi.waitFor(
			async () => {
				const record = await pb.admin.collection('documents').getOne(documentId);
				expect(record.schema_version).toBe(EDITOR_SCHEMA_VERSION);
			},
			{ timeout: 20_000, interval: 200 }
		);
		const text = await storedText(documentId);
		expect(text).not.toContain(SECOND);
		expect(text).toContain(`${FIRST} Notre réponse.`);
		expect(text).toContain('1. Contexte et territoire');
		expect(server.events().some((e) => e.event === 'collab.document_migrated')).toBe(true);

		// An editor now syncs the migrated document.
		const client = connectCollabClient({
			wsUrl: server.wsUrl,
			documentId,
			token: fixture.alice.token
		});
		try {
			await client.synced();
			const root = yXmlFragmentToProseMirrorRootNode(
				client.doc.getXmlFragment(EDITOR_FIELD),
				schema
			);
			expect(root.textContent).not.toContain(SECOND);
		} finally {
			client.destroy();
		}
	});
});
