/**
 * S10 (Trame only, in Chromium): a 5 MB image pasted into a document by one editor → visible to a
 * peer. Two browser contexts open the same stored document; the first pastes a PNG of random
 * pixels (it cannot be compressed below ~5 MB) as a real paste event, gives its alternative text
 * (the dialog asks before insertion) and inserts it; the clock stops when the peer's image has
 * loaded (naturalWidth > 0). Covers the upload, the magic-byte check, sharp's decoding and
 * resizing, the insertion through the collaboration server and the peer's download of the
 * resized variant. Timed with Date.now() on both pages (same machine).
 */
import sharp from 'sharp';
import type { AppServer } from '../lib/app';
import { summarize, type Summary } from '../lib/stats';
import type { BrowserSession } from './browser-open';
import type { Seeder } from './cold-open';

export interface ImagePasteResult {
	bytes: number;
	/** Paste → the image shown in the peer's editor. */
	pasteToPeer: Summary;
}

/** A PNG of random pixels of at least `bytes`. */
export async function noisyPng(bytes: number): Promise<Buffer> {
	let side = Math.ceil(Math.sqrt(bytes / 3));
	for (;;) {
		const raw = Buffer.alloc(side * side * 3);
		for (let i = 0; i < raw.length; i++) raw[i] = (Math.random() * 256) | 0;
		const png = await sharp(raw, { raw: { width: side, height: side, channels: 3 } })
			.png({ compressionLevel: 6 })
			.toBuffer();
		if (png.byteLength >= bytes) return png;
		side = Math.ceil(side * 1.05);
	}
}

export async function runImagePaste(
	app: AppServer,
	session: BrowserSession,
	seed: Seeder,
	stored: Uint8Array,
	bytes: number,
	repeats: number
): Promise<ImagePasteResult> {
	const png = await noisyPng(bytes);
	const samples: number[] = [];
	for (let r = 0; r < repeats; r++) {
		const documentId = await seed(stored);
		const contexts = await Promise.all(
			[0, 1].map(() => session.browser.newContext({ locale: 'fr-FR' }))
		);
		try {
			const [writer, peer] = await Promise.all(
				contexts.map(async (context) => {
					await context.addCookies(session.cookies);
					const page = await context.newPage();
					await page.goto(`${app.url}/documents/${documentId}`);
					await page.waitForFunction(() => {
						const editor = document.querySelector('#editor-content');
						return editor?.getAttribute('contenteditable') === 'true';
					});
					return page;
				})
			);
			await writer!.locator('#editor-content p').first().click();
			const pastedAt = await writer!.evaluate((base64) => {
				const data = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
				const transfer = new DataTransfer();
				transfer.items.add(new File([data], 'grande-image.png', { type: 'image/png' }));
				const event = new ClipboardEvent('paste', { clipboardData: transfer, bubbles: true });
				const at = Date.now();
				document.querySelector('#editor-content')!.dispatchEvent(event);
				return at;
			}, png.toString('base64'));
			await writer!.getByLabel('Texte alternatif').fill('Image de test du banc');
			await writer!.getByRole('button', { name: 'Insérer l’image' }).click();
			const seenAt = await peer!.waitForFunction(
				() => {
					const image = document.querySelector<HTMLImageElement>('#editor-content img');
					return image && image.complete && image.naturalWidth > 0 ? Date.now() : false;
				},
				undefined,
				{ polling: 'raf', timeout: 60_000 }
			);
			samples.push(Number(await seenAt.jsonValue()) - pastedAt);
		} finally {
			await Promise.all(contexts.map((context) => context.close()));
		}
	}
	return { bytes: png.byteLength, pasteToPeer: summarize(samples) };
}
