/**
 * The procès-verbal of a closed séance as a file: its content (`recordContent`) through the
 * export code's block model, written by the same DOCX writer and Chromium print as documents.
 */
import type { TypedPocketBase } from '../../pocketbase/types';
import { recordContent, recordTitle } from '../../domain/seances/minutes';
import type { TemplateLocale } from '../../domain/templates/protocol';
import { formatDate } from '../../i18n/format';
import { toExportBlocks, type ExportDocument } from '../export/model';
import { exportLabels, partLabels } from '../export/service';
import { seanceRecordInput, type RecordLabels } from './minutes';
import type { LiveDocuments } from '../../../../server/collab/live-documents';

export const RECORD_TYPES = {
	docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
	pdf: 'application/pdf'
} as const;
export type RecordFormat = keyof typeof RECORD_TYPES;

export interface RecordRequest {
	experimentId: string;
	seanceId: string;
	locale: TemplateLocale;
	labels: RecordLabels & { record: string };
	format: RecordFormat;
	now: Date;
	documents?: LiveDocuments | null;
}

export async function recordFile(
	admin: TypedPocketBase,
	request: RecordRequest
): Promise<{ title: string; body: Uint8Array }> {
	const input = await seanceRecordInput(
		admin,
		request.experimentId,
		request.seanceId,
		request.locale,
		request.labels,
		request.documents
	);
	const title = recordTitle(input);
	const doc: ExportDocument = {
		title,
		experiment: input.experiment,
		territory: input.organisation,
		versionLabel: request.labels.record,
		date: formatDate(request.now.toISOString(), request.locale),
		blocks: toExportBlocks(
			recordContent(input),
			partLabels({ readerValues: request.format === 'pdf' }),
			{ title }
		),
		comments: null
	};
	const labels = exportLabels();
	const body =
		request.format === 'docx'
			? await (await import('../export/docx')).toDocx(doc, labels)
			: await (await import('../export/pdf')).toPdf(doc, labels, request.locale);
	return { title, body };
}
