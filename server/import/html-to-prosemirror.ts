/**
 * HTML (from mammoth, markdown-it, or an HTML file) → ProseMirror JSON through the editor schema:
 * the HTML is parsed by linkedom (a DOM without a network stack: nothing is ever fetched), tidied
 * for what the schema holds, then read by ProseMirror's DOMParser with the schema's own parse
 * rules (the same the editor uses on paste).
 *
 * Tidying: scripts, styles and embedded objects removed; the title taken out; images listed and
 * removed (the schema has no image yet); footnotes turned into text after their paragraph;
 * merged table cells split into plain cells; H4–H6 become H3.
 */
import { parseHTML } from 'linkedom';
import { DOMParser as ProseMirrorDOMParser, type Schema } from '@tiptap/pm/model';
import { editorSchema } from '../../src/lib/editor/extensions';
import type { ProseMirrorJSON } from '../../src/lib/domain/templates/protocol';
import type { ImportedImage } from '../../src/lib/domain/import/types';

export interface HtmlImport {
	doc: ProseMirrorJSON;
	title: string;
	images: ImportedImage[];
	footnotes: number;
	mergedTables: number;
}

const REMOVED =
	'script, style, iframe, object, embed, link, meta, template, noscript, svg, math, canvas, video, audio, form, input, button, select, textarea, head';

let schema: Schema | null = null;

function imageOf(img: Element, known: readonly ImportedImage[]): ImportedImage {
	const index = img.getAttribute('data-trame-image');
	const alt = (img.getAttribute('alt') ?? '').trim();
	if (index !== null && known[Number(index)]) return { ...known[Number(index)]!, alt };
	const src = (img.getAttribute('src') ?? '').trim();
	const data = /^data:([\w/+.-]+)?(;base64)?,/i.exec(src);
	if (data) {
		const payload = src.length - data[0].length;
		return {
			alt,
			contentType: data[1] ?? '',
			bytes: data[2] ? Math.floor((payload * 3) / 4) : payload,
			external: false
		};
	}
	return { alt, contentType: '', bytes: 0, external: src !== '' };
}

/** mammoth's footnotes: references `<a href="#footnote-N">`, notes `<li id="footnote-N">`. */
function inlineFootnotes(document: Document): number {
	const notes = Array.from(document.querySelectorAll('li[id^="footnote-"], li[id^="endnote-"]'));
	let count = 0;
	for (const note of notes) {
		const id = note.getAttribute('id') ?? '';
		for (const back of Array.from(
			note.querySelectorAll('a[href^="#footnote-ref-"], a[href^="#endnote-ref-"]')
		))
			back.remove();
		const text = (note.textContent ?? '').replace(/\s+/g, ' ').trim();
		const refs = Array.from(document.querySelectorAll(`a[href="#${id}"]`));
		const label = (refs[0]?.textContent ?? `[${count + 1}]`).trim();
		const anchor = refs[0]?.closest('p, li, td, th, h1, h2, h3, h4, h5, h6, blockquote') ?? null;
		for (const ref of refs) {
			const host = ref.closest('sup') ?? ref;
			host.replaceWith(document.createTextNode(label));
		}
		const list = note.parentElement;
		note.remove();
		if (list && list.children.length === 0) list.remove();
		const paragraph = document.createElement('p');
		paragraph.textContent = `${label} ${text}`;
		if (anchor?.parentNode) anchor.parentNode.insertBefore(paragraph, anchor.nextSibling);
		else document.body.appendChild(paragraph);
		count++;
	}
	return count;
}

/** Splits merged cells: a cell spanning n columns or rows becomes itself plus empty cells. */
function flattenTable(document: Document, table: Element): boolean {
	const rows = Array.from(table.querySelectorAll('tr')).filter(
		(tr) => tr.closest('table') === table
	);
	let merged = false;
	const pending: Map<number, number>[] = rows.map(() => new Map());
	rows.forEach((row, r) => {
		const cells = Array.from(row.children).filter((c) => /^(TD|TH)$/i.test(c.tagName));
		let column = 0;
		const out: Element[] = [];
		const fillPending = () => {
			while (pending[r]!.has(column)) {
				const filler = document.createElement('td');
				out.push(filler);
				column++;
			}
		};
		for (const cell of cells) {
			fillPending();
			const colspan = Math.max(1, Math.min(50, Number(cell.getAttribute('colspan')) || 1));
			const rowspan = Math.max(1, Math.min(500, Number(cell.getAttribute('rowspan')) || 1));
			if (colspan > 1 || rowspan > 1) merged = true;
			cell.removeAttribute('colspan');
			cell.removeAttribute('rowspan');
			out.push(cell);
			for (let extra = 1; extra < colspan; extra++)
				out.push(document.createElement(cell.tagName.toLowerCase()));
			for (let below = 1; below < rowspan && r + below < rows.length; below++)
				for (let c = 0; c < colspan; c++) pending[r + below]!.set(column + c, 1);
			column += colspan;
		}
		fillPending();
		for (const cell of cells) cell.remove();
		for (const cell of out) row.appendChild(cell);
	});
	return merged;
}

export function htmlToProseMirror(html: string, known: readonly ImportedImage[] = []): HtmlImport {
	const { document } = parseHTML(`<!doctype html><html><head></head><body>${html}</body></html>`);
	for (const el of Array.from(document.querySelectorAll(REMOVED))) el.remove();

	const images: ImportedImage[] = [];
	for (const img of Array.from(document.querySelectorAll('img'))) {
		if (img.getAttribute('data-trame-skip') === null) images.push(imageOf(img, known));
		img.remove();
	}
	// Linked images mammoth could not read were listed from the relationships already.
	images.push(...known.filter((image) => image.external));

	const footnotes = inlineFootnotes(document);

	let mergedTables = 0;
	for (const table of Array.from(document.querySelectorAll('table'))) {
		if (flattenTable(document, table)) mergedTables++;
	}

	let title = '';
	const explicit = document.querySelector('h1.trame-title');
	const h1s = Array.from(document.querySelectorAll('h1'));
	const firstHeading = document.querySelector('h1, h2, h3, h4, h5, h6');
	const titleEl = explicit ?? (h1s.length === 1 && firstHeading === h1s[0] ? h1s[0] : null);
	if (titleEl) {
		title = (titleEl.textContent ?? '').replace(/\s+/g, ' ').trim();
		titleEl.remove();
	}
	for (const tag of ['h4', 'h5', 'h6']) {
		for (const el of Array.from(document.querySelectorAll(tag))) {
			const h3 = document.createElement('h3');
			while (el.firstChild) h3.appendChild(el.firstChild);
			el.replaceWith(h3);
		}
	}

	schema ??= editorSchema();
	const node = ProseMirrorDOMParser.fromSchema(schema).parse(document.body as unknown as Node);
	node.check();
	const json = node.toJSON() as ProseMirrorJSON;
	json.content = (json.content ?? []).filter(
		(block) => !(block.type === 'paragraph' && !(block.content ?? []).length)
	);
	if (json.content.length === 0) json.content = [{ type: 'paragraph' }];
	return { doc: json, title, images, footnotes, mergedTables };
}
