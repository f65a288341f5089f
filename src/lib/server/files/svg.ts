/**
 * SVG is accepted only when it is plain drawing: parsed strictly (sax), every element and attribute
 * on an allowlist, no script, no event handler, no external reference, no DOCTYPE or entity (XML
 * bombs), no `foreignObject`. Anything else is refused rather than cleaned, so what is stored is
 * exactly what was checked. Browsers never run it anyway: Trame shows SVG images through their
 * resized PNG/WebP variants, and serves the original with a sandboxing CSP.
 */
import sax from 'sax';

const ELEMENTS = new Set([
	'svg',
	'g',
	'defs',
	'title',
	'desc',
	'metadata',
	'symbol',
	'use',
	'path',
	'rect',
	'circle',
	'ellipse',
	'line',
	'polyline',
	'polygon',
	'text',
	'tspan',
	'textPath',
	'lineargradient',
	'radialgradient',
	'stop',
	'clippath',
	'mask',
	'pattern',
	'marker',
	'filter',
	'fegaussianblur',
	'feoffset',
	'feblend',
	'fecolormatrix',
	'fecomposite',
	'feflood',
	'femerge',
	'femergenode',
	'style'
]);

/** Attributes holding a reference: only same-document fragments (`#id`) are allowed. */
const REFERENCES = new Set(['href', 'xlink:href', 'src']);

function unsafeStyle(css: string): boolean {
	const lowered = css.toLowerCase();
	if (lowered.includes('@import') || lowered.includes('expression(')) return true;
	// url(...) only towards #fragments of the same document.
	return /url\(\s*['"]?\s*(?!#)/.test(lowered);
}

export function isSafeSvg(text: string): boolean {
	const parser = sax.parser(true, { xmlns: false, lowercase: false });
	let safe = true;
	let root: string | null = null;
	let inStyle = false;
	parser.onerror = () => {
		safe = false;
		parser.resume();
	};
	parser.ondoctype = () => (safe = false);
	parser.onprocessinginstruction = (pi) => {
		if (pi.name.toLowerCase() !== 'xml') safe = false;
	};
	parser.onopentag = (tag) => {
		const name = tag.name.includes(':') ? tag.name.split(':').pop()! : tag.name;
		root ??= name;
		if (!ELEMENTS.has(name.toLowerCase())) safe = false;
		inStyle = name.toLowerCase() === 'style';
		for (const [attribute, raw] of Object.entries(tag.attributes)) {
			const key = attribute.toLowerCase();
			const value = String(raw).trim();
			if (key.startsWith('on')) safe = false;
			if (REFERENCES.has(key) && !value.startsWith('#')) safe = false;
			if (key === 'style' && unsafeStyle(value)) safe = false;
			if (/^\s*(javascript|data|vbscript):/i.test(value)) safe = false;
			if (key !== 'style' && /url\(\s*['"]?\s*(?!#)/i.test(value)) safe = false;
		}
	};
	parser.onclosetag = () => (inStyle = false);
	parser.ontext = (content) => {
		if (inStyle && unsafeStyle(content)) safe = false;
	};
	parser.oncdata = (content) => {
		if (inStyle && unsafeStyle(content)) safe = false;
	};
	try {
		parser.write(text).close();
	} catch {
		return false;
	}
	return safe && root === 'svg';
}
