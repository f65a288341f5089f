/**
 * What an upload really is: real images made by sharp, a real PDF header, disguised and corrupt
 * files, and SVGs that are plain drawings or carry scripts and outside references.
 */
import { describe, expect, it } from 'vitest';
import sharp from 'sharp';
import { checkUpload } from '../../domain/files';
import { detectType, FileRejected, prepareImage } from './inspect';
import { isSafeSvg } from './svg';

const png = (width: number, height: number) =>
	sharp({ create: { width, height, channels: 3, background: '#1f4e79' } })
		.png()
		.toBuffer()
		.then((b) => new Uint8Array(b));
const PDF = new TextEncoder().encode('%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');
const SVG =
	'<svg xmlns="http://www.w3.org/2000/svg" width="40" height="20"><rect width="40" height="20" fill="#1f4e79"/></svg>';

async function decide(bytes: Uint8Array, name: string) {
	return checkUpload({ name, size: bytes.byteLength, detected: await detectType(bytes, name) });
}

describe('uploads are judged by their bytes', () => {
	it('accepts a PNG, a PDF, a CSV and a safe SVG under their names', async () => {
		expect(await decide(await png(10, 10), 'plan.png')).toMatchObject({ ok: true, kind: 'image' });
		expect(await decide(PDF, 'rapport.pdf')).toMatchObject({ ok: true, kind: 'file' });
		expect(await decide(new TextEncoder().encode('a;b\n1;2\n'), 'budget.csv')).toMatchObject({
			ok: true
		});
		expect(await decide(new TextEncoder().encode(SVG), 'logo.svg')).toMatchObject({ ok: true });
	});

	it('refuses a disguised file: a PDF named .png, text named .pdf, a binary named .csv', async () => {
		expect(await decide(PDF, 'photo.png')).toEqual({ ok: false, error: 'file_disguised' });
		expect(await decide(new TextEncoder().encode('hello'), 'rapport.pdf')).toEqual({
			ok: false,
			error: 'file_disguised'
		});
		expect(await decide(await png(4, 4), 'budget.csv')).toEqual({
			ok: false,
			error: 'file_disguised'
		});
	});

	it('resizes an image to the page widths, keeping its size', async () => {
		const image = await prepareImage(await png(2000, 1000), 'image/png');
		expect(image).toMatchObject({ width: 2000, height: 1000 });
		expect(image.variants.map((v) => v.width)).toEqual([480, 960, 1600]);
		const meta = await sharp(image.variants[1]!.data).metadata();
		expect([meta.format, meta.width, meta.height]).toEqual(['webp', 960, 480]);
		// A small image needs no variant.
		expect((await prepareImage(await png(300, 200), 'image/png')).variants).toEqual([]);
	});

	it('refuses a corrupt image (PNG header, truncated data)', async () => {
		const whole = await png(400, 400);
		const truncated = whole.slice(0, Math.floor(whole.length / 2));
		await expect(prepareImage(truncated, 'image/png')).rejects.toEqual(
			new FileRejected('image_corrupt')
		);
	});

	it('rasterises a safe SVG and refuses an unsafe one', async () => {
		const image = await prepareImage(new TextEncoder().encode(SVG), 'image/svg+xml');
		expect(image.variants).toHaveLength(1);
		await expect(
			prepareImage(
				new TextEncoder().encode(SVG.replace('<rect', '<script>alert(1)</script><rect')),
				'image/svg+xml'
			)
		).rejects.toEqual(new FileRejected('svg_unsafe'));
	});

	it.each([
		['a script', '<svg><script>alert(1)</script></svg>', false],
		['an event handler', '<svg><rect onload="alert(1)"/></svg>', false],
		['an outside image', '<svg><image href="https://evil.example/x.png"/></svg>', false],
		['a javascript link', '<svg><a href="javascript:alert(1)"><rect/></a></svg>', false],
		['foreign HTML', '<svg><foreignObject><div>x</div></foreignObject></svg>', false],
		['an entity bomb', '<!DOCTYPE svg [<!ENTITY a "aaaa">]><svg>&a;</svg>', false],
		['a remote stylesheet', '<svg><style>@import url(https://e.x/a.css);</style></svg>', false],
		['a style url outside', '<svg><rect style="fill:url(https://e.x/p)"/></svg>', false],
		[
			'a gradient by #id',
			'<svg><defs><linearGradient id="g"/></defs><rect fill="url(#g)"/></svg>',
			true
		],
		['not an svg at all', '<html><body/></html>', false],
		['broken XML', '<svg><rect></svg>', false]
	])('SVG with %s is safe: %s', (_name, text, expected) => {
		expect(isSafeSvg(text)).toBe(expected);
	});
});
