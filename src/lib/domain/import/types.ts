/**
 * What a converter hands over after reading a file (DOCX, ODT, Markdown, HTML): the body as
 * ProseMirror JSON of the editor schema, plus what the body cannot hold (comments, tracked
 * changes, images) for the import report. Pure data, JSON-serialisable: it crosses the process
 * boundary between the sandboxed converter and the server.
 *
 * Comment ranges travel inside the text as private-use characters (see `commentMarker`), so they
 * follow their passage through the mapping onto the template; they are removed, and turned into
 * positions, when the final document is built.
 */
import type { ProseMirrorJSON } from '../templates/protocol';

export const IMPORT_FORMATS = ['docx', 'odt', 'markdown', 'html'] as const;
export type ImportFormat = (typeof IMPORT_FORMATS)[number];

export interface ImportedComment {
	/** Identifier inside the source file (Word's w:id). */
	id: string;
	author: string;
	/** ISO date-time as written in the file, or ''. */
	date: string;
	text: string;
	/** Answers given in the word processor, in order. */
	replies: { author: string; date: string; text: string }[];
}

export interface ImportedTrackedChange {
	kind: 'insertion' | 'deletion';
	author: string;
	date: string;
	text: string;
}

export interface ImportedImage {
	/** Alternative text ('' when the author gave none). */
	alt: string;
	contentType: string;
	bytes: number;
	/** Linked from outside the file (by URL): never fetched. */
	external: boolean;
}

export interface ImportedDocument {
	format: ImportFormat;
	/** The body, valid for the editor schema (comment markers inside text nodes). */
	doc: ProseMirrorJSON;
	/** The document's own title (Word's "Title" style, a leading H1, Markdown's first H1), if any. */
	title: string;
	comments: ImportedComment[];
	trackedChanges: ImportedTrackedChange[];
	images: ImportedImage[];
	footnotes: number;
	/** Tables whose merged cells were split into plain cells. */
	mergedTables: number;
}

/** Private-use characters marking where a comment's passage starts and ends in the text. */
export const MARK_START = '\uE000';
export const MARK_END = '\uE001';
export const MARK_CLOSE = '\uE002';

/** The marker put in the text where comment `id`'s passage starts (`end` = where it ends). */
export function commentMarker(id: string, end: boolean): string {
	return `${end ? MARK_END : MARK_START}${id}${MARK_CLOSE}`;
}

/** Every comment marker in a text (global regexp: use with matchAll/replace). */
export const MARKER_PATTERN = /([\uE000\uE001])([^\uE000-\uE002]{0,40})\uE002/g;
