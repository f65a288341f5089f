/**
 * Markdown → HTML with markdown-it (CommonMark + GFM tables and strikethrough). Raw HTML in the
 * Markdown is shown as text, never interpreted; links are validated by markdown-it, then again by
 * the editor schema's link rule.
 */
import MarkdownIt from 'markdown-it';

const markdown = new MarkdownIt({ html: false, linkify: true, typographer: false });

export function markdownToHtml(source: string): string {
	return markdown.render(source.replace(/^\uFEFF/, ''));
}
