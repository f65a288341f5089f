/**
 * Import, in two steps: `analyseImport` converts the file (in the sandboxed converter), puts it
 * onto the target (a new document's template, or a section of an existing document) and returns
 * the report and a preview, keeping the result for 15 minutes; `confirmImport` then writes it:
 * - a new document: its record, its first Yjs state (built once, through the editor schema) and
 *   the comment threads in ONE PocketBase batch — all or nothing;
 * - into a section: the change is computed against the live document and applied by the
 *   collaboration server (open editors receive it), after the comment threads are written; if the
 *   server cannot apply it, the threads are removed again.
 * No SvelteKit import: the integration tests call it directly.
 */
import type PocketBase from 'pocketbase';
import * as Y from 'yjs';
import { can } from '../../domain/access';
import { quoteOf, COMMENT_BODY_MAX } from '../../domain/comments';
import type { ProseMirrorJSON, TemplateLocale } from '../../domain/templates/protocol';
import type { ImportedComment, ImportedDocument } from '../../domain/import/types';
import { MARKER_PATTERN } from '../../domain/import/types';
import {
	contentForSection,
	mergeIntoTemplate,
	type SectionContent
} from '../../domain/import/template-merge';
import type { ImportReport } from '../../domain/import/report';
import {
	documentSections,
	importedDocumentState,
	sectionImportUpdate,
	SectionChangedError,
	type ImportAnchor
} from '../../editor/import-state';
import { EDITOR_SCHEMA_VERSION } from '../../editor/schema-version';
import { formatDate } from '../../i18n/format';
import { DOCUMENT_TITLE_MAX, newRecordId, templateFor, type DocumentKind } from '../documents';
import { experimentRoles } from '../members';
import { isStatus } from '../pb-errors';
import { liveHub } from '../live/hub';
import { reviewContext } from '../review/context';
import { reviewTopic } from '../review/threads';
import { REVIEW_CHANGED } from '../../review/types';
import { stateToProseMirror, storedDocumentState } from '../review/doc-state';
import { ReviewError } from '../review/errors';
import { extractPlainText } from '../../../../server/collab/text-index';
import { addSnapshotRow } from '../../../../server/storage/doc-rows';
import type { ImportConverter } from '../../../../server/import/runner';
import { isImportErrorId, type ImportErrorId } from '../../../../server/import/errors';
import type { LiveDocumentFailure, LiveDocuments } from '../../../../server/collab/live-documents';
import { PendingImports } from './pending';

/** More comments than this in one file are not turned into threads (reported). */
export const MAX_IMPORTED_COMMENTS = 300;

export type ImportTarget =
	| { type: 'new'; experimentId: string; kind: DocumentKind; title: string; locale: TemplateLocale }
	| { type: 'section'; documentId: string; sectionIndex: number };

export type ImportFailure =
	| ImportErrorId
	| 'forbidden'
	| 'not_found'
	| 'invalid_title'
	| 'section_changed'
	| 'expired'
	| 'document_too_large'
	| 'unavailable';

export class ImportServiceError extends Error {
	constructor(
		readonly id: ImportFailure,
		detail = ''
	) {
		super(detail ? `${id}: ${detail}` : id);
		this.name = 'ImportServiceError';
	}
}

interface Analysed {
	target: ImportTarget;
	report: ImportReport;
	comments: ImportedComment[];
	/** New document: the merged document, comment markers inside. */
	merged?: ProseMirrorJSON;
	/** Section: what goes in, and the section's heading when analysed. */
	section?: SectionContent & { heading: string };
	locale: TemplateLocale;
}

export interface AnalysisView {
	token: string;
	report: ImportReport;
	/** The document (or the section's new content) as it will read, for the preview. */
	preview: ProseMirrorJSON;
}

const pending = new PendingImports<Analysed>();

/*
 * The converter and the collaboration server are lent by the Node server (server/services.ts):
 * their errors come from another copy of the modules than the app bundle's, so they are
 * recognised by their shape, never with `instanceof`.
 */
function importErrorOf(error: unknown): { id: ImportErrorId; detail: string } | null {
	const e = error as { name?: unknown; id?: unknown; detail?: unknown } | null;
	return e?.name === 'ImportError' && isImportErrorId(e.id)
		? { id: e.id, detail: String(e.detail ?? '') }
		: null;
}

function liveFailureOf(error: unknown): LiveDocumentFailure | null {
	const e = error as { name?: unknown; reason?: unknown } | null;
	return e?.name === 'LiveDocumentError' && typeof e.reason === 'string'
		? (e.reason as LiveDocumentFailure)
		: null;
}

function withoutMarkers<T>(json: T): T {
	return JSON.parse(JSON.stringify(json).replace(MARKER_PATTERN, '')) as T;
}

/** "rapport-final.docx" → "rapport final". */
function titleFromFileName(name: string): string {
	return name
		.replace(/\.[a-z0-9]{1,8}$/i, '')
		.replace(/[_-]+/g, ' ')
		.trim()
		.slice(0, DOCUMENT_TITLE_MAX);
}

async function requireEditor(
	admin: PocketBase,
	experimentId: string,
	userId: string
): Promise<void> {
	let experiment;
	try {
		experiment = await admin
			.collection('experiments')
			.getOne(experimentId, { fields: 'id,status' });
	} catch (error) {
		if (isStatus(error, 404)) throw new ImportServiceError('not_found');
		throw error;
	}
	const roles = await experimentRoles(admin, experimentId, userId);
	if (!can(roles, 'read')) throw new ImportServiceError('not_found');
	if (!can({ ...roles, archived: experiment.status === 'archivee' }, 'edit'))
		throw new ImportServiceError('forbidden');
}

async function requireDocumentEditor(admin: PocketBase, documentId: string, userId: string) {
	try {
		const ctx = await reviewContext(admin, documentId, userId);
		if (!ctx.rights.edit) throw new ImportServiceError('forbidden');
		return ctx;
	} catch (error) {
		if (error instanceof ReviewError) throw new ImportServiceError('not_found');
		throw error;
	}
}

function baseReport(document: ImportedDocument, fileName: string, title: string): ImportReport {
	return {
		format: document.format,
		fileName,
		title,
		sections: [],
		keptHeadings: [],
		partTables: [],
		tables: 0,
		mergedTables: document.mergedTables,
		images: document.images,
		comments: Math.min(document.comments.length, MAX_IMPORTED_COMMENTS),
		commentsWithoutPassage: 0,
		trackedChanges: document.trackedChanges,
		footnotes: document.footnotes
	};
}

export interface AnalyseInput {
	userId: string;
	target: ImportTarget;
	fileName: string;
	data: Uint8Array;
	now?: Date;
}

export async function analyseImport(
	deps: { admin: PocketBase; converter: ImportConverter },
	input: AnalyseInput
): Promise<AnalysisView> {
	const { admin } = deps;
	const target = input.target;
	let sectionHeading = '';
	let sectionParts: ReturnType<typeof documentSections>[number]['parts'] = [];
	if (target.type === 'new') {
		if (input.target.type === 'new' && target.title.trim().length > DOCUMENT_TITLE_MAX)
			throw new ImportServiceError('invalid_title');
		await requireEditor(admin, target.experimentId, input.userId);
	} else {
		await requireDocumentEditor(admin, target.documentId, input.userId);
		const sections = documentSections(
			stateToProseMirror(await storedDocumentState(admin, target.documentId))
		);
		const section = sections[target.sectionIndex];
		if (!section) throw new ImportServiceError('section_changed');
		sectionHeading = section.heading;
		sectionParts = section.parts;
	}

	let document: ImportedDocument;
	try {
		document = (await deps.converter.convert(input.data, input.fileName)).document;
	} catch (error) {
		const refused = importErrorOf(error);
		if (refused) throw new ImportServiceError(refused.id, refused.detail);
		throw error;
	}
	const comments = document.comments.slice(0, MAX_IMPORTED_COMMENTS);
	const commentIds = comments.map((c) => c.id);

	if (target.type === 'new') {
		const title = (
			target.title.trim() ||
			document.title ||
			titleFromFileName(input.fileName) ||
			'—'
		).slice(0, DOCUMENT_TITLE_MAX);
		const template = templateFor(target.kind, target.locale, title, input.now ?? new Date());
		const merged = mergeIntoTemplate(template, document.doc, target.kind);
		// Built now for the preview and the report; built again at confirmation (cheap, pure).
		const built = importedDocumentState(merged.doc, commentIds);
		const report: ImportReport = {
			...baseReport(document, input.fileName, title),
			sections: merged.sections,
			keptHeadings: merged.keptHeadings,
			partTables: merged.partTables,
			tables: merged.tables,
			commentsWithoutPassage: built.anchors.filter((a) => !a.found).length
		};
		const analysed: Analysed = {
			target: { ...target, title },
			report,
			comments,
			merged: merged.doc,
			locale: target.locale
		};
		return { token: pending.put(input.userId, analysed), report, preview: built.doc };
	}

	const content = contentForSection(document.doc, document.title, sectionParts);
	const report: ImportReport = {
		...baseReport(document, input.fileName, sectionHeading),
		partTables: content.partTables,
		tables: content.tables
	};
	const analysed: Analysed = {
		target,
		report,
		comments,
		section: { ...content, heading: sectionHeading },
		locale: 'fr'
	};
	const previewRows = Object.values(content.rows).flat();
	return {
		token: pending.put(input.userId, analysed),
		report,
		preview: withoutMarkers({
			type: 'doc',
			content: [
				{ type: 'heading', attrs: { level: 2 }, content: [{ type: 'text', text: sectionHeading }] },
				...content.blocks,
				...groupRows(previewRows)
			]
		})
	};
}

/** Part rows shown in the preview inside their part block. */
function groupRows(rows: ProseMirrorJSON[]): ProseMirrorJSON[] {
	const byBlock = new Map<string, ProseMirrorJSON[]>();
	for (const row of rows) {
		const block = row.type
			.replace(/^(budgetLine)$/, 'budgetPart')
			.replace(/^milestone$/, 'calendarPart')
			.replace(/^indicator$/, 'indicatorsPart')
			.replace(/^copilSeat$/, 'copilPart');
		byBlock.set(block, [...(byBlock.get(block) ?? []), row]);
	}
	return [...byBlock].map(([type, content]) => ({ type, content }));
}

export interface CommentWording {
	/** First message of a thread: the original author and date kept as text. */
	comment(input: { author: string; date: string; text: string; found: boolean }): string;
	reply(input: { author: string; date: string; text: string }): string;
}

/** The default French/English wording of imported comments. */
export function commentWording(
	locale: TemplateLocale,
	words: {
		comment: (p: { author: string; date: string; text: string }) => string;
		noPassage: () => string;
		reply: (p: { author: string; date: string; text: string }) => string;
		unknownAuthor: () => string;
	}
): CommentWording {
	const date = (iso: string) => (iso ? formatDate(iso, locale) : '');
	const clip = (text: string) => text.slice(0, COMMENT_BODY_MAX);
	return {
		comment: ({ author, date: when, text, found }) =>
			clip(
				`${words.comment({ author: author || words.unknownAuthor(), date: date(when), text })}${found ? '' : `\n${words.noPassage()}`}`
			),
		reply: ({ author, date: when, text }) =>
			clip(words.reply({ author: author || words.unknownAuthor(), date: date(when), text }))
	};
}

type Batch = ReturnType<PocketBase['createBatch']>;

function addThreads(
	batch: Batch,
	documentId: string,
	userId: string,
	comments: readonly ImportedComment[],
	anchors: readonly ImportAnchor[],
	wording: CommentWording
): string[] {
	const ids: string[] = [];
	for (const anchor of anchors) {
		const comment = comments.find((c) => c.id === anchor.commentId);
		if (!comment) continue;
		const id = newRecordId();
		ids.push(id);
		batch.collection('review_threads').create({
			id,
			document: documentId,
			author: userId,
			kind: 'comment',
			anchor: anchor.anchor,
			quote: quoteOf(anchor.quote),
			replacement: '',
			status: 'open'
		});
		batch.collection('review_messages').create({
			thread: id,
			author: userId,
			body: wording.comment({ ...comment, found: anchor.found }),
			mentions: []
		});
		for (const reply of comment.replies) {
			batch.collection('review_messages').create({
				thread: id,
				author: userId,
				body: wording.reply(reply),
				mentions: []
			});
		}
	}
	return ids;
}

export interface ConfirmDeps {
	admin: PocketBase;
	live: LiveDocuments | null;
	wording: CommentWording;
}

/** Writes an analysed import; returns the document it went into. */
export async function confirmImport(
	deps: ConfirmDeps,
	userId: string,
	token: string
): Promise<{ documentId: string; sectionIndex: number | null }> {
	const analysed = pending.take(userId, token);
	if (!analysed) throw new ImportServiceError('expired');
	try {
		return await write(deps, userId, analysed);
	} catch (error) {
		// A refusal that may pass later (storage down) keeps the analysis for another try.
		if (error instanceof ImportServiceError && error.id === 'unavailable')
			pending.restore(userId, token, analysed);
		throw error;
	}
}

async function write(
	deps: ConfirmDeps,
	userId: string,
	analysed: Analysed
): Promise<{ documentId: string; sectionIndex: number | null }> {
	const { admin } = deps;
	const target = analysed.target;
	if (target.type === 'new') {
		await requireEditor(admin, target.experimentId, userId);
		const built = importedDocumentState(
			analysed.merged!,
			analysed.comments.map((c) => c.id)
		);
		const ydoc = new Y.Doc();
		let searchText = '';
		try {
			Y.applyUpdate(ydoc, built.state);
			searchText = extractPlainText(ydoc);
		} finally {
			ydoc.destroy();
		}
		const id = newRecordId();
		const batch = admin.createBatch();
		batch.collection('documents').create({
			id,
			experiment: target.experimentId,
			kind: target.kind,
			title: target.title,
			archived: false,
			schema_version: EDITOR_SCHEMA_VERSION,
			created_by: userId,
			search_text: searchText
		});
		addSnapshotRow(batch, id, built.state);
		addThreads(batch, id, userId, analysed.comments, built.anchors, deps.wording);
		await batch.send();
		return { documentId: id, sectionIndex: null };
	}

	if (!deps.live) throw new ImportServiceError('unavailable', 'no collaboration server');
	const ctx = await requireDocumentEditor(admin, target.documentId, userId);
	const section = analysed.section!;
	let liveState: Uint8Array;
	try {
		liveState = await deps.live.state(target.documentId);
	} catch (error) {
		throw new ImportServiceError('unavailable', String(error));
	}
	let computed;
	try {
		computed = sectionImportUpdate(
			liveState,
			{ index: target.sectionIndex, heading: section.heading },
			section.blocks,
			{ ...section.rows },
			analysed.comments.map((c) => c.id)
		);
	} catch (error) {
		if (error instanceof SectionChangedError) throw new ImportServiceError('section_changed');
		throw error;
	}
	// Threads first: their anchors point into the update, which lands right after.
	let threadIds: string[] = [];
	if (computed.anchors.length) {
		const batch = admin.createBatch();
		threadIds = addThreads(
			batch,
			target.documentId,
			userId,
			analysed.comments,
			computed.anchors,
			deps.wording
		);
		await batch.send();
	}
	try {
		await deps.live.applyUpdate(target.documentId, computed.update);
	} catch (error) {
		if (threadIds.length) {
			const undo = admin.createBatch();
			for (const id of threadIds) undo.collection('review_threads').delete(id);
			await undo.send().catch(() => undefined);
		}
		const reason = liveFailureOf(error);
		if (reason) {
			throw new ImportServiceError(
				reason === 'too_large' ? 'document_too_large' : 'unavailable',
				String((error as Error).message)
			);
		}
		throw error;
	}
	if (threadIds.length)
		liveHub().publish(reviewTopic(ctx.documentId), {
			type: REVIEW_CHANGED,
			data: { thread: threadIds[0] }
		});
	return { documentId: target.documentId, sectionIndex: target.sectionIndex };
}
