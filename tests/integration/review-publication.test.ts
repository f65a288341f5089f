/**
 * Versions, exports and publication against the real PocketBase: a public page shows only the
 * published version (never the live draft, never comments); only editors name, restore and
 * publish; exports come from the stored binary state, and the PDF is parsed back.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { prosemirrorJSONToYDoc } from '@tiptap/y-tiptap';
import { PDFParse } from 'pdf-parse';
import { EDITOR_FIELD, editorSchema } from '../../src/lib/editor/extensions';
import { startTestPocketBase, type TestPocketBase } from '../support/pocketbase';
import { createCollabFixture, type CollabFixture } from '../support/collab-client';
import { reviewContext } from '../../src/lib/server/review/context';
import {
	createNamedVersion,
	listVersions,
	prepareRestore,
	versionContent
} from '../../src/lib/server/review/versions';
import {
	currentPublication,
	publicationBySlug,
	publishVersion,
	unpublish
} from '../../src/lib/server/review/publication';
import { buildExport, exportLabels } from '../../src/lib/server/export/service';
import { exportHtml, toPdf } from '../../src/lib/server/export/pdf';
import { ReviewError } from '../../src/lib/server/review/errors';

let pb: TestPocketBase;
let fixture: CollabFixture;
let documentId: string;

const field = (name: string, value: string) => ({
	type: 'partField',
	attrs: { name },
	content: [{ type: 'text', text: value }]
});

function stateOf(extra: string): Uint8Array {
	const doc = prosemirrorJSONToYDoc(
		editorSchema(),
		{
			type: 'doc',
			content: [
				{
					type: 'heading',
					attrs: { level: 1 },
					content: [{ type: 'text', text: 'Protocole publié' }]
				},
				{
					type: 'heading',
					attrs: { level: 2 },
					content: [{ type: 'text', text: 'Moyens et budget' }]
				},
				{
					type: 'budgetPart',
					content: [
						{
							type: 'budgetLine',
							content: [
								field('item', 'Indemnisation des citoyens'),
								field('amount', '12 000'),
								field('funder', 'Région')
							]
						}
					]
				},
				{ type: 'paragraph', content: [{ type: 'text', text: extra }] }
			]
		},
		EDITOR_FIELD
	);
	return Y.encodeStateAsUpdate(doc);
}

async function storeRow(state: Uint8Array) {
	await pb.admin.collection('doc_updates').create({
		document: documentId,
		data: Buffer.from(state).toString('base64'),
		bytes: state.byteLength,
		compacted: false
	});
}

const code = (promise: Promise<unknown>) =>
	promise.then(
		() => 'ok',
		(error: unknown) => (error instanceof ReviewError ? error.code : String(error))
	);

/** Puts the user on the team of the default organisation (its editors publish). */
async function makeEditor(userId: string) {
	const labo = await pb.admin.collection('organisations').getFirstListItem("slug = 'labo'");
	const filter = pb.admin.filter('organisation = {:o} && user = {:u}', { o: labo.id, u: userId });
	const [row] = await pb.admin.collection('org_memberships').getFullList({ filter });
	if (row) await pb.admin.collection('org_memberships').update(row.id, { role: 'team' });
	else
		await pb.admin
			.collection('org_memberships')
			.create({ organisation: labo.id, user: userId, role: 'team' });
}

beforeAll(async () => {
	pb = await startTestPocketBase();
	fixture = await createCollabFixture(pb, 'pub');
	documentId = await fixture.newDocument('Protocole publié');
	await storeRow(stateOf('Texte validé par le COPIL.'));
});

afterAll(async () => {
	await pb?.stop();
});

describe('versions and publication (real PocketBase)', () => {
	it('names versions for editors only, and restores only for editors', async () => {
		const alice = await reviewContext(pb.admin, documentId, fixture.alice.id);
		const olga = await reviewContext(pb.admin, documentId, fixture.olga.id);
		expect(await code(createNamedVersion(pb.admin, olga, 'Essai'))).toBe('forbidden');
		expect(await code(createNamedVersion(pb.admin, alice, '   '))).toBe('name_required');
		const { id } = await createNamedVersion(pb.admin, alice, 'Version soumise au COPIL du 12 mars');
		const versions = await listVersions(pb.admin, olga);
		expect(versions.map((v) => [v.kind, v.name, v.createdByName])).toEqual([
			['named', 'Version soumise au COPIL du 12 mars', 'Alice']
		]);
		const content = JSON.stringify(await versionContent(pb.admin, olga, id));
		expect(content).toContain('Texte validé par le COPIL.');

		expect(await code(prepareRestore(pb.admin, olga, id))).toBe('forbidden');
		const restore = await prepareRestore(pb.admin, alice, id);
		expect(JSON.stringify(restore.content)).toContain('Texte validé par le COPIL.');
		const after = await listVersions(pb.admin, alice);
		expect(after[0]).toMatchObject({ id: restore.beforeId, kind: 'before_restore' });
		// A non-member sees no version through the API rules either.
		const mallory = await pb.userClient(fixture.mallory.email, fixture.mallory.password);
		expect(await mallory.collection('doc_versions').getFullList()).toEqual([]);
	});

	it('shows only the published version on the public page, without comments', async () => {
		const alice = await reviewContext(pb.admin, documentId, fixture.alice.id);
		const olga = await reviewContext(pb.admin, documentId, fixture.olga.id);
		const named = (await listVersions(pb.admin, alice)).find((v) => v.kind === 'named')!;
		// The draft moves on after the version, and gets a comment.
		await storeRow(stateOf('BROUILLON NON PUBLIÉ'));
		await pb.admin.collection('review_threads').create({
			document: documentId,
			author: fixture.alice.id,
			kind: 'comment',
			anchor: { from: { tname: 'default' }, to: { tname: 'default' } },
			quote: 'COMMENTAIRE INTERNE',
			status: 'open'
		});

		expect(await code(publishVersion(pb.admin, olga, named.id))).toBe('forbidden');
		// The organisation's editors publish (issue 17): the coordinator alone may not.
		expect(await code(publishVersion(pb.admin, alice, named.id))).toBe('forbidden');
		await makeEditor(fixture.alice.id);
		const editor = await reviewContext(pb.admin, documentId, fixture.alice.id);
		const publication = await publishVersion(pb.admin, editor, named.id);
		expect(publication.slug).toBe('protocole-publie');
		const found = await publicationBySlug(pb.admin, publication.slug);
		expect(found).toEqual({
			documentId,
			experimentId: fixture.experimentId,
			versionId: named.id
		});
		const doc = await buildExport(pb.admin, found!, {
			versionId: found!.versionId,
			withComments: false,
			now: new Date('2027-03-12T10:00:00Z')
		});
		const html = exportHtml(doc, exportLabels(), 'fr');
		expect(html).toContain('Texte validé par le COPIL.');
		expect(html).toContain('Indemnisation des citoyens');
		expect(html).not.toContain('BROUILLON');
		expect(html).not.toContain('COMMENTAIRE INTERNE');
		// Re-publishing keeps the URL; unpublishing removes the page.
		expect((await publishVersion(pb.admin, editor, named.id)).slug).toBe('protocole-publie');
		expect(await code(unpublish(pb.admin, olga))).toBe('forbidden');
		await unpublish(pb.admin, editor);
		expect(await publicationBySlug(pb.admin, 'protocole-publie')).toBeNull();
		expect(await currentPublication(pb.admin, documentId)).toBeNull();
		expect(await publicationBySlug(pb.admin, '../etc')).toBeNull();
	});

	it('exports the live draft as a PDF with the title page, headings and the budget line', async () => {
		const alice = await reviewContext(pb.admin, documentId, fixture.alice.id);
		const doc = await buildExport(pb.admin, alice, {
			versionId: null,
			withComments: true,
			now: new Date('2027-03-12T10:00:00Z'),
			readerValues: true
		});
		const pdf = await toPdf(doc, exportLabels(), 'fr');
		expect(Buffer.from(pdf.subarray(0, 5)).toString()).toBe('%PDF-');
		const parser = new PDFParse({ data: Buffer.from(pdf) });
		const { text } = await parser.getText();
		await parser.destroy();
		expect(text).toContain('Protocole publié');
		expect(text).toContain('Moyens et budget');
		// The amount as a reader reads it (typed "12 000").
		expect(text).toMatch(/Indemnisation des citoyens\s+12\s000,00\s€\s+Région/);
		expect(text).toContain('BROUILLON NON PUBLIÉ'); // the live draft, this time
		expect(text).toContain('COMMENTAIRE INTERNE'); // open comments appendix on request
		expect(text).toContain('12 mars 2027');
	}, 60_000);
});
