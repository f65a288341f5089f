/**
 * Builds an export of a document from its stored binary state (the live draft's `doc_updates`,
 * or a version), through the editor schema, with the title page's facts and, on request, the
 * open comment threads. Formats are rendered by markdown.ts / docx.ts / pdf.ts.
 */
import type { TypedPocketBase } from '../../pocketbase/types';
import { m } from '$lib/paraglide/messages';
import { ENJEU_LABEL, PART_TITLE, fieldLabel } from '$lib/editor/structured/labels';
import { territoryLabel, uiLocale } from '$lib/i18n/labels';
import { fieldNote } from '$lib/editor/structured/field-note';
import { formatAmount, formatDate, formatDateTime } from '$lib/i18n/format';
import type { Enjeu } from '$lib/domain/experiment';
import type { ReviewContext } from '../review/context';
import { stateToProseMirror, storedDocumentState } from '../review/doc-state';
import { loadSnapshot } from '../review/threads';
import { versionRecord } from '../review/versions';
import { withoutPendingChanges } from '../../editor/suggestions/clean';
import { pendingAuthors } from './suggestion-legend';
import { toExportBlocks, type ExportDocument, type ExportLabels, type PartLabels } from './model';
import { resolveAssets, type AssetTarget } from './assets';

/**
 * `readerValues`: typed dates and amounts as a reader reads them ("12 mars 2027", "1 500,00 €"),
 * for the formats one only reads (PDF, the public page); the editable formats (DOCX, ODT,
 * Markdown) keep them as typed, so that importing an export gives back the same document.
 */
export function partLabels({ readerValues = false }: { readerValues?: boolean } = {}): PartLabels {
	return {
		partTitle: (kind) => PART_TITLE[kind](),
		fieldLabel: (kind, field) => fieldLabel(kind, field),
		enjeuLabel: (value) => ENJEU_LABEL[value as Enjeu]?.() ?? value,
		enjeuColumn: m.export_enjeu_column(),
		total: m.import_export_total(),
		formatAmount: (cents) => formatAmount(cents / 100, uiLocale()),
		unreadableLines: (count) => m.import_export_unreadable_lines({ count }),
		invalidDate: m.import_export_invalid_date(),
		invalidAmount: m.import_export_invalid_amount(),
		fieldValue: readerValues
			? (kind, field, text) => {
					const note = fieldNote(kind, field, text, uiLocale());
					return note?.tone === 'value' ? note.text : text;
				}
			: undefined
	};
}

export function exportLabels(): ExportLabels {
	return {
		experiment: m.export_experiment(),
		territory: m.export_territory(),
		version: m.export_version(),
		date: m.export_date(),
		comments: m.export_comments(),
		suggestion: m.review_suggestion_badge(),
		locale: uiLocale()
	};
}

export interface ExportRequest {
	versionId: string | null;
	withComments: boolean;
	/**
	 * Pending suggestions kept: DOCX as tracked changes, PDF marked with a legend; otherwise the
	 * accepted text only.
	 */
	withSuggestions?: boolean;
	now: Date;
	/** How images and files are reached in this export (none: left as their text). */
	assets?: AssetTarget;
	/** A format one only reads (PDF, the public page): typed values in words (partLabels). */
	readerValues?: boolean;
}

function versionLabel(kind: string, name: string, created: string): string {
	const when = formatDateTime(created, uiLocale());
	if (kind === 'named') return `${name} (${when})`;
	if (kind === 'before_restore') return `${m.version_kind_before_restore()} (${when})`;
	return `${m.version_kind_auto()} (${when})`;
}

export async function buildExport(
	admin: TypedPocketBase,
	ctx: Pick<ReviewContext, 'documentId' | 'experimentId'> & Partial<ReviewContext>,
	request: ExportRequest
): Promise<ExportDocument> {
	const [doc, experiment] = await Promise.all([
		admin.collection('documents').getOne(ctx.documentId, { fields: 'id,title' }),
		admin
			.collection('experiments')
			.getOne(ctx.experimentId, { fields: 'id,title,territory_name,territory_type' })
	]);
	let state: Uint8Array;
	let label: string;
	if (request.versionId) {
		const version = await versionRecord(admin, ctx, request.versionId);
		state = new Uint8Array(Buffer.from(version.state, 'base64'));
		label = versionLabel(version.kind, version.name, version.created);
	} else {
		state = await storedDocumentState(admin, ctx.documentId);
		label = m.export_current_text();
	}
	const territoryType = String(experiment.territory_type ?? '');
	const territory = [
		String(experiment.territory_name ?? ''),
		territoryType ? territoryLabel(territoryType) : ''
	]
		.filter(Boolean)
		.join(' — ');

	let comments: ExportDocument['comments'] = null;
	if (request.withComments && ctx.userId && ctx.rights) {
		const snapshot = await loadSnapshot(admin, ctx as ReviewContext);
		comments = snapshot.threads
			// A tracked change's discussion goes with the change (see "avec suggestions").
			.filter(
				(t): t is typeof t & { kind: 'comment' | 'suggestion' | 'objection' } =>
					t.status === 'open' && t.kind !== 'change'
			)
			.map((t) => ({
				quote: t.quote,
				kind: t.kind,
				replacement: t.replacement,
				messages: t.messages.map((msg) => ({
					author: msg.authorName,
					date: formatDateTime(msg.created, uiLocale()),
					body: msg.body
				}))
			}));
	}
	// Clean export by default: the accepted text, pending suggestions left out.
	const json = stateToProseMirror(state);
	const text = request.withSuggestions ? json : withoutPendingChanges(json);
	const blocks = toExportBlocks(text, partLabels({ readerValues: request.readerValues }), {
		title: String(doc.title)
	});
	const authors = request.withSuggestions ? pendingAuthors(blocks) : [];
	return {
		pending:
			authors.length > 0
				? {
						title: m.suggestthreads_pdf_legend_title(),
						insert: m.suggestthreads_pdf_legend_insert(),
						delete: m.suggestthreads_pdf_legend_delete(),
						authorsLabel: m.suggestthreads_pdf_legend_authors(),
						authors: authors.map((a) => ({
							key: a.name,
							name: a.name || m.suggest_unknown_author(),
							initials: a.initials
						}))
					}
				: null,
		title: String(doc.title),
		experiment: String(experiment.title),
		territory,
		versionLabel: label,
		date: formatDate(request.now.toISOString(), uiLocale()),
		blocks,
		comments,
		assets: request.assets
			? await resolveAssets(admin, ctx.documentId, blocks, request.assets)
			: undefined
	};
}
