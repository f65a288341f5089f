/**
 * The images and file links of an export, resolved for its target. PDF and DOCX embed each image
 * (the 960 px variant, converted to PNG or JPEG by sharp: DOCX takes no WebP, and Chromium prints
 * offline); the public page and Markdown link to the files' URLs. An image whose file is missing
 * is exported as its alternative text.
 */
import type PocketBase from 'pocketbase';
import sharp from 'sharp';
import type { ExportAssets, ExportBlock } from './model';
import { fetchStoredFile, fileRecord, pickVariant } from '../files/store';

const EMBED_WIDTH = 960;

function mediaOf(blocks: readonly ExportBlock[]): ExportBlock[] {
	return blocks.flatMap((b) =>
		b.type === 'image' || b.type === 'file'
			? [b]
			: b.type === 'list'
				? b.items.flatMap(mediaOf)
				: b.type === 'quote'
					? mediaOf(b.blocks)
					: []
	);
}

export type AssetTarget =
	| { mode: 'embed'; documentId: string; fileHref: (key: string) => string }
	| { mode: 'link'; imageSrc: (key: string) => string; fileHref: (key: string) => string };

export async function resolveAssets(
	admin: PocketBase,
	documentId: string,
	blocks: readonly ExportBlock[],
	target: AssetTarget
): Promise<ExportAssets> {
	const assets: ExportAssets = { images: {}, files: {} };
	for (const block of mediaOf(blocks)) {
		if (block.type === 'file') {
			assets.files[block.key] = { href: target.fileHref(block.key) };
			continue;
		}
		if (block.type !== 'image' || assets.images[block.key]) continue;
		if (target.mode === 'link') {
			assets.images[block.key] = { src: target.imageSrc(block.key) };
			continue;
		}
		const record = await fileRecord(admin, documentId, block.key);
		if (!record) continue;
		const { filename } = pickVariant(record, EMBED_WIDTH);
		const stored = await fetchStoredFile(admin, record, filename);
		if (!stored.ok) continue;
		const input = new Uint8Array(await stored.arrayBuffer());
		try {
			const image = sharp(input, { animated: false });
			const { hasAlpha } = await image.metadata();
			const format = hasAlpha ? 'png' : 'jpg';
			const data = new Uint8Array(
				await (hasAlpha ? image.png() : image.jpeg({ quality: 85 })).toBuffer()
			);
			const mime = format === 'png' ? 'image/png' : 'image/jpeg';
			assets.images[block.key] = {
				src: `data:${mime};base64,${Buffer.from(data).toString('base64')}`,
				data,
				format
			};
		} catch {
			// Unreadable file: the alternative text stands in for it.
		}
	}
	return assets;
}
