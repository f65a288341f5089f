/**
 * The public resource centre, end to end: the organisation's editor publishes a version of a lessons-learned
 * sheet with a licence and a summary; a signed-out visitor finds it in /ressources, filters it by
 * a facet, reads its page (citation, licence) and finds it in the RSS feed. Public pages carry no
 * JavaScript (measured), have no axe violation, and are looked at in both languages and themes.
 */
import AxeBuilder from '@axe-core/playwright';
import { DOMParser } from '@xmldom/xmldom';
import { type BrowserContext, type Page } from '@playwright/test';
import { expect, freshDocument, signIn, test } from './support';

const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

async function expectNoViolations(page: Page, state: string) {
	for (const colorScheme of ['light', 'dark'] as const) {
		await page.emulateMedia({ colorScheme });
		const results = await new AxeBuilder({ page }).withTags(TAGS).analyze();
		const summary = results.violations.map(
			(v) => `${v.id}: ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`
		);
		expect.soft(summary, `${state} [${colorScheme}]`).toEqual([]);
	}
	await page.emulateMedia({ colorScheme: 'light' });
}

/** Page and console errors of every page of a context. */
function watchErrors(context: BrowserContext): string[] {
	const errors: string[] = [];
	context.on('page', (page) => {
		page.on('console', (message) => {
			if (message.type() === 'error') errors.push(`${page.url()}: ${message.text()}`);
		});
		page.on('pageerror', (error) => errors.push(`${page.url()}: ${error.message}`));
	});
	return errors;
}

/** Loads a page and weighs it: the HTML document and every script it loads (bytes on the wire). */
async function weigh(page: Page, path: string): Promise<{ html: number; js: number }> {
	const scripts: Promise<number>[] = [];
	const onResponse = (response: import('@playwright/test').Response) => {
		if (response.request().resourceType() === 'script')
			scripts.push(response.body().then((body) => body.byteLength));
	};
	page.on('response', onResponse);
	const response = await page.goto(path);
	await page.waitForLoadState('networkidle');
	page.off('response', onResponse);
	const html = (await response!.body()).byteLength;
	const js = (await Promise.all(scripts)).reduce((a, b) => a + b, 0);
	return { html, js };
}

test('a published version appears in the public catalogue, its facets and the RSS feed', async ({
	browser
}) => {
	const title = `Fiche retour : le budget participatif des collégiens ${Date.now()}`;
	const documentId = await freshDocument(title, 'fiche_retour');
	const camille = await signIn(browser, 'coordination@trame.demo');
	const page = camille.page;
	await page.goto(`/documents/${documentId}`);

	// A named version, then its publication under CC BY 4.0 with a summary.
	await page.getByRole('button', { name: 'Versions', exact: true }).click();
	const versions = page.getByRole('dialog', { name: 'Versions' });
	await versions.getByLabel('Nommer l’état actuel').fill('Version relue par le COPIL');
	await versions.getByRole('button', { name: 'Créer la version' }).click();
	await expect(versions.getByRole('status').filter({ hasText: 'Version créée.' })).toBeVisible();
	await page.keyboard.press('Escape');
	await camille.context.close();
	// The organisation's editor (the head of the Labo) publishes it.
	const nadia = await signIn(browser, 'direction@trame.demo');
	const editor = nadia.page;
	await editor.goto(`/documents/${documentId}`);
	await editor.getByRole('button', { name: 'Publication', exact: true }).click();
	const publication = editor.getByRole('dialog', { name: 'Publication' });
	const version = await publication
		.locator('option', { hasText: 'Version relue par le COPIL' })
		.getAttribute('value');
	await publication.getByLabel('Version à publier').selectOption(version!);
	await publication.getByLabel('Licence').selectOption('cc-by-4.0');
	await publication
		.getByLabel('Résumé pour le centre de ressources')
		.fill('Ce que les collégiens ont appris en votant leur budget.');
	await publication.getByRole('button', { name: 'Publier' }).click();
	await editor.getByRole('alertdialog').getByRole('button', { name: 'Publier' }).click();
	await expect(publication.getByText('Licence : CC BY 4.0')).toBeVisible();
	await nadia.context.close();

	// A signed-out visitor finds it in the catalogue, and by a facet.
	const anonymous = await browser.newContext();
	const errors = watchErrors(anonymous);
	const visitor = await anonymous.newPage();
	const catalogueWeight = await weigh(visitor, '/ressources');
	const result = visitor.getByRole('link', { name: title });
	await expect(result).toBeVisible();
	await expectNoViolations(visitor, 'catalogue');
	await visitor
		.getByRole('navigation', { name: 'Affiner' })
		.getByRole('link', { name: /^Fiche retour d’expérience \(\d+\)$/ })
		.click();
	await expect(visitor).toHaveURL(/\/ressources\?kind=fiche_retour$/);
	await expect(result).toBeVisible();
	await expect(
		visitor.getByRole('link', { name: /Retirer le filtre : Type de document/ })
	).toBeVisible();
	await expectNoViolations(visitor, 'catalogue with a facet');
	// Search words of the summary, without accents.
	await visitor.getByLabel('Rechercher dans les ressources').fill('collegiens votant');
	await visitor.getByRole('button', { name: 'Rechercher' }).click();
	await expect(visitor).toHaveURL(/q=collegiens\+votant/);
	await expect(visitor.getByRole('heading', { name: '1 ressource', exact: true })).toBeVisible();
	await expect(result).toBeVisible();

	// Its page: the text of the version, the licence and the citation line.
	await result.click();
	await expect(visitor.getByRole('heading', { level: 1 })).toHaveText(title);
	const citation = visitor.locator('.citation');
	await expect(citation).toContainText(`« ${title} », fiche retour d’expérience, version du`);
	await expect(citation).toContainText('CC BY 4.0');
	await expect(visitor.getByRole('link', { name: 'CC BY 4.0' })).toHaveAttribute(
		'href',
		'https://creativecommons.org/licenses/by/4.0/'
	);
	await expectNoViolations(visitor, 'public page');
	const publicWeight = await weigh(visitor, new URL(visitor.url()).pathname);

	// The RSS feed lists it (parsed back), with its stable version URL.
	const rss = await visitor.request.get('/ressources/rss.xml?kind=fiche_retour');
	expect(rss.headers()['content-type']).toContain('application/rss+xml');
	const feed = new DOMParser().parseFromString(await rss.text(), 'text/xml');
	const items = Array.from(feed.getElementsByTagName('item')).map((item) => ({
		title: item.getElementsByTagName('title')[0]?.textContent,
		link: item.getElementsByTagName('link')[0]?.textContent ?? ''
	}));
	const entry = items.find((item) => item.title === title);
	expect(entry?.link).toMatch(new RegExp(`/public/[a-z0-9-]+/versions/${version}$`));

	// Public pages: no JavaScript at all (server-rendered), measured.
	console.log(
		`[page weight] /ressources: HTML ${catalogueWeight.html} B, JS ${catalogueWeight.js} B; public page: HTML ${publicWeight.html} B, JS ${publicWeight.js} B`
	);
	expect(catalogueWeight.js).toBeLessThanOrEqual(50 * 1024);
	expect(publicWeight.js).toBeLessThanOrEqual(50 * 1024);
	expect(errors).toEqual([]);
	await anonymous.close();
});

test('the public pages read well on a phone and a wide screen, in French and English', async ({
	browser
}) => {
	const shots: [number, 'fr' | 'en', 'light' | 'dark'][] = [
		[390, 'fr', 'light'],
		[390, 'en', 'dark'],
		[1440, 'fr', 'dark'],
		[1440, 'en', 'light']
	];
	for (const [width, locale, colorScheme] of shots) {
		const context = await browser.newContext({
			viewport: { width, height: 900 },
			colorScheme
		});
		const errors = watchErrors(context);
		const page = await context.newPage();
		await page.goto('/ressources');
		if (locale === 'en') {
			await page.getByRole('button', { name: 'English' }).click();
			await expect(page.getByRole('heading', { level: 1 })).toHaveText('Resource centre');
		}
		// Nothing wider than the screen (reflow).
		expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
			width
		);
		await page.screenshot({
			path: test.info().outputPath(`ressources-${width}-${locale}-${colorScheme}.png`),
			fullPage: true
		});
		await page.locator('ol.resources a').first().click();
		await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
		expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
			width
		);
		await page.screenshot({
			path: test.info().outputPath(`public-${width}-${locale}-${colorScheme}.png`),
			fullPage: true
		});
		expect(errors).toEqual([]);
		await context.close();
	}
});
