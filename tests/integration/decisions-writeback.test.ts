/**
 * The decision returns to the document, through the real collaboration server and PocketBase:
 * an adopted text is written into its section as one change that a stock y-websocket reader
 * receives live and that is durable (stored rows) when the command returns, between two named
 * versions, with the same hash as the register and the state vector recorded; a section edited
 * during the round takes the three-way path with nothing lost; an election from the COPIL part
 * writes the elected person's role and term on their seat; objections become anchored threads.
 */
import * as Y from 'yjs';
import { yXmlFragmentToProseMirrorRootNode } from '@tiptap/y-tiptap';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startTrameServer, type TrameServer } from '../../server/index';
import { silentLogger } from '../../server/log';
import { documentSections, sectionText } from '../../src/lib/domain/proposal-section';
import type { ProseMirrorJSON } from '../../src/lib/domain/templates/protocol';
import { SECTION_TEXT_OPTIONS } from '../../src/lib/decisions/section-text';
import { EDITOR_FIELD, editorSchema } from '../../src/lib/editor/extensions';
import { withoutPendingChanges } from '../../src/lib/editor/suggestions/clean';
import { createDocumentWithTemplate } from '../../src/lib/server/documents';
import { GovernanceError } from '../../src/lib/server/governance/errors';
import { sha256Hex } from '../../src/lib/server/governance/hash';
import { loadRound } from '../../src/lib/server/governance/round-store';
import {
	applyCommand,
	startConsentRound,
	startElection
} from '../../src/lib/server/governance/round-writes';
import {
	writeBack,
	writebackStatus,
	type WritebackDeps
} from '../../src/lib/server/governance/write-back';
import { storedDocumentState } from '../../src/lib/server/review/doc-state';
import { LiveHub } from '../../src/lib/server/live/hub';
import type { DecisionsRecord } from '../../src/lib/pocketbase/types';
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
let documentId: string;
const clients: CollabClient[] = [];
const schema = editorSchema();

function connect(token: string): CollabClient {
	const client = connectCollabClient({
		wsUrl: server.url.replace('http', 'ws'),
		documentId,
		token
	});
	clients.push(client);
	return client;
}

function jsonOf(doc: Y.Doc): ProseMirrorJSON {
	return yXmlFragmentToProseMirrorRootNode(
		doc.getXmlFragment(EDITOR_FIELD),
		schema
	).toJSON() as ProseMirrorJSON;
}

/** The section whose heading starts with `prefix`, read from a Y.Doc as the register reads it. */
function sectionOf(doc: Y.Doc, prefix: string): string {
	const json = jsonOf(doc);
	const section = documentSections(json).find((s) => s.heading.startsWith(prefix));
	if (!section) return '';
	const text = sectionText(json, section, SECTION_TEXT_OPTIONS);
	return text.ok ? text.text : '';
}

async function storedSection(prefix: string): Promise<string> {
	const doc = new Y.Doc();
	Y.applyUpdate(doc, await storedDocumentState(pb.admin, documentId));
	return sectionOf(doc, prefix);
}

/** Types a paragraph right after the heading starting with `prefix`, as an editor would. */
async function typeAfterHeading(client: CollabClient, prefix: string, text: string) {
	const fragment = client.doc.getXmlFragment(EDITOR_FIELD);
	const at = fragment
		.toArray()
		.findIndex(
			(n) =>
				n instanceof Y.XmlElement &&
				n.nodeName === 'heading' &&
				n.toArray().some((t) => t instanceof Y.XmlText && t.toString().startsWith(prefix))
		);
	expect(at).toBeGreaterThanOrEqual(0);
	const paragraph = new Y.XmlElement('paragraph');
	paragraph.insert(0, [new Y.XmlText(text)]);
	fragment.insert(at + 1, [paragraph]);
	await client.save();
}

async function sectionChoice(prefix: string) {
	const doc = new Y.Doc();
	Y.applyUpdate(doc, await storedDocumentState(pb.admin, documentId));
	const section = documentSections(jsonOf(doc)).find((s) => s.heading.startsWith(prefix))!;
	return { documentId, index: section.index, heading: section.heading };
}

async function decisionOf(roundId: string): Promise<DecisionsRecord> {
	return pb.admin
		.collection('decisions')
		.getFirstListItem<DecisionsRecord>(pb.admin.filter('round = {:r}', { r: roundId }));
}

/** Brings a live consent round to the point of adoption: one amendment, everyone consents. */
async function readyToAdopt(roundId: string, amended: string | null) {
	const { alice, bob } = fixture;
	const apply = (userId: string, body: unknown) => applyCommand(deps, { roundId, userId, body });
	for (let i = 0; i < 3; i++) await apply(alice.id, { type: 'advance' });
	if (amended) await apply(alice.id, { type: 'amend', text: amended });
	await apply(alice.id, { type: 'advance' });
	await apply(alice.id, { type: 'record_position', kind: 'consent', text: '' });
	await apply(bob.id, { type: 'record_position', kind: 'consent', text: '' });
}

const adopt = (roundId: string) =>
	applyCommand(deps, {
		roundId,
		userId: fixture.alice.id,
		body: { type: 'adopt', reviewDate: '2099-09-12' }
	});

async function adoptWithAmendment(roundId: string, amended: string | null) {
	await readyToAdopt(roundId, amended);
	await adopt(roundId);
}

beforeAll(async () => {
	pb = await startTestPocketBase();
	fixture = await createCollabFixture(pb, 'decisions');
	server = await startTrameServer({
		port: 0,
		pbUrl: pb.url,
		superuser: pb.superuser,
		logger: silentLogger,
		buildDir: '/nonexistent'
	});
	deps = { admin: pb.admin, hub: new LiveHub(), documents: server.collab.live };
	const created = await createDocumentWithTemplate(pb.admin, {
		experimentId: fixture.experimentId,
		userId: fixture.alice.id,
		kind: 'protocole',
		title: 'Protocole'
	});
	if (!created.ok) throw new Error(created.error);
	documentId = created.id;
});

afterAll(async () => {
	for (const client of clients) client.destroy();
	await server?.close();
	await pb?.stop();
});

describe('the adopted text goes back into its section', () => {
	it('is written as one durable change a stock y-websocket reader sees, with the register hash', async () => {
		const reader = connect(fixture.bob.token);
		await reader.synced();
		const frozen = sectionOf(reader.doc, '7.');
		const roundId = await startConsentRound(deps, {
			experimentId: fixture.experimentId,
			userId: fixture.alice.id,
			title: 'Gouvernance du COPIL',
			text: '',
			source: await sectionChoice('7.'),
			proposerId: fixture.alice.id,
			participants: [fixture.alice.id, fixture.bob.id]
		});
		const amended = `${frozen}\nLe COPIL publie ses comptes rendus sous quinze jours.\n- une séance par trimestre`;
		await readyToAdopt(roundId, amended);
		const sent = performance.now();
		let seenAt = 0;
		const watch = () => {
			if (!seenAt && sectionOf(reader.doc, '7.') === amended) seenAt = performance.now();
		};
		reader.doc.on('update', watch);
		await adopt(roundId);
		const answered = performance.now();
		const decision = await decisionOf(roundId);
		expect(decision.text).toBe(amended);
		expect(decision.hash).toBe(sha256Hex(amended));

		// Durable before the command returned: the stored rows already hold it.
		expect(await storedSection('7.')).toBe(amended);
		await vi.waitFor(() => expect(seenAt).toBeGreaterThan(0));
		reader.doc.off('update', watch);
		console.info(
			`[figure] adopt command → adopted text in another member's document: ${Math.round(seenAt - sent)} ms; command answered after ${Math.round(answered - sent)} ms`
		);

		const writeback = await pb.admin
			.collection('decision_writebacks')
			.getFirstListItem(pb.admin.filter('decision = {:d}', { d: decision.id }));
		expect(writeback).toMatchObject({ outcome: 'applied', hash: decision.hash, text: amended });
		// The recorded state vector covers the reader's copy at that moment.
		const recorded = Y.decodeStateVector(Buffer.from(writeback.state_vector, 'base64'));
		const seen = Y.decodeStateVector(Y.encodeStateVector(reader.doc));
		for (const [client, clock] of recorded)
			expect(seen.get(client) ?? 0).toBeGreaterThanOrEqual(clock);

		const versions = await pb.admin.collection('doc_versions').getFullList({
			filter: pb.admin.filter('document = {:d} && kind = "named"', { d: documentId }),
			sort: 'created'
		});
		const names = versions.map((v) => v.name);
		// Dates are written with no-break spaces (a date never breaks over two lines).
		expect(names.some((n) => /^Décision du \d{1,2}\s\S+\s\d{4} — avant$/.test(n))).toBe(true);
		expect(names.some((n) => /^Décision du \d{1,2}\s\S+\s\d{4} — adoptée$/.test(n))).toBe(true);
		const avant = versions.find((v) => v.name.endsWith('— avant'))!;
		const avantDoc = new Y.Doc();
		Y.applyUpdate(avantDoc, Buffer.from(avant.state, 'base64'));
		expect(sectionOf(avantDoc, '7.')).toBe(frozen);
	});

	it('takes the three-way path when the section changed during the round, losing nothing', async () => {
		const editor = connect(fixture.alice.token);
		const reader = connect(fixture.bob.token);
		await Promise.all([editor.synced(), reader.synced()]);
		const roundId = await startConsentRound(deps, {
			experimentId: fixture.experimentId,
			userId: fixture.alice.id,
			title: 'Question de recherche',
			text: '',
			source: await sectionChoice('3.'),
			proposerId: fixture.alice.id,
			participants: [fixture.alice.id, fixture.bob.id]
		});
		const frozen = sectionOf(reader.doc, '3.');
		// Someone edits the section while the round runs.
		await typeAfterHeading(editor, '3.', 'Hypothèse ajoutée pendant le tour.');
		await vi.waitFor(() => expect(sectionOf(reader.doc, '3.')).toContain('pendant le tour'));
		const amended = `${frozen}\nLes hypothèses sont révisées à mi-parcours.`;
		await adoptWithAmendment(roundId, amended);

		// Not written by itself: the current text (with the edit) is still there.
		const current = sectionOf(reader.doc, '3.');
		expect(current).toContain('Hypothèse ajoutée pendant le tour.');
		const decision = await decisionOf(roundId);
		const round = await loadRound(pb.admin, roundId);
		const status = await writebackStatus(deps, decision, round);
		expect(status).toEqual({
			state: 'needs_choice',
			frozen,
			current,
			currentHash: sha256Hex(current),
			adopted: amended
		});

		// A choice made on an outdated comparison is refused, and nothing is written.
		await typeAfterHeading(editor, '3.', 'Encore une phrase.');
		await vi.waitFor(() => expect(sectionOf(reader.doc, '3.')).toContain('Encore une phrase.'));
		const refused = await writeBack(deps, {
			decision,
			round,
			userId: fixture.alice.id,
			choice: { kind: 'apply', currentHash: sha256Hex(current) }
		}).catch((error: unknown) => error);
		expect(refused).toBeInstanceOf(GovernanceError);
		expect((refused as GovernanceError).code).toBe('section_changed');

		// The facilitator writes a merge of both.
		const fresh = await writebackStatus(deps, decision, round);
		if (fresh.state !== 'needs_choice') throw new Error(fresh.state);
		const merge = `${fresh.current}\nLes hypothèses sont révisées à mi-parcours.`;
		const done = await writeBack(deps, {
			decision,
			round,
			userId: fixture.alice.id,
			choice: { kind: 'merge', currentHash: fresh.currentHash, text: merge }
		});
		expect(done).toMatchObject({ state: 'done', outcome: 'merged', hash: sha256Hex(merge) });
		await vi.waitFor(() => expect(sectionOf(reader.doc, '3.')).toBe(merge));
		expect(sectionOf(editor.doc, '3.')).toBe(merge);
		expect(await storedSection('3.')).toBe(merge);
		// Both edits made during the round are in the merge.
		expect(merge).toContain('Hypothèse ajoutée pendant le tour.');
		expect(merge).toContain('Encore une phrase.');
	});

	it('makes each visible objection an anchored thread on the section, closed once withdrawn', async () => {
		const roundId = await startConsentRound(deps, {
			experimentId: fixture.experimentId,
			userId: fixture.alice.id,
			title: 'Calendrier',
			text: '',
			source: await sectionChoice('8.'),
			proposerId: fixture.alice.id,
			participants: [fixture.alice.id, fixture.bob.id]
		});
		const apply = (userId: string, body: unknown) => applyCommand(deps, { roundId, userId, body });
		for (let i = 0; i < 4; i++) await apply(fixture.alice.id, { type: 'advance' });
		const view = await apply(fixture.bob.id, {
			type: 'record_position',
			kind: 'objection',
			text: 'Le calendrier ignore les vacances scolaires.'
		});
		const threads = () =>
			pb.admin.collection('review_threads').getFullList({
				filter: pb.admin.filter('round = {:r}', { r: roundId })
			});
		const [thread] = await threads();
		expect(thread).toMatchObject({
			kind: 'objection',
			document: documentId,
			author: fixture.bob.id,
			status: 'open',
			objection_text: 'Le calendrier ignore les vacances scolaires.',
			objection: view.consent!.objections[0]!.id
		});
		expect(thread!.quote.startsWith('8.')).toBe(true);
		// Clients cannot resolve it themselves.
		const bobClient = await pb.userClient(fixture.bob.email, fixture.bob.password);
		await expect(
			bobClient.collection('review_threads').update(thread!.id, { status: 'resolved' })
		).rejects.toThrow();
		await apply(fixture.bob.id, {
			type: 'withdraw_objection',
			objectionId: view.consent!.objections[0]!.id
		});
		expect((await threads())[0]!.status).toBe('resolved');
	});
});

/** The tracked changes of the section starting with `prefix` in a Y.Doc: id, kind, author, text. */
function sectionChanges(doc: Y.Doc, prefix: string) {
	const json = jsonOf(doc);
	const section = documentSections(json).find((s) => s.heading.startsWith(prefix));
	const start = (json.content ?? []).findIndex(
		(n) => n.type === 'heading' && (n.content ?? []).some((t) => t.text?.startsWith(prefix))
	);
	expect(section && start >= 0).toBe(true);
	const found: Array<{ id: string; kind: string; author: string; name: string; text: string }> = [];
	const visit = (node: ProseMirrorJSON) => {
		for (const mark of node.marks ?? [])
			if (mark.type === 'suggestionInsert' || mark.type === 'suggestionDelete')
				found.push({
					id: String(mark.attrs?.id),
					kind: mark.type,
					author: String(mark.attrs?.author),
					name: String(mark.attrs?.authorName),
					text: node.text ?? ''
				});
		node.content?.forEach(visit);
	};
	const blocks = json.content ?? [];
	let end = start + 1;
	while (
		end < blocks.length &&
		!(blocks[end]!.type === 'heading' && blocks[end]!.attrs?.level === blocks[start]!.attrs?.level)
	)
		end++;
	blocks.slice(start, end).forEach(visit);
	return found;
}

/** The section as it reads with the pending changes left out (what it says until one is accepted). */
function cleanSectionOf(doc: Y.Doc, prefix: string): string {
	const json = withoutPendingChanges(jsonOf(doc));
	const section = documentSections(json).find((s) => s.heading.startsWith(prefix));
	if (!section) return '';
	const text = sectionText(json, section, SECTION_TEXT_OPTIONS);
	return text.ok ? text.text : '';
}

describe('integration proposals shown as suggestions on the section', () => {
	it('shows each amendment as the proposer’s tracked change, replaced by the next, resolved by adoption', async () => {
		const reader = connect(fixture.bob.token);
		await reader.synced();
		const { alice, bob } = fixture;
		const frozen = sectionOf(reader.doc, '9.');
		const roundId = await startConsentRound(deps, {
			experimentId: fixture.experimentId,
			userId: alice.id,
			title: 'Moyens',
			text: '',
			source: await sectionChoice('9.'),
			proposerId: bob.id,
			participants: [alice.id, bob.id]
		});
		const apply = (userId: string, body: unknown) => applyCommand(deps, { roundId, userId, body });
		for (let i = 0; i < 3; i++) await apply(alice.id, { type: 'advance' });
		const first = `${frozen}\nLe budget est voté par le COPIL.`;
		await apply(bob.id, { type: 'amend', text: first });

		// Durable when the command returns: the stored document already holds the change.
		const stored = new Y.Doc();
		Y.applyUpdate(stored, await storedDocumentState(pb.admin, documentId));
		const v2 = `round:${roundId}:v2`;
		expect(sectionChanges(stored, '9.')).toEqual([
			{
				id: v2,
				kind: 'suggestionInsert',
				author: bob.id,
				name: 'Bob',
				text: 'Le budget est voté par le COPIL.'
			}
		]);
		// A stock reader sees it live; the section still says what it said.
		await vi.waitFor(() => expect(sectionChanges(reader.doc, '9.').map((c) => c.id)).toEqual([v2]));
		expect(cleanSectionOf(reader.doc, '9.')).toBe(frozen);

		// An objection, then an integration: the new amendment replaces the previous one.
		await apply(alice.id, { type: 'advance' });
		const objected = await apply(alice.id, {
			type: 'record_position',
			kind: 'objection',
			text: 'Le vote doit être annuel.'
		});
		await apply(bob.id, { type: 'record_position', kind: 'consent', text: '' });
		await apply(alice.id, { type: 'advance' });
		const second = `${frozen}\nLe budget est voté chaque année par le COPIL.`;
		await apply(bob.id, { type: 'amend', text: second });
		const v3 = `round:${roundId}:v3`;
		await vi.waitFor(() => {
			const changes = sectionChanges(reader.doc, '9.');
			expect(new Set(changes.map((c) => c.id))).toEqual(new Set([v3]));
			expect(changes.map((c) => c.text).join('')).toBe(
				'Le budget est voté chaque année par le COPIL.'
			);
		});
		expect(cleanSectionOf(reader.doc, '9.')).toBe(frozen);

		// Adopted in the round: the suggestion is resolved and the adopted text is the section's.
		await apply(alice.id, {
			type: 'integrate_objection',
			objectionId: objected.consent!.objections[0]!.id,
			version: 3
		});
		await apply(alice.id, { type: 'advance' });
		await apply(alice.id, { type: 'record_position', kind: 'consent', text: '' });
		await apply(bob.id, { type: 'record_position', kind: 'consent', text: '' });
		await adopt(roundId);
		expect(await storedSection('9.')).toBe(second);
		await vi.waitFor(() => expect(sectionOf(reader.doc, '9.')).toBe(second));
		expect(sectionChanges(reader.doc, '9.')).toEqual([]);
		const decision = await decisionOf(roundId);
		expect(decision.hash).toBe(sha256Hex(second));
		// The register says which version each position answered (the objection: the previous one).
		const positions = (decision.positions as Array<Record<string, unknown>>).map((p) => ({
			who: (p.author as { id: string }).id,
			kind: p.kind,
			version: p.version,
			round: p.objectionRound
		}));
		expect(positions).toEqual([
			{ who: alice.id, kind: 'objection', version: 2, round: 1 },
			{ who: bob.id, kind: 'consent', version: 2, round: 1 },
			{ who: alice.id, kind: 'consent', version: 3, round: 2 },
			{ who: bob.id, kind: 'consent', version: 3, round: 2 }
		]);
		expect(
			(decision.objections as Array<{ version: number; integratedIn: number }>)[0]
		).toMatchObject({
			version: 2,
			integratedIn: 3
		});
	});

	it('takes the proposal out of the section when the round is withdrawn', async () => {
		const reader = connect(fixture.bob.token);
		await reader.synced();
		const { alice, bob } = fixture;
		const frozen = sectionOf(reader.doc, '11.');
		const roundId = await startConsentRound(deps, {
			experimentId: fixture.experimentId,
			userId: alice.id,
			title: 'Risques',
			text: '',
			source: await sectionChoice('11.'),
			proposerId: alice.id,
			participants: [alice.id, bob.id]
		});
		const apply = (userId: string, body: unknown) => applyCommand(deps, { roundId, userId, body });
		for (let i = 0; i < 3; i++) await apply(alice.id, { type: 'advance' });
		const lines = frozen.split('\n');
		const amended = [...lines, 'Un risque de faible participation.'].join('\n');
		await apply(alice.id, { type: 'amend', text: amended });
		await vi.waitFor(() => expect(sectionChanges(reader.doc, '11.').length).toBeGreaterThan(0));
		await apply(alice.id, { type: 'withdraw', reason: 'À reprendre' });
		expect(await storedSection('11.')).toBe(frozen);
		await vi.waitFor(() => expect(sectionChanges(reader.doc, '11.')).toEqual([]));
		expect(sectionOf(reader.doc, '11.')).toBe(frozen);
	});
});

describe('an election from the COPIL composition part', () => {
	it('writes the elected person, role and term on their seat', async () => {
		const reader = connect(fixture.bob.token);
		await reader.synced();
		const { alice, bob } = fixture;
		const id = await startElection(deps, {
			experimentId: fixture.experimentId,
			userId: alice.id,
			role: { title: 'Secrétaire du COPIL', mission: 'Comptes rendus', skills: '', termMonths: 12 },
			participants: [alice.id, bob.id],
			documentId
		});
		const apply = (userId: string, body: unknown) =>
			applyCommand(deps, { roundId: id, userId, body });
		await apply(alice.id, { type: 'advance' });
		await apply(alice.id, { type: 'nominate', nomineeId: bob.id });
		await apply(bob.id, { type: 'nominate', nomineeId: bob.id });
		for (let i = 0; i < 3; i++) await apply(alice.id, { type: 'advance' });
		await apply(alice.id, { type: 'propose', nomineeId: bob.id, rationale: 'Rigueur' });
		await apply(alice.id, { type: 'advance' });
		await apply(alice.id, { type: 'record_position', kind: 'consent', text: '' });
		await apply(bob.id, { type: 'record_position', kind: 'consent', text: '' });
		await apply(alice.id, { type: 'elect', termStart: '2027-03-12' });

		await vi.waitFor(() => {
			const part = reader.doc
				.getXmlFragment(EDITOR_FIELD)
				.toArray()
				.find((n) => n instanceof Y.XmlElement && n.nodeName === 'copilPart') as Y.XmlElement;
			const seat = part
				.toArray()
				.find((row) => (row as Y.XmlElement).getAttribute('role') === 'Secrétaire du COPIL') as
				Y.XmlElement | undefined;
			expect(seat).toBeDefined();
			expect(plainSpaces(String(seat!.getAttribute('term')))).toBe(
				'mandat du 12 mars 2027 au 12 mars 2028'
			);
			expect(seat!.toString()).toContain('Bob');
		});
		const decision = await decisionOf(id);
		const writeback = await pb.admin
			.collection('decision_writebacks')
			.getFirstListItem(pb.admin.filter('decision = {:d}', { d: decision.id }));
		expect(writeback.outcome).toBe('elected');
		expect(plainSpaces(writeback.text)).toBe(
			'Bob | Secrétaire du COPIL | mandat du 12 mars 2027 au 12 mars 2028'
		);
	});
});

/** Dates come with no-break spaces inside (format.ts): compared here as plain spaces. */
function plainSpaces(text: string): string {
	return text.replace(/[\u00a0\u202f]/g, ' ');
}
