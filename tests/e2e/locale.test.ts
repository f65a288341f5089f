/**
 * What a person reads is in their language: no ISO date (YYYY-MM-DD) on any page of a seeded
 * experiment (a consent round, an election, their projections, the register, the versions, the
 * members, the inbox…), in French and in English; long dates and times in Paris time; French
 * quotation marks only in French; the register's CSV opens as columns in a French spreadsheet.
 */
import type { BrowserContext, Page } from '@playwright/test';
import { RICH, richState, type RichState } from './rich-state';
import { expect, seed, signIn, test } from './support';

const ISO_DATE = /\d{4}-\d{2}-\d{2}/;

function pagesToScan(state: RichState): string[] {
	const { experimentId, protocolId } = seed();
	return [
		'/',
		`/experiences/${experimentId}`,
		`/experiences/${experimentId}/modifier`,
		`/experiences/${experimentId}/membres`,
		`/experiences/${experimentId}/decisions`,
		`/experiences/${experimentId}/decisions/nouvelle`,
		`/rounds/${state.consentRoundId}`,
		`/rounds/${state.consentRoundId}/projection`,
		`/rounds/${state.electionId}`,
		`/rounds/${state.electionId}/projection`,
		`/documents/${protocolId}`,
		`/documents/${protocolId}/versions`,
		`/experiences/${experimentId}/importer`,
		`/documents/${protocolId}/importer`,
		'/notifications'
	];
}

async function useLocale(context: BrowserContext, locale: 'fr' | 'en') {
	await context.addCookies([
		{ name: 'PARAGLIDE_LOCALE', value: locale, url: process.env.TRAME_E2E_BASE_URL! }
	]);
}

/** The text a person reads on the page once it has loaded (the editor's too). */
async function readText(page: Page, path: string): Promise<string> {
	await page.goto(path);
	await expect(page.getByRole('heading', { level: 1 }).first()).toBeVisible();
	if (/^\/documents\/[a-z0-9]+$/.test(path))
		await expect(page.locator('.ProseMirror')).toContainText(/\w/);
	return page.locator('body').innerText();
}

test('no ISO date on any page of a seeded experiment, in French and in English', async ({
	browser
}) => {
	test.setTimeout(180_000);
	const state = await richState(browser);
	const { context, page } = await signIn(browser, 'coordination@trame.demo');
	for (const locale of ['fr', 'en'] as const) {
		await useLocale(context, locale);
		for (const path of pagesToScan(state)) {
			const text = await readText(page, path);
			expect(text.match(ISO_DATE)?.[0], `${path} [${locale}]`).toBeUndefined();
			// French marks only in French; English pages have no « ».
			if (locale === 'en') expect(text, `${path} [en]`).not.toContain('«');
		}
		await expect(importReport(page, locale)).resolves.not.toMatch(ISO_DATE);
	}
	await context.close();
});

/**
 * The import report and preview of a file with a calendar (days written as people write them):
 * the dates come back in words, never as YYYY-MM-DD.
 */
async function importReport(page: Page, locale: 'fr' | 'en'): Promise<string> {
	const fr = locale === 'fr';
	await page.goto(`/experiences/${seed().experimentId}/importer`);
	await page.getByLabel(fr ? 'Fichier à importer' : 'File to import').setInputFiles({
		name: 'calendrier.md',
		mimeType: 'text/markdown',
		buffer: Buffer.from(
			'# Calendrier\n\n## Calendrier\n\n| Étape | Date | Responsable |\n|---|---|---|\n' +
				'| Tirage au sort | 15/06/2027 | Mairie |\n| Restitution | 3 octobre 2027 | COPIL |\n'
		)
	});
	await page.getByRole('button', { name: fr ? 'Analyser le fichier' : 'Analyse the file' }).click();
	const report = page.getByRole('region', { name: fr ? 'Rapport d’import' : 'Import report' });
	await expect(report).toBeVisible({ timeout: 30_000 });
	return page.locator('body').innerText();
}

test('dates are long and times are in the organisation’s zone, one way everywhere', async ({
	browser
}) => {
	const state = await richState(browser);
	const { experimentId } = seed();
	const { context, page } = await signIn(browser, 'coordination@trame.demo');
	const longDate =
		'\\d{1,2}\\s(janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre|décembre)\\s\\d{4}';

	await page.goto(`/rounds/${state.consentRoundId}`);
	await expect(page.getByTestId('round-outcome')).toHaveText(new RegExp(`révision le ${longDate}`));
	await expect(page.getByText(/réponses à distance jusqu’au/)).toHaveText(
		new RegExp(`${longDate}\\sà\\s18:30`)
	);
	await page.setViewportSize({ width: 1280, height: 720 });
	await page.goto(`/rounds/${state.electionId}/projection`);
	const elected = page.locator('.elected');
	await expect(elected).toHaveText(new RegExp(`mandat du ${longDate} au ${longDate}`));
	// On the room's screen, no date is broken over two lines.
	const linesPerDate = await elected.evaluate((el, pattern) => {
		const node = el.firstChild!;
		const text = node.textContent ?? '';
		return [...text.matchAll(new RegExp(pattern, 'g'))].map((match) => {
			const range = document.createRange();
			range.setStart(node, match.index);
			range.setEnd(node, match.index + match[0].length);
			return new Set([...range.getClientRects()].map((r) => Math.round(r.top))).size;
		});
	}, longDate);
	expect(linesPerDate).toEqual([1, 1]);

	await page.goto(`/experiences/${experimentId}/decisions`);
	const entry = page.getByTestId('register-entry').filter({ hasText: RICH.consentTitle });
	// The decision's time, in the same words as the rest of the app ("… à 14:05").
	await expect(entry.locator('time').first()).toHaveText(
		new RegExp(`^${longDate}\\sà\\s\\d{2}:\\d{2}$`)
	);

	await useLocale(context, 'en');
	await page.goto(`/rounds/${state.consentRoundId}`);
	await expect(page.getByTestId('round-outcome')).toHaveText(
		/review on \d{1,2}\s(January|February|March|April|May|June|July|August|September|October|November|December)\s\d{4}/
	);
	await context.close();
});

test('the register’s CSV opens as columns in a French spreadsheet', async ({ browser }) => {
	await richState(browser);
	const { experimentId } = seed();
	const { context, page } = await signIn(browser, 'coordination@trame.demo');
	const csv = async () => {
		const response = await page.request.get(`/experiences/${experimentId}/decisions/export.csv`);
		expect(response.headers()['content-type']).toContain('text/csv');
		return (await response.body()).toString('utf8');
	};
	const french = await csv();
	expect(french.startsWith('\uFEFF')).toBe(true);
	const [header, ...rows] = french.slice(1).trimEnd().split('\r\n');
	expect(header!.split(';')).toHaveLength(16);
	expect(header).toContain('Date de révision');
	const row = rows.find((r) => r.includes(RICH.consentTitle))!;
	expect(row).toMatch(/^\d{2}\/\d{2}\/\d{4} \d{2}:\d{2};/);
	expect(french).not.toMatch(ISO_DATE);

	await useLocale(context, 'en');
	const english = await csv();
	expect(english.slice(1).split('\r\n')[0]!.split(',')).toHaveLength(16);
	expect(english).not.toMatch(ISO_DATE);
	await context.close();
});
