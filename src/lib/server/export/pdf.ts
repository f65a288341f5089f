/**
 * PDF export: the document rendered to HTML by the same Svelte component as the public page
 * (text escaped by Svelte), with a print stylesheet, printed by Chromium through playwright-core.
 * Loaded only when a PDF is asked for. The page runs without JavaScript and without network.
 */
import { render } from 'svelte/server';
import ExportView from '../../components/review/ExportView.svelte';
import type { ExportDocument, ExportLabels } from './model';
import { PRINT_CSS } from './print-css';
import { serverConfig } from '../config';

export function chromiumPath(): string {
	return serverConfig().chromiumPath;
}

export function exportHtml(doc: ExportDocument, labels: ExportLabels, lang: string): string {
	const { body } = render(ExportView, { props: { doc, labels } });
	const title = doc.title.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);
	return `<!doctype html><html lang="${lang === 'en' ? 'en' : 'fr'}"><head><meta charset="utf-8"><title>${title}</title><style>${PRINT_CSS}</style></head><body>${body}</body></html>`;
}

export async function toPdf(
	doc: ExportDocument,
	labels: ExportLabels,
	lang: string
): Promise<Uint8Array> {
	const { chromium } = await import('playwright-core');
	const browser = await chromium.launch({
		executablePath: chromiumPath(),
		args: [
			'--no-sandbox',
			'--disable-background-networking',
			'--disable-component-update',
			'--disable-sync',
			'--disable-gpu'
		]
	});
	try {
		const context = await browser.newContext({ javaScriptEnabled: false, offline: true });
		const page = await context.newPage();
		await page.route('**/*', (route) => route.abort());
		await page.setContent(exportHtml(doc, labels, lang), { waitUntil: 'load' });
		const pdf = await page.pdf({
			format: 'A4',
			printBackground: true,
			margin: { top: '2cm', bottom: '2cm', left: '2cm', right: '2cm' },
			displayHeaderFooter: true,
			headerTemplate: '<span></span>',
			footerTemplate:
				'<div style="font-size:8pt;width:100%;text-align:center;color:#555"><span class="pageNumber"></span> / <span class="totalPages"></span></div>'
		});
		return new Uint8Array(pdf);
	} finally {
		await browser.close();
	}
}
