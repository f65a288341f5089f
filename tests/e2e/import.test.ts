/**
 * A coordinator imports a protocol written in Word (sections, a budget table, a comment), reads
 * the report and the preview, confirms; a second member opens the document and sees the
 * sections, the budget lines with their total and the comment thread. The ODT export, opened by
 * an XML parser, shows the headings and the table. Then an import into one section reaches the
 * second member's open editor live, and a renamed program is refused with a French message.
 * No page or console error; axe 0 on the import screens; screenshots at 390 and 1440 px, FR/EN.
 */
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type BrowserContext, type Page } from '@playwright/test';
import { strFromU8, unzipSync } from 'fflate';
import { DOMParser } from '@xmldom/xmldom';
import { editorOf, seed, signIn } from './support';
import { wordProtocol, CORPUS } from '../support/import-corpus';
import { windowsExecutable } from '../support/import-files';

const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

/** Collects page errors and console errors: the test fails on any. */
function watchErrors(page: Page, errors: string[]) {
	page.on('pageerror', (error) =>
		errors.push(`pageerror on ${page.url()}: ${error.message}\n${error.stack ?? ''}`)
	);
	page.on('console', (message) => {
		if (message.type() === 'error') errors.push(`console: ${message.text()}`);
	});
}

async function expectNoViolations(page: Page, state: string) {
	const results = await new AxeBuilder({ page }).withTags(TAGS).analyze();
	const summary = results.violations.map(
		(v) => `${v.id}: ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`
	);
	expect.soft(summary, state).toEqual([]);
}

async function shoot(page: Page, name: string, widths = [390, 1440]) {
	for (const width of widths) {
		await page.setViewportSize({ width, height: 900 });
		await page.screenshot({ path: test.info().outputPath(`${name}-${width}.png`), fullPage: true });
	}
	await page.setViewportSize({ width: 1280, height: 900 });
}

const budget = (page: Page) => page.getByRole('region', { name: 'Lignes budgétaires' });
const reviewPanel = (page: Page) => page.getByRole('region', { name: /Commentaires/ });

test('a Word protocol imported with its report, read by another member, exported as ODT', async ({
	browser,
	baseURL
}) => {
	test.setTimeout(180_000);
	const { experimentId } = seed();
	const errors: string[] = [];
	const camille = await signIn(browser, 'coordination@trame.demo');
	const karim = await signIn(browser, 'evaluation@trame.demo');
	watchErrors(camille.page, errors);
	watchErrors(karim.page, errors);
	const page = camille.page;
	const word = Buffer.from(await wordProtocol());

	await page.goto(`/experiences/${experimentId}`);
	await page.getByRole('link', { name: 'Importer un document' }).click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Importer un document');
	await expectNoViolations(page, 'import form');

	// A renamed program is refused, named for what it is.
	await page.getByLabel('Fichier à importer').setInputFiles({
		name: 'protocole.docx',
		mimeType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
		buffer: Buffer.from(windowsExecutable())
	});
	await page.getByRole('button', { name: 'Analyser le fichier' }).click();
	await expect(page.getByRole('alert')).toHaveText(
		'Ce fichier est un programme (exécutable) renommé, pas un document. Il a été refusé.'
	);
	await expectNoViolations(page, 'import form with an error');

	await page.getByLabel('Fichier à importer').setInputFiles({
		name: 'Protocole Saint-Affrique.docx',
		mimeType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
		buffer: word
	});
	await page.getByRole('button', { name: 'Analyser le fichier' }).click();
	const report = page.getByRole('region', { name: 'Rapport d’import' });
	await expect(report).toBeVisible({ timeout: 60_000 });
	const summary = report.getByTestId('import-summary');
	await expect(summary).toContainText('6 sections reconnues');
	await expect(summary).toContainText('1 tableau converti en lignes de budget');
	await expect(summary).toContainText('1 image sans texte alternatif');
	await expect(summary).toContainText('1 commentaire importé');
	await expect(summary).toContainText('2 modifications suivies acceptées');
	await expect(report).toContainText('« CALENDRIER » → 8. Calendrier');
	await expect(report).toContainText(`Ajout par Hugo Bernard : « ${CORPUS.insertion} »`);
	await expect(report).toContainText(`« ${CORPUS.imageAlt} » : non reprise`);
	const preview = report.getByRole('region', { name: 'Aperçu' });
	await expect(preview).toContainText('Location de salle');
	await expect(preview).toContainText('9. Moyens et budget');
	await expectNoViolations(page, 'import report');
	await shoot(page, 'import-report-fr');

	await report.getByRole('button', { name: 'Créer le document' }).click();
	await expect(page).toHaveURL(/\/documents\/[a-z0-9]{15}$/, { timeout: 30_000 });
	const documentPath = new URL(page.url()).pathname;
	await expect(editorOf(page)).toContainText('1. Contexte et territoire');

	// Karim opens it: sections, budget lines with their total, the comment thread.
	await karim.page.goto(documentPath);
	await expect(editorOf(karim.page)).toContainText('3. Question de recherche et hypothèses');
	await expect(editorOf(karim.page)).toContainText(CORPUS.contextText);
	const karimBudget = budget(karim.page);
	await expect(karimBudget.getByRole('group', { name: 'Location de salle' })).toBeVisible();
	await expect(karimBudget).toContainText(/Total : 17\s500,50\s€/);
	const thread = reviewPanel(karim.page)
		.getByRole('article')
		.filter({ hasText: CORPUS.comment.author });
	await expect(thread).toContainText(CORPUS.comment.text);
	// The margin card sits next to its passage, marked in the text as the active one once opened.
	await thread.getByRole('button', { name: new RegExp(CORPUS.comment.author) }).click();
	const threadId = await thread.getAttribute('data-thread-card');
	await expect(
		editorOf(karim.page).locator(`mark.is-active[data-thread="${threadId}"]`)
	).toHaveText(CORPUS.comment.passage);
	await expect(thread).toContainText('Camille Rousseau');

	// The ODT export, read by an XML parser: headings and the budget table are there.
	const response = await karim.context.request.get(`${baseURL}${documentPath}/export?format=odt`, {
		timeout: 90_000
	});
	expect(response.status()).toBe(200);
	expect(response.headers()['content-type']).toBe('application/vnd.oasis.opendocument.text');
	const odt = unzipSync(new Uint8Array(await response.body()));
	expect(strFromU8(odt['mimetype']!)).toBe('application/vnd.oasis.opendocument.text');
	const content = odtContent(strFromU8(odt['content.xml']!));
	expect(content.texts('text:h')).toEqual(
		expect.arrayContaining([
			'1. Contexte et territoire',
			'9. Moyens et budget',
			'Annexe : glossaire'
		])
	);
	expect(content.texts('text:h').filter((h) => h === CORPUS.title)).toHaveLength(0);
	const cells = content.texts('table:table-cell');
	expect(cells).toEqual(
		expect.arrayContaining(['Location de salle', '1 500,50', 'Commune de Saint-Affrique'])
	);
	expect(cells.some((cell) => /^17\s500,50\s€$/.test(cell))).toBe(true);

	// Import into one section while Karim has the document open: he sees it arrive live.
	await page.goto(`${documentPath}/importer`);
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Importer dans une section');
	await page
		.getByLabel('Section qui reçoit le contenu')
		.selectOption({ label: '4. Objectifs et résultats attendus' });
	await page.getByLabel('Fichier à importer').setInputFiles({
		name: 'objectifs.md',
		mimeType: 'text/markdown',
		buffer: Buffer.from(
			'# Objectifs\n\n- Réunir 60 habitants tirés au sort\n- Rendre un avis au conseil communautaire\n'
		)
	});
	await page.getByRole('button', { name: 'Analyser le fichier' }).click();
	await expect(page.getByRole('region', { name: 'Rapport d’import' })).toContainText(
		'Section : « 4. Objectifs et résultats attendus »'
	);
	await expectNoViolations(page, 'section import report');
	await shoot(page, 'import-section-fr');
	await page.getByRole('button', { name: 'Ajouter à la section' }).click();
	await expect(page).toHaveURL(new RegExp(`${documentPath}$`), { timeout: 30_000 });
	await expect(editorOf(karim.page)).toContainText('Réunir 60 habitants tirés au sort');

	await englishScreens(camille.context, experimentId);
	expect(errors).toEqual([]);
	await camille.context.close();
	await karim.context.close();
});

/** The import screens in English, at both widths. */
async function englishScreens(context: BrowserContext, experimentId: string) {
	const url = new URL(test.info().project.use.baseURL ?? process.env.TRAME_E2E_BASE_URL!);
	await context.addCookies([{ name: 'PARAGLIDE_LOCALE', value: 'en', url: url.origin }]);
	const page = await context.newPage();
	const errors: string[] = [];
	watchErrors(page, errors);
	await page.goto(`/experiences/${experimentId}/importer`);
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Import a document');
	await page.getByLabel('File to import').setInputFiles({
		name: 'notes.md',
		mimeType: 'text/markdown',
		buffer: Buffer.from(
			'# Notes\n\n## Budget\n\n| Item | Amount (€) | Funder |\n|---|---|---|\n| Hall | 300 | Town |\n'
		)
	});
	await page.getByRole('button', { name: 'Analyse the file' }).click();
	const report = page.getByRole('region', { name: 'Import report' });
	await expect(report.getByTestId('import-summary')).toContainText(
		'1 table converted into budget rows'
	);
	await expectNoViolations(page, 'import report (en)');
	await shoot(page, 'import-report-en');
	await context.addCookies([{ name: 'PARAGLIDE_LOCALE', value: 'fr', url: url.origin }]);
	expect(errors).toEqual([]);
	await page.close();
}

/** The ODT's content.xml read by an XML parser: the text of every element of a given name. */
function odtContent(xml: string) {
	const doc = new DOMParser().parseFromString(xml, 'text/xml');
	return {
		texts(tag: string): string[] {
			return Array.from(doc.getElementsByTagName(tag)).map((el) => {
				// <text:s text:c="n"/> stands for n spaces.
				const spaces = (node: Node): string =>
					Array.from(node.childNodes)
						.map((child) =>
							child.nodeType === 3
								? (child.nodeValue ?? '')
								: (child as Element).nodeName === 'text:s'
									? ' '.repeat(Number((child as Element).getAttribute('text:c') ?? 1))
									: spaces(child)
						)
						.join('');
				return spaces(el).trim();
			});
		}
	};
}
