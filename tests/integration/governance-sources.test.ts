/**
 * Consent governance, second step, against a real PocketBase: a proposal frozen from a document
 * section (the stored Yjs rows merged, its state vector kept), a participant marked absent, the
 * review-date reminders (once per decision and member), the election's go-arounds.
 */
import * as Y from 'yjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { UsersRecord } from '../../src/lib/pocketbase/types';
import { createDocumentWithTemplate } from '../../src/lib/server/documents';
import { GovernanceError } from '../../src/lib/server/governance/errors';
import { sha256Hex } from '../../src/lib/server/governance/hash';
import { sourceDocuments } from '../../src/lib/server/governance/proposal-source';
import { sendReviewReminders } from '../../src/lib/server/governance/reminders';
import { procesVerbalFile } from '../../src/lib/server/governance/proces-verbal-app';
import { listRegister } from '../../src/lib/server/governance/register';
import mammoth from 'mammoth';
import { PDFParse } from 'pdf-parse';
import {
	applyCommand,
	roundAudit,
	roundView,
	startConsentRound,
	startElection,
	type GovernanceDeps
} from '../../src/lib/server/governance/rounds';
import { storedDocumentState } from '../../src/lib/server/review/doc-state';
import { LiveHub } from '../../src/lib/server/live/hub';
import { startTestPocketBase, type TestPocketBase } from '../support/pocketbase';

const PASSWORD = 'password-123456';
const ADDED = 'Le COPIL compte douze membres, dont quatre habitants tirés au sort.';

async function refusal(promise: Promise<unknown>): Promise<string> {
	try {
		await promise;
	} catch (error) {
		if (error instanceof GovernanceError) return error.code;
		throw error;
	}
	throw new Error('expected a refusal, but it succeeded');
}

describe('governance: sources, absences, reminders, election go-arounds', () => {
	let pb: TestPocketBase;
	let deps: GovernanceDeps;
	let fac: UsersRecord;
	let ana: UsersRecord;
	let ben: UsersRecord;
	let experimentId: string;
	let documentId: string;

	const apply = (roundId: string, userId: string, body: unknown) =>
		applyCommand(deps, { roundId, userId, body });

	/** An edit made after creation, stored as the collaboration server would: one more row. */
	async function appendParagraph(text: string) {
		const ydoc = new Y.Doc();
		Y.applyUpdate(ydoc, await storedDocumentState(pb.admin, documentId));
		const before = Y.encodeStateVector(ydoc);
		const fragment = ydoc.getXmlFragment('default');
		const paragraph = new Y.XmlElement('paragraph');
		paragraph.insert(0, [new Y.XmlText(text)]);
		// Right after the section "7" heading's following block: find the heading by text.
		const nodes = fragment.toArray();
		const at = nodes.findIndex(
			(n) => n instanceof Y.XmlElement && n.nodeName === 'heading' && n.toString().includes('7.')
		);
		expect(at).toBeGreaterThanOrEqual(0);
		fragment.insert(at + 1, [paragraph]);
		const update = Y.encodeStateAsUpdate(ydoc, before);
		await pb.admin.collection('doc_updates').create({
			document: documentId,
			data: Buffer.from(update).toString('base64'),
			bytes: update.byteLength,
			compacted: false
		});
		ydoc.destroy();
	}

	beforeAll(async () => {
		pb = await startTestPocketBase();
		deps = { admin: pb.admin, hub: new LiveHub() };
		[fac, ana, ben] = (await Promise.all(
			['fac', 'ana', 'ben'].map((name) =>
				pb.createUser({ email: `${name}@example.test`, password: PASSWORD, name })
			)
		)) as [UsersRecord, UsersRecord, UsersRecord];
		experimentId = (await pb.createExperiment(fac.id, { title: 'Assemblée' })).id;
		await pb.addMember(experimentId, ana.id, 'evaluator');
		await pb.addMember(experimentId, ben.id, 'elected');
		const created = await createDocumentWithTemplate(pb.admin, {
			experimentId,
			userId: fac.id,
			kind: 'protocole',
			title: 'Protocole'
		});
		if (!created.ok) throw new Error(created.error);
		documentId = created.id;
	});

	afterAll(async () => {
		await pb?.stop();
	});

	it('freezes a section of the stored document (all rows merged) with its hash and state vector', async () => {
		await appendParagraph(ADDED);
		const [doc] = await sourceDocuments(pb.admin, experimentId);
		const section = doc!.sections.find((s) => s.heading.startsWith('7.'))!;
		expect(section).toBeDefined();
		const roundId = await startConsentRound(deps, {
			experimentId,
			userId: fac.id,
			title: 'Gouvernance du COPIL',
			text: '',
			source: { documentId, index: section.index, heading: section.heading },
			proposerId: ana.id,
			participants: [ana.id, ben.id]
		});
		const view = await roundView(deps, roundId, fac.id);
		const frozen = view.consent!.versions[0]!;
		expect(frozen.text.split('\n')[0]).toBe(section.heading);
		expect(frozen.text).toContain(ADDED);
		expect(frozen.text).not.toContain('8.');
		expect(frozen.hash).toBe(sha256Hex(frozen.text));
		expect(view.section).toBe(section.heading);

		const stored = await pb.admin.collection('rounds').getOne(roundId);
		expect(stored.document).toBe(documentId);
		const vector = Y.encodeStateVectorFromUpdate(await storedDocumentState(pb.admin, documentId));
		expect(stored.source_state).toBe(Buffer.from(vector).toString('base64'));

		// Later edits never change the frozen text.
		await appendParagraph('Une phrase ajoutée après coup.');
		expect((await roundView(deps, roundId, fac.id)).consent!.versions[0]!.text).toBe(frozen.text);

		// Ben leaves: marked absent, the round concludes without him; the register keeps the source.
		for (let i = 0; i < 4; i++) await apply(roundId, fac.id, { type: 'advance' });
		await apply(roundId, ana.id, { type: 'record_position', kind: 'consent', text: '' });
		expect(await refusal(apply(roundId, fac.id, { type: 'adopt', reviewDate: '2099-01-01' }))).toBe(
			'missing_positions'
		);
		expect(
			await refusal(apply(roundId, ana.id, { type: 'mark_absent', participantId: ben.id }))
		).toBe('not_facilitator');
		await apply(roundId, fac.id, { type: 'mark_absent', participantId: ben.id });
		await apply(roundId, fac.id, { type: 'adopt', reviewDate: '2099-01-01' });
		const decision = await pb.admin
			.collection('decisions')
			.getFirstListItem(pb.admin.filter('round = {:r}', { r: roundId }));
		expect(decision.text).toBe(frozen.text);
		expect(decision.hash).toBe(frozen.hash);
		expect(decision.source_document).toBe(documentId);
		expect(decision.source_state).toBe(stored.source_state);
		expect((decision.present as { name: string }[]).map((p) => p.name)).toEqual(['ana']);
		expect((decision.absent as { name: string }[]).map((p) => p.name)).toEqual(['ben']);
	});

	it('refuses a section whose heading changed, a foreign document and a bad index', async () => {
		const base = {
			experimentId,
			userId: fac.id,
			title: 'x',
			text: '',
			proposerId: ana.id,
			participants: [ana.id]
		};
		const [doc] = await sourceDocuments(pb.admin, experimentId);
		const section = doc!.sections[0]!;
		expect(
			await refusal(
				startConsentRound(deps, {
					...base,
					source: { documentId, index: section.index, heading: 'Autre titre' }
				})
			)
		).toBe('section_changed');
		expect(
			await refusal(
				startConsentRound(deps, { ...base, source: { documentId, index: 99, heading: 'x' } })
			)
		).toBe('section_not_found');
		const other = (await pb.createExperiment(fac.id, { title: 'Autre' })).id;
		await pb.addMember(other, ana.id, 'evaluator');
		expect(
			await refusal(
				startConsentRound(deps, {
					...base,
					experimentId: other,
					source: { documentId, index: section.index, heading: section.heading }
				})
			)
		).toBe('invalid_input');
	});

	it('reminds each member once when a review date has come, even when loads race', async () => {
		const roundId = await startConsentRound(deps, {
			experimentId,
			userId: fac.id,
			title: 'Budget participatif',
			text: 'Un budget de 50 000 €.',
			proposerId: ana.id,
			participants: [ana.id]
		});
		for (let i = 0; i < 4; i++) await apply(roundId, fac.id, { type: 'advance' });
		await apply(roundId, ana.id, { type: 'record_position', kind: 'consent', text: '' });
		await apply(roundId, fac.id, { type: 'adopt', reviewDate: '2099-06-01' });
		const text = { excerpt: (title: string, date: string) => `À réviser : ${title} (${date})` };

		expect(await sendReviewReminders(deps, [experimentId], '2098-12-31', text)).toBe(0);
		const counts = await Promise.all([
			sendReviewReminders(deps, [experimentId], '2099-06-01', text),
			sendReviewReminders(deps, [experimentId], '2099-06-01', text)
		]);
		// Two decisions are due by then (2099-01-01 and 2099-06-01), for three members each.
		expect(counts[0]! + counts[1]!).toBe(6);
		expect(await sendReviewReminders(deps, [experimentId], '2099-07-01', text)).toBe(0);
		// Only the review reminders: starting the rounds also notified Ana as a participant.
		const anaInbox = await pb.admin.collection('notifications').getFullList({
			filter: pb.admin.filter('user = {:u} && excerpt ~ {:prefix}', {
				u: ana.id,
				prefix: 'À réviser : %'
			}),
			sort: 'excerpt'
		});
		expect(anaInbox.map((n) => n.excerpt)).toEqual([
			'À réviser : Budget participatif (2099-06-01)',
			'À réviser : Gouvernance du COPIL (2099-01-01)'
		]);
		expect(anaInbox[0]!.link).toBe(`/experiences/${experimentId}/decisions?due=1`);
	});

	it('runs timed go-arounds in the justification and change rounds of an election', async () => {
		const id = await startElection(deps, {
			experimentId,
			userId: fac.id,
			role: { title: 'Secrétaire', mission: 'Comptes rendus', skills: '', termMonths: 12 },
			participants: [ana.id, ben.id]
		});
		await apply(id, fac.id, { type: 'advance' }); // nomination
		await apply(id, ana.id, { type: 'nominate', nomineeId: ben.id });
		await apply(id, ben.id, { type: 'nominate', nomineeId: ben.id });
		await apply(id, fac.id, { type: 'advance' }); // justification
		let view = await apply(id, fac.id, {
			type: 'start_go_around',
			order: [ben.id, ana.id],
			turnSeconds: 60
		});
		expect(view.election!.goAround).toMatchObject({ phase: 'justification', current: 0 });
		expect(await refusal(apply(id, ana.id, { type: 'pass' }))).toBe('not_current_speaker');
		view = await apply(id, ben.id, { type: 'pass' });
		expect(view.election!.goAround).toMatchObject({ current: 1, passed: [ben.id] });
		view = await apply(id, fac.id, { type: 'advance' }); // change
		expect(view.election!.goAround).toBeNull();
		view = await apply(id, fac.id, { type: 'start_go_around', shuffle: true, turnSeconds: 90 });
		expect([...view.election!.goAround!.order].sort()).toEqual([ana.id, ben.id].sort());
	});

	it('exports the procès-verbal as DOCX and PDF with the exact text, its hash and the people', async () => {
		const anaClient = await pb.userClient(ana.email!, PASSWORD);
		const entries = await listRegister(anaClient, experimentId, { today: '2027-01-01' });
		const frozen = entries.find((e) => e.title === 'Gouvernance du COPIL')!;
		expect(frozen.absent.map((p) => p.name)).toEqual(['ben']);
		const now = new Date('2027-03-12T10:00:00Z');
		const docx = await procesVerbalFile(anaClient, experimentId, entries, {
			format: 'docx',
			subject: 'Registre',
			now
		});
		const { value: docText } = await mammoth.extractRawText({ buffer: Buffer.from(docx) });
		for (const line of frozen.text.split('\n')) expect(docText).toContain(line);
		expect(docText).toContain(frozen.hash);
		expect(docText).toContain('Budget participatif');
		expect(docText).toContain('Protocole'); // the source document, by title
		expect(docText).toMatch(/Absent·es : ben/);
		expect(docText).toContain('12 mars 2027'); // export date, fr-FR

		const one = await procesVerbalFile(anaClient, experimentId, [frozen], {
			format: 'pdf',
			subject: frozen.title,
			now
		});
		expect(Buffer.from(one.subarray(0, 5)).toString()).toBe('%PDF-');
		const parser = new PDFParse({ data: Buffer.from(one) });
		const { text: pdfText } = await parser.getText();
		await parser.destroy();
		const flat = (t: string) => t.replace(/\s+/g, ' ');
		expect(flat(pdfText)).toContain(flat(ADDED));
		expect(flat(pdfText)).toContain(frozen.text.split('\n')[0]!);
		expect(pdfText.replace(/\s+/g, '')).toContain(frozen.hash);
		expect(pdfText).not.toContain('Budget participatif');
	}, 60_000);

	it('shows the audit trail to the facilitator, and to readers only once closed, hidden parts cut', async () => {
		const id = await startConsentRound(deps, {
			experimentId,
			userId: fac.id,
			title: 'Audit',
			text: 'Texte',
			proposerId: ana.id,
			participants: [ana.id, ben.id],
			hidePositionsUntilReveal: true
		});
		for (let i = 0; i < 4; i++) await apply(id, fac.id, { type: 'advance' });
		await apply(id, ben.id, { type: 'record_position', kind: 'objection', text: 'Argument caché' });
		expect(await roundAudit(deps, id, ana.id)).toBeNull();
		const forFacilitator = (await roundAudit(deps, id, fac.id))!;
		expect(JSON.stringify(forFacilitator)).toContain('Argument caché');
		await apply(id, fac.id, { type: 'postpone', reason: 'quorum' });
		const forAna = (await roundAudit(deps, id, ana.id))!;
		expect(forAna.map((e) => e.type)).toEqual([
			'create',
			'advance',
			'advance',
			'advance',
			'advance',
			'record_position',
			'postpone'
		]);
		expect(forAna[5]).toMatchObject({ actorId: ben.id, hidden: true, detail: {} });
		expect(JSON.stringify(forAna)).not.toContain('Argument caché');
		expect(forAna[6]!.detail.reason).toBe('quorum');
	});
});
