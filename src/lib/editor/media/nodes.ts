/**
 * Images and attached files in documents. Both are atom blocks whose attributes point at a file of
 * the document (`file`: the key of a `document_files` record of this document, see
 * src/lib/server/files); the bytes never enter the Yjs state. The URL is built by the page
 * (`fileUrl`), so the same document reads its files through `/documents/<id>/fichiers/<key>` in
 * the editor and `/public/<slug>/fichiers/<key>` once published.
 *
 * Concurrent edits: each insertion is its own node, so two people inserting images in the same
 * paragraph both keep theirs (Yjs orders them); the alternative text is an attribute (last write
 * wins on the same image).
 *
 * No DOM here: node views are added in the browser only.
 */
import { Node, mergeAttributes } from '@tiptap/core';

export const IMAGE_NODE = 'image';
export const FILE_NODE = 'fileAttachment';
/** Keys are PocketBase-style ids: 15 characters of [a-z0-9]. */
export const FILE_KEY_PATTERN = /^[a-z0-9]{15}$/;

export interface MediaOptions {
	/** URL of a document file (`width`: a resized variant of an image). */
	fileUrl: (key: string, width?: number) => string;
}

const noUrl = () => '';

const text = (value: unknown) => (typeof value === 'string' ? value : '');
const number = (value: unknown) =>
	typeof value === 'number' && Number.isFinite(value) ? value : 0;

export const DocumentImage = Node.create<MediaOptions>({
	name: IMAGE_NODE,
	group: 'block',
	atom: true,
	draggable: true,
	selectable: true,
	addOptions: () => ({ fileUrl: noUrl }),
	addAttributes() {
		return {
			file: { default: '', parseHTML: (el) => el.getAttribute('data-trame-file') ?? '' },
			alt: { default: '', parseHTML: (el) => el.getAttribute('alt') ?? '' },
			width: { default: 0, parseHTML: (el) => Number(el.getAttribute('width')) || 0 },
			height: { default: 0, parseHTML: (el) => Number(el.getAttribute('height')) || 0 }
		};
	},
	// Only Trame's own images: an <img> pasted from elsewhere is not a file of this document.
	parseHTML: () => [{ tag: 'img[data-trame-file]' }],
	renderHTML({ node, HTMLAttributes }) {
		const key = text(node.attrs.file);
		return [
			'img',
			mergeAttributes(HTMLAttributes, {
				'data-trame-file': key,
				src: key ? this.options.fileUrl(key) : '',
				alt: text(node.attrs.alt),
				width: number(node.attrs.width) || null,
				height: number(node.attrs.height) || null
			})
		];
	}
});

export const FileAttachment = Node.create<MediaOptions>({
	name: FILE_NODE,
	group: 'block',
	atom: true,
	draggable: true,
	selectable: true,
	addOptions: () => ({ fileUrl: noUrl }),
	addAttributes() {
		return {
			file: { default: '', parseHTML: (el) => el.getAttribute('data-trame-file') ?? '' },
			name: { default: '', parseHTML: (el) => el.textContent ?? '' },
			size: { default: 0, parseHTML: (el) => Number(el.getAttribute('data-size')) || 0 },
			mime: { default: '', parseHTML: (el) => el.getAttribute('data-mime') ?? '' }
		};
	},
	parseHTML: () => [{ tag: 'a[data-trame-file]' }],
	renderHTML({ node, HTMLAttributes }) {
		const key = text(node.attrs.file);
		return [
			'a',
			mergeAttributes(HTMLAttributes, {
				'data-trame-file': key,
				'data-size': String(number(node.attrs.size)),
				'data-mime': text(node.attrs.mime),
				href: key ? this.options.fileUrl(key) : null,
				download: text(node.attrs.name) || null
			}),
			text(node.attrs.name) || key
		];
	}
});
