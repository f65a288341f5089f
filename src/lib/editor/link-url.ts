/** Link targets allowed in documents: web pages and e-mail addresses only. */
export const ALLOWED_LINK_PROTOCOLS = ['http', 'https', 'mailto'] as const;

const ALLOWED_SCHEMES: ReadonlySet<string> = new Set(ALLOWED_LINK_PROTOCOLS.map((p) => `${p}:`));
const HAS_SCHEME = /^[a-z][a-z0-9+.-]*:/i;
const BARE_DOMAIN = /^[\p{L}\p{N}-]+(\.[\p{L}\p{N}-]+)+(:\d+)?([/?#].*)?$/u;
const BARE_EMAIL = /^[^\s@/:]+@[^\s@/:]+\.[^\s@/:]+$/;

/**
 * Normalises what a user typed as a link target, or returns null if it is not an allowed link.
 * `exemple.fr/page` becomes `https://exemple.fr/page`, `nom@exemple.fr` becomes
 * `mailto:nom@exemple.fr`; any scheme other than http, https and mailto is refused.
 */
export function normalizeLinkUrl(input: string): string | null {
	const trimmed = input.trim();
	if (trimmed === '' || /\s/.test(trimmed)) return null;
	let candidate = trimmed;
	if (!HAS_SCHEME.test(candidate)) {
		if (BARE_EMAIL.test(candidate)) candidate = `mailto:${candidate}`;
		else if (BARE_DOMAIN.test(candidate)) candidate = `https://${candidate}`;
		else return null;
	}
	let url: URL;
	try {
		url = new URL(candidate);
	} catch {
		return null;
	}
	if (!ALLOWED_SCHEMES.has(url.protocol)) return null;
	if (url.protocol === 'mailto:') {
		return BARE_EMAIL.test(decodeURIComponent(url.pathname)) ? candidate : null;
	}
	if (url.hostname === '' || url.username !== '' || url.password !== '') return null;
	return candidate;
}

/** Is this an allowed link target as stored in a document (scheme required)? */
export function isAllowedLinkUrl(url: string): boolean {
	return HAS_SCHEME.test(url.trim()) && normalizeLinkUrl(url) !== null;
}
