/**
 * After a séance: its compte rendu de COPIL (a normal document of the experiment) and its
 * procès-verbal (PDF, DOCX), both built from what the séance holds — attendance, agenda, the
 * live notes of each item (read from the live notes document), the decisions of its rounds, its
 * actions — by the pure builders of `domain/seances/minutes.ts`.
 *
 * A first compte rendu is a new document whose initial state comes from the content (as a
 * template's does); generating it again replaces the text of that same document through the
 * collaboration server (`LiveDocuments.change`, the binding's own diff, after a version of the
 * text as it was), never by rebuilding its state.
 */
import * as Y from 'yjs';
import {
	initProseMirrorDoc,
	updateYFragment,
	yXmlFragmentToProseMirrorRootNode
} from '@tiptap/y-tiptap';
import type { TypedPocketBase } from '../../pocketbase/types';
import { can, type OrgRole, type Role } from '../../domain/access';
import { minutesContent, minutesTitle, type SeanceRecordInput } from '../../domain/seances/minutes';
import { quorumOf, readAttendance, SEANCE_TIME_ZONE } from '../../domain/seances/seance';
import type { ProseMirrorJSON, TemplateLocale } from '../../domain/templates/protocol';
import { EDITOR_FIELD, editorSchema } from '../../editor/extensions';
import { notesField, notesSchema } from '../../editor/notes-extensions';
import { createDocumentState } from '../../editor/template-state';
import { EDITOR_SCHEMA_VERSION } from '../../editor/schema-version';
import { formatDate, formatDateTime } from '../../i18n/format';
import { addSnapshotRow } from '../../../../server/storage/doc-rows';
import { serverServices } from '../../../../server/services';
import type { LiveDocuments } from '../../../../server/collab/live-documents';
import { newRecordId } from '../documents';
import { experimentMembers } from '../members';
import { orNullIfMissing } from '../pb-errors';
import { readDocumentNow } from '../governance/proposal-source';
import { saveVersion } from '../review/versions';

export interface RecordLabels {
	/** "Adoptée par consentement", "Élection de …" in the reader's language. */
	outcome: (decision: { kind: string; outcome: string; elected: string }) => string;
	followUpStatus: (status: string) => string;
}

/** Everything the compte rendu and the procès-verbal say, read from PocketBase and the notes. */
export async function seanceRecordInput(
	admin: TypedPocketBase,
	experimentId: string,
	seanceId: string,
	locale: TemplateLocale,
	labels: RecordLabels,
	documents: LiveDocuments | null = serverServices().liveDocuments
): Promise<SeanceRecordInput> {
	const seance = await admin.collection('seances').getOne(seanceId);
	if (seance.experiment !== experimentId) throw new Error('séance of another experiment');
	const [experiment, items, members, actions] = await Promise.all([
		admin.collection('experiments').getOne(experimentId),
		admin.collection('seance_items').getFullList({
			filter: admin.filter('seance = {:s}', { s: seanceId }),
			sort: 'position,created'
		}),
		experimentMembers(admin, experimentId),
		admin.collection('follow_ups').getFullList({
			filter: admin.filter('seance = {:s}', { s: seanceId }),
			sort: 'due_date,created'
		})
	]);
	const organisation = experiment.organisation
		? await orNullIfMissing(admin.collection('organisations').getOne(experiment.organisation))
		: null;
	const rounds = items.map((i) => i.round).filter(Boolean);
	const decisionIds = items.map((i) => i.decision).filter(Boolean);
	const clauses = [
		...rounds.map((_, n) => `round = {:r${n}}`),
		...decisionIds.map((_, n) => `id = {:d${n}}`)
	];
	const params: Record<string, string> = {};
	rounds.forEach((r, n) => (params[`r${n}`] = r));
	decisionIds.forEach((d, n) => (params[`d${n}`] = d));
	const decisions =
		clauses.length === 0
			? []
			: await admin.collection('decisions').getFullList({
					filter: admin.filter(
						`experiment = {:e} && (${clauses.join(' || ')}) && (outcome = "adopted" || outcome = "elected")`,
						{ e: experimentId, ...params }
					),
					sort: 'decided_at'
				});
	const names = new Map(members.map((mb) => [mb.id, mb.name]));
	const attendance = readAttendance(seance.attendance);
	const notes = await readNotes(
		admin,
		seanceId,
		items.map((i) => i.id),
		documents
	);
	return {
		locale,
		organisation: organisation?.name ?? '',
		experiment: experiment.title,
		title: seance.title,
		when: formatDateTime(seance.starts_at, locale, SEANCE_TIME_ZONE),
		place: seance.place ?? '',
		visio: seance.visio_url ?? '',
		facilitator: names.get(seance.facilitator) ?? '',
		secretary: names.get(seance.secretary) ?? '',
		attendance: members.map((mb) => ({ name: mb.name, status: attendance[mb.id] ?? '' })),
		quorum: seance.quorum > 0 ? quorumOf(attendance, seance.quorum) : null,
		items: items.map((i) => ({ title: i.title, notes: notes.get(i.id) ?? [] })),
		decisions: decisions.map((d) => ({
			title: d.title,
			text: d.kind === 'election' ? d.text || d.elected_name : d.text,
			hash: d.hash,
			reviewDate: d.review_date ? formatDate(d.review_date, locale) : '',
			outcome: labels.outcome(d)
		})),
		actions: actions.map((a) => ({
			what: a.what,
			owner: names.get(a.owner) ?? '',
			due: a.due_date ? formatDate(a.due_date, locale) : '',
			status: labels.followUpStatus(a.status)
		}))
	};
}

/** Each item's notes as blocks of the notes schema (a subset of the document schema). */
async function readNotes(
	admin: TypedPocketBase,
	seanceId: string,
	itemIds: string[],
	documents: LiveDocuments | null
): Promise<Map<string, ProseMirrorJSON[]>> {
	const exists = await orNullIfMissing(admin.collection('documents').getOne(seanceId));
	if (!exists) return new Map();
	const schema = notesSchema();
	return readDocumentNow(
		admin,
		seanceId,
		(ydoc: Y.Doc) => {
			const out = new Map<string, ProseMirrorJSON[]>();
			for (const id of itemIds) {
				const root = yXmlFragmentToProseMirrorRootNode(ydoc.getXmlFragment(notesField(id)), schema);
				const blocks = ((root.toJSON() as ProseMirrorJSON).content ?? []).filter(
					(block) => !(block.type === 'paragraph' && !block.content?.length)
				);
				out.set(id, blocks);
			}
			return out;
		},
		documents
	);
}

export type MinutesResult =
	| { ok: true; documentId: string; replaced: boolean }
	| { ok: false; error: 'not_closed' | 'forbidden' | 'exists' | 'unavailable' };

export interface GenerateMinutesInput {
	experimentId: string;
	seanceId: string;
	userId: string;
	access: { role: Role | null; orgRole: OrgRole | null; archived: boolean };
	locale: TemplateLocale;
	labels: RecordLabels;
	/** The séance already has a compte rendu: replace its text (the user confirmed). */
	replace: boolean;
	documents?: LiveDocuments | null;
}

/** Generates (or, confirmed, regenerates) the compte rendu of a closed séance. */
export async function generateMinutes(
	admin: TypedPocketBase,
	input: GenerateMinutesInput
): Promise<MinutesResult> {
	if (!can(input.access, 'edit')) return { ok: false, error: 'forbidden' };
	const seance = await admin.collection('seances').getOne(input.seanceId);
	if (seance.status !== 'closed') return { ok: false, error: 'not_closed' };
	const documents =
		input.documents === undefined ? serverServices().liveDocuments : input.documents;
	const record = await seanceRecordInput(
		admin,
		input.experimentId,
		input.seanceId,
		input.locale,
		input.labels,
		documents
	);
	const content = minutesContent(record);
	const existing = seance.minutes_document
		? await orNullIfMissing(admin.collection('documents').getOne(seance.minutes_document))
		: null;
	if (existing) {
		if (!input.replace) return { ok: false, error: 'exists' };
		if (!documents) return { ok: false, error: 'unavailable' };
		await replaceText(admin, documents, existing.id, content, input.userId);
		return { ok: true, documentId: existing.id, replaced: true };
	}
	const id = newRecordId();
	const batch = admin.createBatch();
	batch.collection('documents').create({
		id,
		experiment: input.experimentId,
		kind: 'compte_rendu_copil',
		title: minutesTitle(record).slice(0, 200),
		archived: false,
		schema_version: EDITOR_SCHEMA_VERSION,
		created_by: input.userId
	});
	addSnapshotRow(batch, id, createDocumentState(content));
	batch.collection('seances').update(seance.id, { minutes_document: id });
	await batch.send();
	return { ok: true, documentId: id, replaced: false };
}

/**
 * The compte rendu's text becomes the freshly generated one, as an editor replacing every block
 * would make it (unchanged blocks keep their identity), after a version of the text as it was.
 */
async function replaceText(
	admin: TypedPocketBase,
	documents: LiveDocuments,
	documentId: string,
	content: ProseMirrorJSON,
	userId: string
): Promise<void> {
	const schema = editorSchema();
	const next = schema.nodeFromJSON(content);
	next.check();
	await saveVersion(admin, documentId, 'before_restore', {
		userId,
		state: await documents.state(documentId)
	});
	await documents.change(documentId, (ydoc) => {
		const fragment = ydoc.getXmlFragment(EDITOR_FIELD);
		const { meta } = initProseMirrorDoc(fragment, schema);
		updateYFragment(ydoc, fragment, next, meta);
	});
}
