/** The words of the import report and of import errors, in the reader's language. */
import { m } from '$lib/paraglide/messages';
import type { PartKind } from '$lib/domain/structured-parts';
import { imagesWithoutAlt, type ImportReport } from '$lib/domain/import/report';

const PART_NAME: Record<PartKind, () => string> = {
	budget: m.import_part_budget,
	calendar: m.import_part_calendar,
	indicators: m.import_part_indicators,
	copil: m.import_part_copil,
	enjeux: m.import_part_enjeux
};

export const partName = (kind: PartKind) => PART_NAME[kind]();

/** "12 sections reconnues, 2 tableaux convertis en lignes de budget, …" as a list of parts. */
export function reportSummary(report: ImportReport, mode: 'new' | 'section'): string[] {
	const parts: string[] = [];
	if (mode === 'new') parts.push(m.import_summary_sections({ count: report.sections.length }));
	for (const placement of report.partTables)
		parts.push(
			m.import_summary_part_tables({ count: placement.tables, part: partName(placement.kind) })
		);
	if (report.tables) parts.push(m.import_summary_tables({ count: report.tables }));
	const noAlt = imagesWithoutAlt(report);
	if (noAlt) parts.push(m.import_summary_images_no_alt({ count: noAlt }));
	if (report.images.length)
		parts.push(m.import_summary_images_skipped({ count: report.images.length }));
	if (report.comments) parts.push(m.import_summary_comments({ count: report.comments }));
	if (report.trackedChanges.length)
		parts.push(m.import_summary_tracked({ count: report.trackedChanges.length }));
	if (report.footnotes) parts.push(m.import_summary_footnotes({ count: report.footnotes }));
	if (report.mergedTables) parts.push(m.import_summary_merged({ count: report.mergedTables }));
	return parts;
}

const ERRORS: Record<string, () => string> = {
	empty: m.import_error_empty,
	too_large: m.import_error_too_large,
	unsupported: m.import_error_unsupported,
	legacy_doc: m.import_error_legacy_doc,
	pdf: m.import_error_pdf,
	spreadsheet: m.import_error_spreadsheet,
	executable: m.import_error_executable,
	macro: m.import_error_macro,
	encrypted: m.import_error_encrypted,
	truncated: m.import_error_truncated,
	corrupt: m.import_error_corrupt,
	zip_bomb: m.import_error_zip_bomb,
	external_entities: m.import_error_external_entities,
	not_text: m.import_error_not_text,
	timeout: m.import_error_timeout,
	memory: m.import_error_memory,
	converter_missing: m.import_error_converter_missing,
	failed: m.import_error_failed,
	forbidden: m.import_error_forbidden,
	not_found: m.import_error_not_found,
	invalid_title: m.import_error_invalid_title,
	section_changed: m.import_error_section_changed,
	expired: m.import_error_expired,
	document_too_large: m.import_error_document_too_large,
	unavailable: m.import_error_unavailable,
	no_file: m.import_error_no_file,
	invalid: m.import_error_invalid
};

export function importErrorText(id: string): string {
	return (ERRORS[id] ?? m.import_error_failed)();
}
