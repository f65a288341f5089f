/**
 * Import end to end against the real PocketBase and the real collaboration server (in process):
 * - a new document from a Word protocol: record, first Yjs state and the comment thread in one
 *   batch; another member opens it live and reads the sections, the budget rows and the thread;
 * - bad files and refusals create nothing;
 * - import into a section of a document open in someone's editor: applied by the collaboration
 *   server (the open editor receives it), stored, its comment anchored in it; a section renamed
 *   meanwhile is refused with nothing written.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { initProseMirrorDoc } from '@tiptap/y-tiptap';
import { startTestPocketBase, type TestPocketBase } from '../support/pocketbase';
import {
	connectCollabClient,
	createCollabFixture,
	type CollabFixture
} from '../support/collab-client';
import { startTrameServer, type TrameServer } from '../../server/index';
import { createMemoryLogger } from '../../server/log';
import { createImportConverter } from '../../server/import/runner';
import { EDITOR_FIELD, editorSchema } from '../../src/lib/editor/extensions';
import { resolveAnchor } from '../../src/lib/review/anchors';
import { reviewContext } from '../../src/lib/server/review/context';
import { loadSnapshot } from '../../src/lib/server/review/threads';
import { stateToProseMirror, storedDocumentState } from '../../src/lib/server/review/doc-state';
import { createDocumentWithTemplate } from '../../src/lib/server/documents';
import { plainText } from '../../src/lib/domain/import/template-merge';
import type { ProseMirrorJSON } from '../../src/lib/domain/templates/protocol';
import {
	ImportServiceError,
	analyseImport,
	commentWording,
	confirmImport,
	type ImportTarget
} from '../../src/lib/server/import/service';
import { CORPUS, wordProtocol } from '../support/import-corpus';
import { garbage, zipBomb } from '../support/import-files';

let pb: TestPocketBase;
let server: TrameServer;
let fixture: CollabFixture;
const converter = createImportConverter();
const schema = editorSchema();
const wording = commentWording('fr', {
	comment: ({ author, date, text }) => `${author} (${date}, commentaire importé) : ${text}`,
	reply: ({ author, date, text }) => `${author} (${date}) : ${text}`,
	noPassage: () => '(passage introuvable)',
	unknownAuthor: () => 'auteur inconnu'
});

beforeAll(async () => {
	pb = await startTestPocketBase();
	fixture = await createCollabFixture(pb, 'import');
	server = await startTrameServer({
		port: 0,
		origin: 'http://trame.test',
		pbUrl: pb.url,
		superuser: pb.superuser,
		logger: createMemoryLogger(),
		buildDir: '/nonexistent'
	});
}, 120_000);

afterAll(async () => {
	await server?.close();
	await pb?.stop();
});

const wsUrl = () => server.url.replace('http', 'ws');
const deps = () => ({ admin: pb.admin, live: server.collab.live, wording });

function newTarget(): ImportTarget {
	return {
		type: 'new',
		experimentId: fixture.experimentId,
		kind: 'protocole',
		title: '',
		locale: 'fr'
	};
}

async function failure(promise: Promise<unknown>): Promise<string> {
	try {
		await promise;
	} catch (error) {
		if (error instanceof ImportServiceError) return error.id;
		throw error;
	}
	return 'accepted';
}

function liveJson(doc: Y.Doc): ProseMirrorJSON {
	return initProseMirrorDoc(
		doc.getXmlFragment(EDITOR_FIELD),
		schema
	).doc.toJSON() as ProseMirrorJSON;
}

function partRows(json: ProseMirrorJSON, type: string): string[][] {
	return (json.content ?? [])
		.filter((n) => n.type === type)
		.flatMap((n) => (n.content ?? []).map((row) => (row.content ?? []).map(plainText)));
}

async function documentCount(): Promise<number> {
	return (await pb.admin.collection('documents').getList(1, 1)).totalItems;
}

describe('import as a new document', () => {
	it('creates the document, its state and its comment thread; another member reads them live', async () => {
		const analysed = await analyseImport(
			{ admin: pb.admin, converter },
			{
				userId: fixture.alice.id,
				target: newTarget(),
				fileName: 'Protocole Saint-Affrique.docx',
				data: await wordProtocol()
			}
		);
		const report = analysed.report;
		expect(report.title).toBe(CORPUS.title);
		expect(report.sections).toHaveLength(6);
		expect(report.partTables.map((p) => [p.kind, p.tables, p.rows])).toEqual([
			['calendar', 1, 2],
			['budget', 1, 3],
			['indicators', 1, 1]
		]);
		expect(report.images.filter((i) => !i.alt)).toHaveLength(1);
		expect(report.comments).toBe(1);
		expect(report.trackedChanges).toHaveLength(2);

		const { documentId } = await confirmImport(deps(), fixture.alice.id, analysed.token);
		// The token is spent: a second confirmation imports nothing twice.
		expect(await failure(confirmImport(deps(), fixture.alice.id, analysed.token))).toBe('expired');
		const record = await pb.admin.collection('documents').getOne(documentId);
		expect(record.title).toBe(CORPUS.title);
		expect(record.search_text).toContain('Saint-Affrique');
		const rows = await pb.admin
			.collection('doc_updates')
			.getFullList({ filter: `document = "${documentId}"` });
		expect(rows).toHaveLength(1);

		const bob = connectCollabClient({
			wsUrl: wsUrl(),
			documentId,
			token: fixture.bob.token,
			origin: 'http://trame.test'
		});
		try {
			await bob.synced();
			const json = liveJson(bob.doc);
			const sections = (json.content ?? [])
				.filter((n) => n.type === 'heading' && n.attrs?.level === 2)
				.map(plainText);
			expect(sections.slice(0, 3)).toEqual([
				'1. Contexte et territoire',
				'2. Enjeux visés',
				'3. Question de recherche et hypothèses'
			]);
			expect(partRows(json, 'budgetPart')).toEqual(CORPUS.budget);

			const ctx = await reviewContext(pb.admin, documentId, fixture.bob.id);
			const snapshot = await loadSnapshot(pb.admin, ctx);
			expect(snapshot.threads).toHaveLength(1);
			const thread = snapshot.threads[0]!;
			expect(thread.authorId).toBe(fixture.alice.id);
			expect(thread.quote).toBe(CORPUS.comment.passage);
			expect(thread.messages[0]!.body).toContain(
				`${CORPUS.comment.author} (3 novembre 2026, commentaire importé) : ${CORPUS.comment.text}`
			);
			const fragment = bob.doc.getXmlFragment(EDITOR_FIELD);
			const { doc, mapping } = initProseMirrorDoc(fragment, schema);
			const range = resolveAnchor(bob.doc, fragment, mapping, thread.anchor)!;
			expect(doc.textBetween(range.from, range.to)).toBe(CORPUS.comment.passage);
		} finally {
			bob.destroy();
		}
	}, 120_000);

	it('creates nothing for a bad file or a member who may not edit', async () => {
		const before = await documentCount();
		const word = await wordProtocol();
		for (const [data, name, expected] of [
			[garbage(), 'x.docx', 'corrupt'],
			[zipBomb(word), 'bombe.docx', 'zip_bomb'],
			[new Uint8Array(0), 'vide.md', 'empty']
		] as const) {
			expect(
				await failure(
					analyseImport(
						{ admin: pb.admin, converter },
						{ userId: fixture.alice.id, target: newTarget(), fileName: name, data }
					)
				)
			).toBe(expected);
		}
		expect(
			await failure(
				analyseImport(
					{ admin: pb.admin, converter },
					{ userId: fixture.olga.id, target: newTarget(), fileName: 'p.docx', data: word }
				)
			)
		).toBe('forbidden');
		expect(
			await failure(
				analyseImport(
					{ admin: pb.admin, converter },
					{ userId: fixture.mallory.id, target: newTarget(), fileName: 'p.docx', data: word }
				)
			)
		).toBe('not_found');
		expect(await failure(confirmImport(deps(), fixture.alice.id, 'A'.repeat(24)))).toBe('expired');
		expect(await documentCount()).toBe(before);
	}, 120_000);
});

describe('import into a section of an open document', () => {
	let documentId: string;
	let budgetIndex: number;

	beforeAll(async () => {
		const created = await createDocumentWithTemplate(pb.admin, {
			experimentId: fixture.experimentId,
			userId: fixture.alice.id,
			kind: 'protocole',
			title: 'Protocole ouvert'
		});
		if (!created.ok) throw new Error(created.error);
		documentId = created.id;
		budgetIndex = 8; // "9. Moyens et budget"
	});

	it('reaches the open editor live, is stored, and anchors the comment in it', async () => {
		const bob = connectCollabClient({
			wsUrl: wsUrl(),
			documentId,
			token: fixture.bob.token,
			origin: 'http://trame.test'
		});
		try {
			await bob.synced();
			const analysed = await analyseImport(
				{ admin: pb.admin, converter },
				{
					userId: fixture.alice.id,
					target: { type: 'section', documentId, sectionIndex: budgetIndex },
					fileName: 'annexe.docx',
					data: await wordProtocol()
				}
			);
			expect(analysed.report.title).toBe('9. Moyens et budget');
			expect(analysed.report.partTables.map((p) => p.kind)).toEqual(['budget']);
			// Bob types elsewhere while the import is confirmed.
			const first = bob.doc.getXmlFragment(EDITOR_FIELD).get(0) as Y.XmlElement;
			(first.get(0) as Y.XmlText).insert(0, 'Brouillon — ');
			await confirmImport(deps(), fixture.alice.id, analysed.token);

			await vi.waitFor(
				() => expect(partRows(liveJson(bob.doc), 'budgetPart')).toEqual(CORPUS.budget),
				{ timeout: 10_000 }
			);
			const json = liveJson(bob.doc);
			expect(plainText(json.content![0]!)).toBe('Brouillon — Protocole ouvert');
			const at = json.content!.findIndex((n) => plainText(n) === '9. Moyens et budget');
			expect(plainText(json.content![at + 1]!)).toBe(CORPUS.title);
			expect(JSON.stringify(json)).toContain(CORPUS.contextText);
			// Durable: the stored rows hold it (the change went through the store's queue).
			await bob.save();
			const stored = stateToProseMirror(await storedDocumentState(pb.admin, documentId));
			expect(partRows(stored, 'budgetPart')).toEqual(CORPUS.budget);
			expect(plainText(stored.content![0]!)).toBe('Brouillon — Protocole ouvert');

			const snapshot = await loadSnapshot(
				pb.admin,
				await reviewContext(pb.admin, documentId, fixture.bob.id)
			);
			expect(snapshot.threads).toHaveLength(1);
			const fragment = bob.doc.getXmlFragment(EDITOR_FIELD);
			const { doc, mapping } = initProseMirrorDoc(fragment, schema);
			const range = resolveAnchor(bob.doc, fragment, mapping, snapshot.threads[0]!.anchor)!;
			expect(doc.textBetween(range.from, range.to)).toBe(CORPUS.comment.passage);
		} finally {
			bob.destroy();
		}
	}, 120_000);

	it('refuses when the section was renamed meanwhile, writing nothing', async () => {
		const analysed = await analyseImport(
			{ admin: pb.admin, converter },
			{
				userId: fixture.alice.id,
				target: { type: 'section', documentId, sectionIndex: budgetIndex },
				fileName: 'notes.md',
				data: new TextEncoder().encode('Une ligne de plus.')
			}
		);
		const bob = connectCollabClient({
			wsUrl: wsUrl(),
			documentId,
			token: fixture.bob.token,
			origin: 'http://trame.test'
		});
		try {
			await bob.synced();
			const fragment = bob.doc.getXmlFragment(EDITOR_FIELD);
			const index = fragment
				.toArray()
				.findIndex(
					(node) => node instanceof Y.XmlElement && node.toString().includes('9. Moyens et budget')
				);
			((fragment.get(index) as Y.XmlElement).get(0) as Y.XmlText).insert(0, 'Nouveau ');
			await bob.save();
			const threadsBefore = (await pb.admin.collection('review_threads').getList(1, 1)).totalItems;
			expect(await failure(confirmImport(deps(), fixture.alice.id, analysed.token))).toBe(
				'section_changed'
			);
			expect((await pb.admin.collection('review_threads').getList(1, 1)).totalItems).toBe(
				threadsBefore
			);
			expect(JSON.stringify(liveJson(bob.doc))).not.toContain('Une ligne de plus.');
		} finally {
			bob.destroy();
		}
	}, 120_000);
});
