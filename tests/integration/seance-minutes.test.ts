/**
 * A séance's minutes through the real collaboration server and PocketBase: the live notes are one
 * document per séance (one fragment per item) that two stock y-websocket clients write together
 * and an observer only reads; the compte rendu is generated after closing as a normal document
 * (attendance, notes, decision text and hash, actions), regenerated only when asked, through a
 * live change another editor sees, the text before kept as a version; the procès-verbal is
 * written as DOCX (read back from word/document.xml) and PDF (read back with pdf-parse).
 */
import * as Y from 'yjs';
import { unzipSync, strFromU8 } from 'fflate';
import { PDFParse } from 'pdf-parse';
import { yXmlFragmentToProseMirrorRootNode } from '@tiptap/y-tiptap';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startTrameServer, type TrameServer } from '../../server/index';
import { silentLogger } from '../../server/log';
import { EDITOR_FIELD, editorSchema } from '../../src/lib/editor/extensions';
import { notesField } from '../../src/lib/editor/notes-extensions';
import { sha256Hex } from '../../src/lib/server/governance/hash';
import { applyCommand, startConsentRound } from '../../src/lib/server/governance/round-writes';
import type { WritebackDeps } from '../../src/lib/server/governance/write-back';
import { storedDocumentState } from '../../src/lib/server/review/doc-state';
import { LiveHub } from '../../src/lib/server/live/hub';
import { ensureSeanceNotes } from '../../src/lib/server/seances/notes';
import { generateMinutes, type RecordLabels } from '../../src/lib/server/seances/minutes';
import { recordFile } from '../../src/lib/server/seances/record';
import type { ProseMirrorJSON } from '../../src/lib/domain/templates/protocol';
import {
	connectCollabClient,
	createCollabFixture,
	type CollabClient,
	type CollabFixture
} from '../support/collab-client';
import { startTestPocketBase, type TestPocketBase } from '../support/pocketbase';

let pb: TestPocketBase;
let server: TrameServer;
let fixture: CollabFixture;
let deps: WritebackDeps;
let seanceId: string;
let items: string[];
const clients: CollabClient[] = [];
let secretaryNotes: CollabClient;
const ADOPTED =
	'Le COPIL se réunit une fois par trimestre.\nLes comptes rendus sont publiés sous quinze jours.';
const labels: RecordLabels & { record: string } = {
	outcome: (d) => (d.outcome === 'adopted' ? 'Adoptée par consentement' : d.outcome),
	followUpStatus: (s) => (s === 'todo' ? 'À faire' : s),
	record: 'Procès-verbal'
};

function connect(documentId: string, token: string): CollabClient {
	const client = connectCollabClient({
		wsUrl: server.url.replace('http', 'ws'),
		documentId,
		token
	});
	clients.push(client);
	return client;
}

/** Types a paragraph at the end of a fragment, as an editor would. */
async function type(client: CollabClient, field: string, text: string) {
	const paragraph = new Y.XmlElement('paragraph');
	paragraph.insert(0, [new Y.XmlText(text)]);
	const fragment = client.doc.getXmlFragment(field);
	fragment.insert(fragment.length, [paragraph]);
	await client.save();
}

function plain(node: ProseMirrorJSON): string {
	if (node.type === 'text') return node.text ?? '';
	const inner = (node.content ?? []).map(plain).join('');
	return ['paragraph', 'heading'].includes(node.type) ? `${inner}\n` : inner;
}

const schema = editorSchema();
const textOf = (doc: Y.Doc) =>
	plain(yXmlFragmentToProseMirrorRootNode(doc.getXmlFragment(EDITOR_FIELD), schema).toJSON());

async function storedText(documentId: string): Promise<string> {
	const doc = new Y.Doc();
	Y.applyUpdate(doc, await storedDocumentState(pb.admin, documentId));
	// Dates keep their words together with no-break spaces.
	return textOf(doc).replace(/\u00a0/g, ' ');
}

const generate = (replace: boolean, userId = fixture.alice.id, role = 'coordinator' as const) =>
	generateMinutes(pb.admin, {
		experimentId: fixture.experimentId,
		seanceId,
		userId,
		access: { role, orgRole: null, archived: false },
		locale: 'fr',
		labels,
		replace,
		documents: server.collab.live
	});

beforeAll(async () => {
	pb = await startTestPocketBase();
	fixture = await createCollabFixture(pb, 'minutes');
	server = await startTrameServer({
		port: 0,
		pbUrl: pb.url,
		superuser: pb.superuser,
		logger: silentLogger,
		buildDir: '/nonexistent'
	});
	deps = { admin: pb.admin, hub: new LiveHub(), documents: server.collab.live };
	const { alice, bob, olga } = fixture;
	const seance = await pb.admin.collection('seances').create({
		experiment: fixture.experimentId,
		title: 'COPIL de printemps',
		starts_at: '2027-03-12 17:00:00.000Z',
		duration_minutes: 90,
		place: 'Mairie, salle du conseil',
		status: 'running',
		quorum: 2,
		facilitator: alice.id,
		secretary: bob.id,
		attendance: { [alice.id]: 'present', [bob.id]: 'remote', [olga.id]: 'absent' },
		created_by: alice.id
	});
	seanceId = seance.id;
	items = [];
	for (const [position, title] of ['Point d’avancement', 'Gouvernance du COPIL'].entries()) {
		const item = await pb.admin
			.collection('seance_items')
			.create({ seance: seanceId, position, title, duration_minutes: 15, kind: 'discussion' });
		items.push(item.id);
	}
	// A consent round from the second item, adopted.
	const roundId = await startConsentRound(deps, {
		experimentId: fixture.experimentId,
		userId: alice.id,
		title: 'Gouvernance du COPIL',
		text: ADOPTED,
		proposerId: alice.id,
		participants: [alice.id, bob.id]
	});
	await pb.admin.collection('seance_items').update(items[1]!, { round: roundId });
	const apply = (userId: string, body: unknown) => applyCommand(deps, { roundId, userId, body });
	for (let i = 0; i < 4; i++) await apply(alice.id, { type: 'advance' });
	await apply(alice.id, { type: 'record_position', kind: 'consent', text: '' });
	await apply(bob.id, { type: 'record_position', kind: 'consent', text: '' });
	await apply(alice.id, { type: 'adopt', reviewDate: '2027-09-12' });
	await pb.admin.collection('follow_ups').create({
		experiment: fixture.experimentId,
		what: 'Publier le calendrier des séances',
		owner: bob.id,
		due_date: '2027-04-01',
		status: 'todo',
		seance: seanceId,
		created_by: alice.id
	});
}, 60_000);

afterAll(async () => {
	for (const client of clients) client.destroy();
	await server?.close();
	await pb?.stop();
});

describe('notes written together', () => {
	it('is one document per séance, created once, that two members write and an observer reads', async () => {
		const seance = await pb.admin.collection('seances').getOne(seanceId);
		const [first, second] = await Promise.all([
			ensureSeanceNotes(pb.admin, seance),
			ensureSeanceNotes(pb.admin, seance)
		]);
		expect(first).toBe(seanceId);
		expect(second).toBe(seanceId);
		const notes = await pb.admin.collection('documents').getOne(seanceId);
		expect(notes.kind).toBe('notes_seance');

		const secretary = connect(seanceId, fixture.bob.token);
		secretaryNotes = secretary;
		const facilitator = connect(seanceId, fixture.alice.token);
		const observer = connect(seanceId, fixture.olga.token);
		await Promise.all([secretary.synced(), facilitator.synced(), observer.synced()]);
		const field = notesField(items[1]!);
		await type(secretary, field, 'Bob : le rythme trimestriel convient aux élus.');
		await type(facilitator, field, 'Alice : publier les comptes rendus sur le site.');
		for (const client of [secretary, facilitator, observer]) {
			await vi.waitFor(() => {
				const text = client.doc.getXmlFragment(field).toString();
				expect(text).toContain('rythme trimestriel');
				expect(text).toContain('publier les comptes rendus');
			});
		}
		// Read only: the observer's change never reaches the others nor the store.
		const before = Y.encodeStateVector(secretary.doc);
		observer.doc.getXmlFragment(field).insert(0, [new Y.XmlText('intrus')]);
		await expect(observer.save(1500)).rejects.toThrow();
		expect(Y.encodeStateVector(secretary.doc)).toEqual(before);
	});

	it('lets the secretary write whatever their role (an observer named secretary)', async () => {
		await pb.admin.collection('seances').update(seanceId, { secretary: fixture.olga.id });
		try {
			const olga = connect(seanceId, fixture.olga.token);
			await olga.synced();
			await type(olga, notesField(items[0]!), 'Olga prend la plume.');
			await vi.waitFor(() =>
				expect(secretaryNotes.doc.getXmlFragment(notesField(items[0]!)).toString()).toContain(
					'Olga prend la plume.'
				)
			);
		} finally {
			await pb.admin.collection('seances').update(seanceId, { secretary: fixture.bob.id });
		}
	});
});

describe('compte rendu de COPIL', () => {
	let minutesId: string;

	it('is refused before the séance is closed', async () => {
		expect(await generate(false)).toEqual({ ok: false, error: 'not_closed' });
	});

	it('is a normal document with attendance, quorum, notes, the decision and the actions', async () => {
		await pb.admin.collection('seances').update(seanceId, { status: 'closed' });
		expect(await generate(false, fixture.olga.id, 'observer' as never)).toEqual({
			ok: false,
			error: 'forbidden'
		});
		const result = await generate(false);
		expect(result.ok).toBe(true);
		if (!result.ok) return;
		minutesId = result.documentId;
		const doc = await pb.admin.collection('documents').getOne(minutesId);
		expect(doc.kind).toBe('compte_rendu_copil');
		expect(doc.experiment).toBe(fixture.experimentId);
		expect((await pb.admin.collection('seances').getOne(seanceId)).minutes_document).toBe(
			minutesId
		);
		const text = await storedText(minutesId);
		for (const expected of [
			'Compte rendu — COPIL de printemps',
			'Quorum : 2 membres présents ou à distance pour 2 requis — atteint.',
			'À distance',
			'le rythme trimestriel convient aux élus.',
			'publier les comptes rendus sur le site.',
			'Le COPIL se réunit une fois par trimestre.',
			'Les comptes rendus sont publiés sous quinze jours.',
			`Empreinte SHA-256 : ${sha256Hex(ADOPTED)}`,
			'Date de révision : 12 septembre 2027',
			'Publier le calendrier des séances',
			'À faire'
		])
			expect(text).toContain(expected);
		expect(text).not.toContain('intrus');
		expect(text).toContain('Olga prend la plume.');
	});

	it('asks before replacing, then replaces through a live change, the text before in a version', async () => {
		expect(await generate(false)).toEqual({ ok: false, error: 'exists' });
		const editor = connect(minutesId, fixture.bob.token);
		await editor.synced();
		await type(editor, EDITOR_FIELD, 'Retouche de Bob à la main.');
		await type(secretaryNotes, notesField(items[0]!), 'Le calendrier est tenu.');

		const result = await generate(true);
		expect(result).toEqual({ ok: true, documentId: minutesId, replaced: true });
		// The editor receives the new text live; the store holds it.
		await vi.waitFor(() => expect(textOf(editor.doc)).toContain('Le calendrier est tenu.'));
		expect(textOf(editor.doc)).not.toContain('Retouche de Bob');
		expect(await storedText(minutesId)).toContain('Le calendrier est tenu.');
		const versions = await pb.admin.collection('doc_versions').getFullList({
			filter: pb.admin.filter('document = {:d}', { d: minutesId })
		});
		const before = versions.find((v) => v.kind === 'before_restore');
		expect(before).toBeDefined();
		const old = new Y.Doc();
		Y.applyUpdate(old, new Uint8Array(Buffer.from(before!.state, 'base64')));
		expect(textOf(old)).toContain('Retouche de Bob à la main.');
	});
});

describe('procès-verbal', () => {
	const expected = [
		'Procès-verbal — COPIL de printemps',
		'Budget participatif',
		'Mairie, salle du conseil',
		'Alice',
		'Bob',
		'Le COPIL se réunit une fois par trimestre.',
		sha256Hex(ADOPTED),
		'Point d’avancement',
		'Date et signature'
	];

	it('is a DOCX whose document.xml holds the record and the signature blocks', async () => {
		const { body } = await recordFile(pb.admin, {
			experimentId: fixture.experimentId,
			seanceId,
			locale: 'fr',
			labels,
			format: 'docx',
			now: new Date('2027-03-13T10:00:00Z'),
			documents: server.collab.live
		});
		const xml = strFromU8(unzipSync(body)['word/document.xml']!);
		const text = xml.replace(/<[^>]+>/g, '');
		for (const value of expected) expect(text).toContain(value);
		expect(text).not.toContain('rythme trimestriel');
	});

	it('is a PDF whose text holds the record', async () => {
		const { body } = await recordFile(pb.admin, {
			experimentId: fixture.experimentId,
			seanceId,
			locale: 'fr',
			labels,
			format: 'pdf',
			now: new Date('2027-03-13T10:00:00Z'),
			documents: server.collab.live
		});
		const parser = new PDFParse({ data: body });
		const { text } = await parser.getText();
		await parser.destroy();
		const flat = text.replace(/\s+/g, ' ');
		for (const value of expected) expect(flat).toContain(value);
	}, 60_000);
});
