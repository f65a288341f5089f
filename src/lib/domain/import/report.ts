/**
 * The import report shown before confirming: what was recognised, converted, kept and left
 * out. Pure data, computed on the server, rendered by the import screens.
 */
import type { ImportFormat, ImportedImage, ImportedTrackedChange } from './types';
import type { PartPlacement, SectionPlacement } from './template-merge';

export interface ImportReport {
	format: ImportFormat;
	fileName: string;
	/** Title the new document gets (or the section the content goes into). */
	title: string;
	sections: SectionPlacement[];
	keptHeadings: string[];
	partTables: PartPlacement[];
	/** Tables kept as tables. */
	tables: number;
	/** Tables whose merged cells were split. */
	mergedTables: number;
	images: ImportedImage[];
	/** Comment threads that will be created, and comments whose passage could not be found. */
	comments: number;
	commentsWithoutPassage: number;
	trackedChanges: ImportedTrackedChange[];
	footnotes: number;
}

/** Images a reader cannot perceive without an alternative text. */
export function imagesWithoutAlt(report: Pick<ImportReport, 'images'>): number {
	return report.images.filter((image) => image.alt.trim() === '').length;
}
