/**
 * Where a document's files are read: the editor and versions through the document (members only),
 * the public page through its publication (published versions only). `width` asks for a resized
 * variant of an image (the nearest stored width at least as large, else the original).
 */
export const IMAGE_WIDTHS = [480, 960, 1600] as const;

export function fileUrl(documentId: string, key: string, width?: number): string {
	return `/documents/${documentId}/fichiers/${key}${width ? `?largeur=${width}` : ''}`;
}

export function publicFileUrl(slug: string, key: string, width?: number): string {
	return `/public/${slug}/fichiers/${key}${width ? `?largeur=${width}` : ''}`;
}

/** `srcset` of an image whose original is `originalWidth` pixels wide. */
export function imageSrcset(url: (width?: number) => string, originalWidth: number): string {
	const widths = IMAGE_WIDTHS.filter((w) => !originalWidth || w < originalWidth);
	const entries = widths.map((w) => `${url(w)} ${w}w`);
	if (originalWidth) entries.push(`${url()} ${originalWidth}w`);
	return entries.join(', ');
}

/** "1,2 Mo" / "1.2 MB". */
export function formatFileSize(bytes: number, locale: 'fr' | 'en'): string {
	const units = locale === 'fr' ? ['o', 'Ko', 'Mo', 'Go'] : ['B', 'KB', 'MB', 'GB'];
	let value = bytes;
	let unit = 0;
	while (value >= 1024 && unit < units.length - 1) {
		value /= 1024;
		unit++;
	}
	const digits = unit === 0 || value >= 10 ? 0 : 1;
	return `${new Intl.NumberFormat(locale === 'fr' ? 'fr-FR' : 'en-GB', { maximumFractionDigits: digits }).format(value)} ${units[unit]}`;
}
