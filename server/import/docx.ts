/**
 * DOCX → HTML with mammoth, plus what mammoth leaves out and the import needs:
 * - comment ranges: `w:commentRangeStart/End` are replaced by runs holding private-use markers
 *   (see src/lib/domain/import/types.ts) so the passage survives the conversion; comments,
 *   authors, dates and replies are read from `comments.xml` / `commentsExtended.xml`;
 * - tracked changes: mammoth keeps insertions and drops deletions (the changes accepted); they
 *   are listed for the report;
 * - images linked by URL: listed, never fetched (mammoth's external file access stays off).
 * Any XML part with a DTD is refused: Word never writes one, and entities are how XXE works.
 */
import mammoth from 'mammoth';
import { DOMParser, XMLSerializer } from '@xmldom/xmldom';
import { zipSync } from 'fflate';
import { ImportError } from './errors';
import {
	commentMarker,
	type ImportedComment,
	type ImportedImage,
	type ImportedTrackedChange
} from '../../src/lib/domain/import/types';

const W = 'http://schemas.openxmlformats.org/wordprocessingml/2006/main';

export interface DocxHtml {
	html: string;
	comments: ImportedComment[];
	trackedChanges: ImportedTrackedChange[];
	images: ImportedImage[];
}

const decoder = new TextDecoder();

function xmlOf(entries: ReadonlyMap<string, Uint8Array>, name: string): Document | null {
	const bytes = entries.get(name);
	if (!bytes) return null;
	const text = decoder.decode(bytes);
	let failed = '';
	const doc = new DOMParser({
		errorHandler: {
			warning: () => undefined,
			error: (message: string) => void (failed ||= message),
			fatalError: (message: string) => void (failed ||= message)
		}
	}).parseFromString(text, 'text/xml');
	if (failed || !doc?.documentElement) throw new ImportError('corrupt', `${name}: ${failed}`);
	return doc as unknown as Document;
}

/** Refuses any XML part declaring a DTD (external entities, entity expansion). */
export function refuseDtd(entries: ReadonlyMap<string, Uint8Array>): void {
	for (const [name, bytes] of entries) {
		if (!/\.(xml|rels)$/i.test(name)) continue;
		const head = decoder.decode(bytes.subarray(0, Math.min(bytes.byteLength, 4096)));
		if (/<!DOCTYPE|<!ENTITY/i.test(head) || /<!ENTITY/i.test(decoder.decode(bytes)))
			throw new ImportError('external_entities', name);
	}
}

const attr = (el: Element, name: string) =>
	el.getAttributeNS(W, name) || el.getAttribute(`w:${name}`) || '';

function elements(root: Document | Element, localName: string): Element[] {
	return Array.from(root.getElementsByTagNameNS(W, localName) as unknown as ArrayLike<Element>);
}

/** The text of a Word element: its w:t (or w:delText) runs, paragraphs on separate lines. */
function wordText(root: Element, textTag = 't'): string {
	const paragraphs = elements(root, 'p');
	const of = (el: Element) =>
		elements(el, textTag)
			.map((t) => t.textContent ?? '')
			.join('');
	if (paragraphs.length === 0) return of(root);
	return paragraphs
		.map(of)
		.filter((line) => line.trim() !== '')
		.join('\n');
}

function readComments(entries: ReadonlyMap<string, Uint8Array>): ImportedComment[] {
	const doc = xmlOf(entries, 'word/comments.xml');
	if (!doc) return [];
	// Replies (Word 2013+): commentsExtended links a comment's last paragraph to its parent's.
	const parentOfPara = new Map<string, string>();
	const extended = xmlOf(entries, 'word/commentsExtended.xml');
	if (extended) {
		for (const el of Array.from(
			extended.getElementsByTagName('w15:commentEx') as unknown as ArrayLike<Element>
		)) {
			const para = el.getAttribute('w15:paraId');
			const parent = el.getAttribute('w15:paraIdParent');
			if (para && parent) parentOfPara.set(para, parent);
		}
	}
	const byPara = new Map<string, ImportedComment>();
	const roots: ImportedComment[] = [];
	const replies: { parentPara: string; comment: ImportedComment }[] = [];
	for (const el of elements(doc, 'comment')) {
		const comment: ImportedComment = {
			id: attr(el, 'id'),
			author: attr(el, 'author') || attr(el, 'initials'),
			date: attr(el, 'date'),
			text: wordText(el),
			replies: []
		};
		const paras = elements(el, 'p');
		const lastPara = paras[paras.length - 1]?.getAttribute('w14:paraId') ?? '';
		for (const p of paras) {
			const id = p.getAttribute('w14:paraId');
			if (id) byPara.set(id, comment);
		}
		const parent = lastPara ? parentOfPara.get(lastPara) : undefined;
		if (parent) replies.push({ parentPara: parent, comment });
		else roots.push(comment);
	}
	for (const { parentPara, comment } of replies) {
		const parent = byPara.get(parentPara);
		const root = parent && roots.includes(parent) ? parent : null;
		if (root) root.replies.push({ author: comment.author, date: comment.date, text: comment.text });
		else roots.push(comment);
	}
	return roots;
}

function readTrackedChanges(doc: Document): ImportedTrackedChange[] {
	const changes: ImportedTrackedChange[] = [];
	for (const [tag, kind, textTag] of [
		['ins', 'insertion', 't'],
		['moveTo', 'insertion', 't'],
		['del', 'deletion', 'delText'],
		['moveFrom', 'deletion', 't']
	] as const) {
		for (const el of elements(doc, tag)) {
			const text = elements(el, textTag)
				.map((t) => t.textContent ?? '')
				.join('');
			// Paragraph-mark and formatting changes carry no text: nothing to report.
			if (text.trim() === '') continue;
			changes.push({ kind, author: attr(el, 'author'), date: attr(el, 'date'), text });
		}
	}
	return changes;
}

/**
 * Replaces comment range starts/ends by text runs holding markers. A range boundary outside a
 * paragraph (between paragraphs or table rows) moves into the nearest paragraph.
 */
function markCommentRanges(doc: Document): void {
	const run = (text: string) => {
		const r = doc.createElementNS(W, 'w:r');
		const t = doc.createElementNS(W, 'w:t');
		t.setAttribute('xml:space', 'preserve');
		t.appendChild(doc.createTextNode(text));
		r.appendChild(t);
		return r;
	};
	const inParagraph = (el: Element) => {
		for (let p = el.parentNode; p; p = p.parentNode) {
			if ((p as Element).localName === 'p') return true;
			if ((p as Element).localName === 'body') return false;
		}
		return false;
	};
	for (const [tag, end] of [
		['commentRangeStart', false],
		['commentRangeEnd', true]
	] as const) {
		for (const el of elements(doc, tag)) {
			const marker = run(commentMarker(attr(el, 'id'), end));
			if (inParagraph(el)) {
				el.parentNode?.replaceChild(marker, el);
				continue;
			}
			const all = elements(doc, 'p');
			const target = end
				? all.filter((p) => p.compareDocumentPosition?.(el) === 4).pop()
				: all.find((p) => el.compareDocumentPosition?.(p) === 4);
			el.parentNode?.removeChild(el);
			if (!target) continue;
			if (end) target.appendChild(marker);
			else target.insertBefore(marker, target.firstChild);
		}
	}
}

function externalImageLinks(entries: ReadonlyMap<string, Uint8Array>): string[] {
	const rels = xmlOf(entries, 'word/_rels/document.xml.rels');
	if (!rels) return [];
	return Array.from(rels.getElementsByTagName('Relationship') as unknown as ArrayLike<Element>)
		.filter(
			(rel) =>
				rel.getAttribute('TargetMode') === 'External' &&
				/\/image$/.test(rel.getAttribute('Type') ?? '')
		)
		.map((rel) => rel.getAttribute('Target') ?? '');
}

const STYLE_MAP = [
	"p[style-name='Title'] => h1.trame-title:fresh",
	"p[style-name='Titre'] => h1.trame-title:fresh",
	"p[style-name='Subtitle'] => p:fresh",
	"p[style-name='Heading 4'] => h3:fresh",
	"p[style-name='Heading 5'] => h3:fresh",
	"p[style-name='Heading 6'] => h3:fresh",
	'u => u',
	'strike => s'
];

export async function docxToHtml(entries: Map<string, Uint8Array>): Promise<DocxHtml> {
	refuseDtd(entries);
	const document = xmlOf(entries, 'word/document.xml');
	if (!document) throw new ImportError('corrupt', 'no word/document.xml');
	const comments = readComments(entries);
	const trackedChanges = readTrackedChanges(document);
	markCommentRanges(document);
	entries.set(
		'word/document.xml',
		new TextEncoder().encode(new XMLSerializer().serializeToString(document as unknown as Node))
	);
	const images: ImportedImage[] = externalImageLinks(entries).map(() => ({
		alt: '',
		contentType: '',
		bytes: 0,
		external: true
	}));
	const buffer = Buffer.from(zipSync(Object.fromEntries(entries), { level: 0 }));
	let result;
	try {
		result = await mammoth.convertToHtml(
			{ buffer },
			{
				styleMap: STYLE_MAP,
				externalFileAccess: false,
				ignoreEmptyParagraphs: true,
				convertImage: mammoth.images.imgElement(async (image) => {
					let bytes = 0;
					try {
						bytes = (await image.readAsBuffer()).byteLength;
					} catch {
						// A linked image (by URL or path): already listed from the relationships.
						return { src: '', 'data-trame-skip': '1' } as { src: string };
					}
					const index = images.length;
					images.push({ alt: '', contentType: image.contentType ?? '', bytes, external: false });
					return { src: '', 'data-trame-image': String(index) } as { src: string };
				})
			}
		);
	} catch (error) {
		throw new ImportError('corrupt', error instanceof Error ? error.message : String(error));
	}
	return { html: result.value, comments, trackedChanges, images };
}
