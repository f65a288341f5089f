/**
 * Node views of images and attached files (browser only). The image is shown at a width fitting
 * the column from its resized variants (`srcset`), with its alternative text; its box is reserved
 * from the stored width and height so the text never jumps when it loads. A file is a link to
 * download it, with its name, type and size.
 */
import type { NodeViewRenderer } from '@tiptap/core';
import type { NodeView } from '@tiptap/pm/view';
import { m } from '$lib/paraglide/messages';
import { getLocale } from '$lib/paraglide/runtime';
import { FILE_NODE, IMAGE_NODE, type MediaOptions } from './nodes';
import { formatFileSize, imageSrcset } from './urls';

const locale = () => (getLocale() === 'en' ? 'en' : 'fr');

function fileTypeLabel(name: string): string {
	const extension = name.split('.').pop()?.toUpperCase() ?? '';
	return extension.length <= 5 ? extension : '';
}

const imageView: NodeViewRenderer = ({ node, extension }): NodeView => {
	const { fileUrl } = extension.options as MediaOptions;
	const figure = document.createElement('figure');
	figure.className = 'doc-image';
	figure.contentEditable = 'false';
	const img = document.createElement('img');
	figure.append(img);
	const render = (attrs: Record<string, unknown>) => {
		const key = String(attrs.file ?? '');
		const width = Number(attrs.width) || 0;
		const height = Number(attrs.height) || 0;
		img.alt = String(attrs.alt ?? '');
		if (width && height) {
			img.width = width;
			img.height = height;
		}
		img.decoding = 'async';
		img.loading = 'lazy';
		img.sizes = '(max-width: 48rem) 100vw, 46rem';
		img.srcset = key ? imageSrcset((w) => fileUrl(key, w), width) : '';
		img.src = key ? fileUrl(key, 960) : '';
		img.dataset.trameFile = key;
	};
	render(node.attrs);
	return {
		dom: figure,
		update: (next) => {
			if (next.type !== node.type) return false;
			render(next.attrs);
			return true;
		},
		ignoreMutation: () => true
	};
};

const fileView: NodeViewRenderer = ({ node, extension }): NodeView => {
	const { fileUrl } = extension.options as MediaOptions;
	const wrap = document.createElement('p');
	wrap.className = 'doc-file';
	wrap.contentEditable = 'false';
	const link = document.createElement('a');
	wrap.append(link);
	const render = (attrs: Record<string, unknown>) => {
		const key = String(attrs.file ?? '');
		const name = String(attrs.name ?? '') || key;
		link.href = key ? fileUrl(key) : '';
		link.download = name;
		link.dataset.trameFile = key;
		const details = [fileTypeLabel(name), formatFileSize(Number(attrs.size) || 0, locale())]
			.filter(Boolean)
			.join(', ');
		link.textContent = '';
		const icon = document.createElement('span');
		icon.className = 'doc-file-icon';
		icon.setAttribute('aria-hidden', 'true');
		const label = document.createElement('span');
		label.className = 'doc-file-name';
		label.textContent = name;
		const meta = document.createElement('span');
		meta.className = 'doc-file-meta';
		meta.textContent = ` (${details})`;
		link.append(icon, label, meta);
		link.title = m.writing_file_download({ name });
	};
	render(node.attrs);
	return {
		dom: wrap,
		update: (next) => {
			if (next.type !== node.type) return false;
			render(next.attrs);
			return true;
		},
		// A click on the link downloads it; the editor selects the node otherwise.
		stopEvent: (event) => event.type === 'click' && (event as MouseEvent).detail > 0,
		ignoreMutation: () => true
	};
};

export function mediaNodeViews(): Record<string, NodeViewRenderer> {
	return { [IMAGE_NODE]: imageView, [FILE_NODE]: fileView };
}
