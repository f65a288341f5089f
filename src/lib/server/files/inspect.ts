/**
 * Reads what an uploaded file really is from its bytes (file-type's magic numbers; text formats by
 * their content), and prepares images: decoded and measured by sharp (a corrupt file is refused
 * here), resized to the widths the pages use (WebP), the original kept as uploaded.
 */
import { fileTypeFromBuffer } from 'file-type';
import sharp from 'sharp';
import { extensionOf, IMAGE_MAX_PIXELS, type FileErrorCode } from '../../domain/files';
import { IMAGE_WIDTHS } from '../../editor/media/urls';
import { isSafeSvg } from './svg';

export class FileRejected extends Error {
	constructor(readonly code: FileErrorCode) {
		super(code);
		this.name = 'FileRejected';
	}
}

function utf8(bytes: Uint8Array): string | null {
	try {
		return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
	} catch {
		return null;
	}
}

/** The MIME type the bytes show, or null. Text formats (SVG, CSV) only for their extension. */
export async function detectType(bytes: Uint8Array, name: string): Promise<string | null> {
	const found = await fileTypeFromBuffer(bytes);
	if (found) return found.mime;
	const extension = extensionOf(name);
	if (extension !== 'svg' && extension !== 'csv') return null;
	const text = utf8(bytes);
	if (text === null || text.includes('\u0000')) return null;
	if (extension === 'csv') return 'text/csv';
	return /<svg[\s>]/i.test(text) ? 'image/svg+xml' : null;
}

export interface PreparedImage {
	width: number;
	height: number;
	/** Resized copies narrower than the original, WebP. */
	variants: { width: number; data: Uint8Array }[];
}

/** Decodes, measures and resizes an image; refuses corrupt, oversized or unsafe (SVG) ones. */
export async function prepareImage(bytes: Uint8Array, mime: string): Promise<PreparedImage> {
	if (mime === 'image/svg+xml' && !isSafeSvg(new TextDecoder().decode(bytes)))
		throw new FileRejected('svg_unsafe');
	const animated = mime === 'image/gif' || mime === 'image/webp';
	let metadata: Awaited<ReturnType<ReturnType<typeof sharp>['metadata']>>;
	try {
		metadata = await sharp(bytes, { limitInputPixels: IMAGE_MAX_PIXELS }).metadata();
	} catch {
		throw new FileRejected('image_corrupt');
	}
	const width = metadata.width ?? 0;
	const height = metadata.pageHeight ?? metadata.height ?? 0;
	if (!width || !height) throw new FileRejected('image_corrupt');
	if (width * height > IMAGE_MAX_PIXELS) throw new FileRejected('image_dimensions');
	const variants: PreparedImage['variants'] = [];
	try {
		// A fully decoded copy first: a truncated file fails here, not when someone views it.
		await sharp(bytes, { limitInputPixels: IMAGE_MAX_PIXELS, failOn: 'error' }).toBuffer();
		for (const target of IMAGE_WIDTHS) {
			// An SVG is always rasterised once at least: browsers never render the original.
			if (target >= width && !(mime === 'image/svg+xml' && variants.length === 0)) break;
			const data = await sharp(bytes, { animated, limitInputPixels: IMAGE_MAX_PIXELS })
				.rotate()
				.resize({ width: Math.min(target, width), withoutEnlargement: true })
				.webp({ quality: 82 })
				.toBuffer();
			variants.push({ width: Math.min(target, width), data: new Uint8Array(data) });
		}
	} catch {
		throw new FileRejected('image_corrupt');
	}
	return { width, height, variants };
}
