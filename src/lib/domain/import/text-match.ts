/**
 * Comparing headings and column titles as people write them: numbering ("1.", "2)", "III -",
 * "Section 4 :"), accents, case, punctuation, "&" for "et", small words and plurals do not count;
 * one typo in a long word is forgiven. Pure.
 */
const STOPWORDS = new Set([
	'le',
	'la',
	'les',
	'l',
	'de',
	'des',
	'du',
	'd',
	'et',
	'a',
	'au',
	'aux',
	'en',
	'un',
	'une',
	'pour',
	'par',
	'sur',
	'dans',
	'avec',
	'ou',
	'nos',
	'notre',
	'vos',
	'votre',
	'ses',
	'son',
	'sa',
	'the',
	'and',
	'of',
	'for',
	'to',
	'in',
	'on',
	'with',
	'our',
	'an',
	'or'
]);

/** Leading numbering: "1.", "1.2", "2)", "III -", "A.", "Section 4 :", "Partie II". */
const NUMBERING =
	/^\s*(?:(?:section|partie|chapitre|part|chapter|article)\s+)?(?:\d+(?:[.-]\d+)*|[ivxlc]+|[a-z])\s*(?:[.):–—-]\s*|\s+(?=\S))/i;

/** Lower case, no accents, no numbering, "&" read as "et". */
export function normalizeLabel(text: string): string {
	let value = text
		.normalize('NFD')
		.replace(/[\u0300-\u036f]/g, '')
		.toLowerCase();
	value = value
		.replace(/[\u2018\u2019\u02bc]/g, "'")
		.replace(/&/g, ' et ')
		.replace(/œ/g, 'oe');
	for (let i = 0; i < 3; i++) {
		const next = value.replace(NUMBERING, (match) =>
			// "a" alone is a word, not a numbering, unless punctuation follows it.
			/^\s*[a-z]\s+$/i.test(match) &&
			!/^\s*(?:section|partie|chapitre|part|chapter|article)/i.test(match)
				? match
				: ''
		);
		if (next === value) break;
		value = next;
	}
	return value.replace(/[^a-z0-9€%]+/g, ' ').trim();
}

/** Crude French/English stem: plural and feminine endings off. */
function stem(word: string): string {
	let w = word;
	if (w.length > 4 && /(aux)$/.test(w)) w = `${w.slice(0, -3)}al`;
	else if (w.length > 3 && /[sx]$/.test(w)) w = w.slice(0, -1);
	if (w.length > 5 && w.endsWith('e')) w = w.slice(0, -1);
	return w;
}

export function tokens(text: string): string[] {
	return normalizeLabel(text)
		.split(' ')
		.filter((word) => word !== '' && !STOPWORDS.has(word))
		.map(stem);
}

/** At most one edit between two words of 5+ letters. */
function nearlyEqual(a: string, b: string): boolean {
	if (a === b) return true;
	if (Math.min(a.length, b.length) < 5 || Math.abs(a.length - b.length) > 1) return false;
	let i = 0;
	let j = 0;
	let edits = 0;
	while (i < a.length && j < b.length) {
		if (a[i] === b[j]) {
			i++;
			j++;
			continue;
		}
		if (++edits > 1) return false;
		if (a.length > b.length) i++;
		else if (b.length > a.length) j++;
		else {
			i++;
			j++;
		}
	}
	return edits + (a.length - i) + (b.length - j) <= 1;
}

function common(a: readonly string[], b: readonly string[]): number {
	const rest = [...b];
	let count = 0;
	for (const word of a) {
		const index = rest.findIndex((other) => nearlyEqual(word, other));
		if (index !== -1) {
			rest.splice(index, 1);
			count++;
		}
	}
	return count;
}

/**
 * How well a written label matches a reference label, 0–1: the Dice coefficient of their words,
 * or 0.9 when every word written is in the reference ("Budget" for "Moyens et budget").
 */
export function labelSimilarity(written: string, reference: string): number {
	const a = tokens(written);
	const b = tokens(reference);
	if (a.length === 0 || b.length === 0) return 0;
	const shared = common(a, b);
	const dice = (2 * shared) / (a.length + b.length);
	const contained = shared === a.length ? 0.9 : 0;
	return Math.max(dice, contained);
}

/** True when the label contains the phrase as whole words (both normalised). */
export function containsPhrase(label: string, phrase: string): boolean {
	const words = tokens(label);
	const wanted = tokens(phrase);
	if (wanted.length === 0) return false;
	for (let i = 0; i + wanted.length <= words.length; i++) {
		if (wanted.every((word, k) => nearlyEqual(words[i + k]!, word))) return true;
	}
	return false;
}
