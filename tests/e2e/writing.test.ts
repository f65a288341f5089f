/**
 * The writing surface: the document at the centre at every width (no sideways scrolling, the text
 * on the phone's first screen, the save state in view after scrolling, layout shift ≤ 0.1),
 * comments in the margin level with their passage, template guidance never exported, the
 * structured parts' keyboard, and images and files shared between editors, refused by URL to
 * anyone who may not read the document.
 */
import type { Page } from '@playwright/test';
import { PROTOCOL_SECTIONS } from '../../src/lib/domain/templates/protocol';
import { editorOf, expect, freshProtocol, saveStatus, seed, signIn, test } from './support';

const SHOTS = process.env.TRAME_VIEWPORT_DIR ?? 'test-results/writing';

/** A 1200 × 600 PNG drawn in the browser (no fixture file). */
async function pngBytes(page: Page): Promise<Buffer> {
	const base64 = await page.evaluate(() => {
		const canvas = document.createElement('canvas');
		canvas.width = 1200;
		canvas.height = 600;
		const ctx = canvas.getContext('2d')!;
		ctx.fillStyle = '#1f4e79';
		ctx.fillRect(0, 0, 1200, 600);
		ctx.fillStyle = '#ffd08a';
		ctx.fillRect(100, 100, 400, 200);
		return canvas.toDataURL('image/png').split(',')[1]!;
	});
	return Buffer.from(base64, 'base64');
}

const PDF = Buffer.from(
	'%PDF-1.4\n1 0 obj <</Type /Catalog /Pages 2 0 R>> endobj\n2 0 obj <</Type /Pages /Kids [] /Count 0>> endobj\ntrailer <</Root 1 0 R>>\n%%EOF\n'
);

test('the document at the centre at 390, 768, 1440 and 1920 px, without layout shift', async ({
	browser
}) => {
	test.setTimeout(90_000);
	const { protocolId } = seed();
	for (const width of [390, 768, 1440, 1920]) {
		const height = width < 800 ? 844 : width === 1920 ? 1080 : 900;
		const { context, page } = await signIn(browser, 'coordination@trame.demo', {
			viewport: { width, height },
			hasTouch: width < 800
		});
		// Layout shift, as Lighthouse counts it (no input just before).
		await page.addInitScript(() => {
			const w = window as unknown as { __cls: number; __shifts: string[] };
			w.__cls = 0;
			w.__shifts = [];
			new PerformanceObserver((list) => {
				for (const entry of list.getEntries() as unknown as {
					value: number;
					hadRecentInput: boolean;
					sources?: { node?: Node; previousRect: DOMRect; currentRect: DOMRect }[];
				}[]) {
					if (entry.hadRecentInput) continue;
					w.__cls += entry.value;
					// What moved, for the failure message.
					for (const s of entry.sources ?? [])
						w.__shifts.push(
							`${entry.value.toFixed(3)} ${(s.node as Element | undefined)?.className ?? s.node?.nodeName}: ${s.previousRect.y}→${s.currentRect.y}, h ${s.previousRect.height}→${s.currentRect.height}`
						);
				}
			}).observe({ type: 'layout-shift', buffered: true });
		});
		await page.goto(`/documents/${protocolId}`);
		const editor = editorOf(page);
		await expect(editor).toHaveAttribute('contenteditable', 'true');
		await expect(saveStatus(page)).toHaveText(/Enregistré/);
		await page.waitForTimeout(1500);
		const { cls, shifts } = await page.evaluate(() => {
			const w = window as unknown as { __cls: number; __shifts: string[] };
			return { cls: w.__cls, shifts: w.__shifts };
		});
		expect(cls, `layout shift at ${width} px: ${shifts.join(' | ')}`).toBeLessThanOrEqual(0.1);

		// No sideways scrolling; the text starts within the first screen.
		const sizes = await page.evaluate(() => ({
			scroll: document.documentElement.scrollWidth,
			client: document.documentElement.clientWidth
		}));
		expect(sizes.scroll, `page width at ${width} px`).toBeLessThanOrEqual(sizes.client);
		const heading = editor.getByRole('heading', { level: 1 });
		const box = (await heading.boundingBox())!;
		expect(box.y + box.height, `text on the first screen at ${width} px`).toBeLessThan(height);
		// A page-level heading outside the text: the document's title.
		await expect(page.locator('h1.doc-title')).toHaveText("Protocole d'expérimentation");
		await page.screenshot({ path: `${SHOTS}/editor-${width}.png` });

		// The save state stays in view while scrolling through the text.
		await page.mouse.wheel(0, 2500);
		await page.waitForTimeout(300);
		await expect(saveStatus(page)).toBeInViewport();
		await page.screenshot({ path: `${SHOTS}/editor-${width}-scrolled.png` });
		await context.close();
	}
});

test('the text first: the page asks for threads, decisions, notifications and its visit once the document is in', async ({
	browser
}) => {
	const { protocolId } = seed();
	const { context, page } = await signIn(browser, 'coordination@trame.demo', {
		viewport: { width: 1440, height: 900 }
	});
	// Every fetch and event stream of the page, marked by whether the document's first sync had
	// happened then (page-start.ts: they shared the core with its first render, S3B).
	await page.addInitScript(() => {
		const w = window as unknown as { __requests: string[] };
		w.__requests = [];
		const note = (url: string) =>
			w.__requests.push(
				`${performance.getEntriesByName('trame:first-sync').length > 0 ? 'after' : 'before'} ${new URL(url, location.href).pathname}`
			);
		const nativeFetch = window.fetch;
		window.fetch = (input, init) => {
			note(typeof input === 'string' ? input : input instanceof URL ? input.href : input.url);
			return nativeFetch(input, init);
		};
		window.EventSource = new Proxy(window.EventSource, {
			construct(target, args: [string | URL, EventSourceInit?]) {
				note(String(args[0]));
				return Reflect.construct(target, args) as EventSource;
			}
		});
	});
	await page.goto(`/documents/${protocolId}`);
	await expect(editorOf(page)).toHaveAttribute('contenteditable', 'true');
	const requests = () =>
		page.evaluate(() => (window as unknown as { __requests: string[] }).__requests);
	// The live stream, the threads, the decisions and the visit record.
	await expect
		.poll(async () => (await requests()).filter((r) => r.includes(' /api/')).length)
		.toBeGreaterThanOrEqual(4);
	const all = await requests();
	expect(
		all.filter((r) => r.startsWith('before') && r.includes(' /api/')),
		all.join(' | ')
	).toEqual([]);
	await context.close();
});

test('comments sit in the margin level with their passage, on a phone in a panel', async ({
	browser
}) => {
	const protocolId = await freshProtocol('Protocole commenté en marge');
	const { context, page } = await signIn(browser, 'coordination@trame.demo', {
		viewport: { width: 1440, height: 900 }
	});
	await page.goto(`/documents/${protocolId}`);
	const editor = editorOf(page);
	await expect(editor).toHaveAttribute('contenteditable', 'true');
	// Empty sections show their guidance as placeholders, not as text.
	await expect(editor.locator('p.has-prompt').first()).toHaveAttribute(
		'data-placeholder',
		PROTOCOL_SECTIONS.fr[0]!.prompt
	);
	await expect(editor).not.toContainText(PROTOCOL_SECTIONS.fr[0]!.prompt);

	for (const [section, words] of [
		['1. Contexte et territoire', 'Neuf communes rurales'],
		['6. Publics et mobilisation', 'Tirage au sort sur les listes électorales']
	] as const) {
		await editor
			.locator('h2', { hasText: section })
			.locator('xpath=following-sibling::p[1]')
			.click();
		await page.keyboard.type(words);
		await page.keyboard.press('Shift+Home');
		await page.getByRole('toolbar').getByRole('button', { name: 'Commenter' }).click();
		await page.getByRole('textbox', { name: 'Votre commentaire' }).fill(`À propos de : ${words}`);
		await page.getByRole('button', { name: 'Publier' }).click();
		await expect(
			page.getByRole('article').filter({ hasText: `À propos de : ${words}` })
		).toBeVisible();
	}
	// Each card is level with its passage (a few pixels apart at most, cards never overlap). The
	// margin is laid out again after the text settles (idle work, badges): read it once settled.
	for (const words of ['Neuf communes rurales', 'Tirage au sort sur les listes électorales']) {
		const boxes = async () => ({
			passage: (await page.locator('mark.review-anchor', { hasText: words }).boundingBox())!,
			card: (await page
				.getByRole('region', { name: 'Commentaires en marge' })
				.getByRole('article')
				.filter({ hasText: words })
				.boundingBox())!
		});
		await expect
			.poll(
				async () => {
					const { passage, card } = await boxes();
					return Math.abs(card.y - passage.y);
				},
				{ message: `card of « ${words} »` }
			)
			.toBeLessThan(12);
		const { passage, card } = await boxes();
		expect(card.x).toBeGreaterThan(passage.x + passage.width);
	}
	await page.screenshot({ path: `${SHOTS}/margin-1440.png` });
	await context.close();

	// A partner on a phone reads the comment from its passage and answers it.
	const jean = await signIn(browser, 'partenaire@trame.demo', {
		viewport: { width: 390, height: 844 },
		hasTouch: true
	});
	await jean.page.goto(`/documents/${protocolId}`);
	await jean.page.locator('mark.review-anchor', { hasText: 'Neuf communes rurales' }).click();
	const panel = jean.page.getByRole('dialog', { name: 'Commentaires' });
	await expect(panel).toBeVisible();
	await expect(panel).toContainText('À propos de : Neuf communes rurales');
	const thread = panel.getByRole('article').filter({ hasText: 'Neuf communes rurales' });
	await thread.getByRole('textbox', { name: 'Répondre au fil' }).fill('Lesquelles ?');
	await thread.getByRole('button', { name: 'Répondre' }).click();
	await expect(thread).toContainText('Lesquelles ?');
	await jean.page.screenshot({ path: `${SHOTS}/comments-390.png` });
	await jean.context.close();
});

test('template guidance is never exported', async ({ browser }) => {
	const protocolId = await freshProtocol('Protocole sans consignes exportées');
	const { context, page } = await signIn(browser, 'coordination@trame.demo');
	await page.goto(`/documents/${protocolId}`);
	await expect(editorOf(page)).toContainText('Contexte et territoire');
	const markdown = await (
		await page.request.get(`/documents/${protocolId}/export?format=md`)
	).text();
	expect(markdown).toContain('Contexte et territoire');
	for (const section of PROTOCOL_SECTIONS.fr) expect(markdown).not.toContain(section.prompt);
	await context.close();
});

test('structured parts: Tab and Shift+Tab across fields then rows, Enter adds a row, Escape leaves', async ({
	browser
}) => {
	const protocolId = await freshProtocol('Protocole au clavier');
	const { context, page } = await signIn(browser, 'coordination@trame.demo');
	await page.goto(`/documents/${protocolId}`);
	const budget = page.getByRole('region', { name: 'Lignes budgétaires' });
	await budget.getByRole('button', { name: 'Ajouter une ligne budgétaire' }).click();
	// A row just added and still empty is not counted as unreadable.
	await expect(budget.getByText(/Lignes non comptées/)).toBeHidden();
	await page.keyboard.type('Animation');
	await page.keyboard.press('Tab');
	await page.keyboard.type('1 500');
	await page.keyboard.press('Tab');
	await page.keyboard.type('Région');
	// Enter in the last field adds a row and goes to its first field.
	await page.keyboard.press('Enter');
	await page.keyboard.type('Salle');
	await expect(budget.getByRole('group')).toHaveCount(2);
	await expect(budget.getByRole('group', { name: 'Salle' })).toBeVisible();
	// Shift+Tab goes back to the previous row's last field.
	await page.keyboard.press('Shift+Tab');
	await page.keyboard.type(' Centre');
	await expect(
		budget.getByRole('group', { name: 'Animation' }).getByRole('textbox', { name: 'Financeur' })
	).toContainText('Région Centre');
	await expect(budget).toContainText(/Total : 1\s500,00\s€/);
	// Escape leaves the part: typing goes to the text after it, not into another field.
	await page.keyboard.press('Escape');
	await page.keyboard.type('Texte après le budget');
	await expect(budget).not.toContainText('Texte après le budget');
	await expect(editorOf(page)).toContainText('Texte après le budget');
	// The calendar's date: typed, or picked in the browser's calendar.
	const calendar = page.getByRole('region', { name: 'Jalons du calendrier' });
	await calendar.getByRole('button', { name: 'Ajouter un jalon' }).click();
	await page.keyboard.type('Tirage au sort');
	await calendar.getByLabel('Choisir la date dans un calendrier').fill('2027-03-12');
	await expect(calendar.getByRole('textbox', { name: /Date/ })).toHaveText('12/03/2027');
	await expect(calendar).toContainText('12 mars 2027');
	await context.close();
});

test('an image and a PDF inserted by one editor are seen by another, refused by URL to others', async ({
	browser,
	browserErrors
}) => {
	test.setTimeout(90_000);
	const protocolId = await freshProtocol('Protocole illustré');
	const camille = await signIn(browser, 'coordination@trame.demo');
	const karim = await signIn(browser, 'evaluation@trame.demo');
	await camille.page.goto(`/documents/${protocolId}`);
	await karim.page.goto(`/documents/${protocolId}`);
	const editor = editorOf(camille.page);
	await expect(editor).toHaveAttribute('contenteditable', 'true');
	await editor.locator('p.has-prompt').first().click();

	// The image: picked, described (alternative text asked before insertion), inserted.
	const png = await pngBytes(camille.page);
	let chooser = camille.page.waitForEvent('filechooser');
	await camille.page.getByRole('toolbar').getByRole('button', { name: 'Image' }).click();
	await (await chooser).setFiles({ name: 'plan-salle.png', mimeType: 'image/png', buffer: png });
	const dialog = camille.page.getByRole('dialog', { name: 'Décrire l’image' });
	await dialog.getByRole('button', { name: 'Insérer l’image' }).click();
	await expect(dialog).toContainText('Décrivez l’image en quelques mots');
	await dialog.getByLabel('Texte alternatif').fill('Plan de la salle des fêtes');
	await dialog.getByRole('button', { name: 'Insérer l’image' }).click();
	const image = editorOf(karim.page).getByRole('img', { name: 'Plan de la salle des fêtes' });
	await expect(image).toBeVisible();
	await expect
		.poll(() => image.evaluate((img) => (img as HTMLImageElement).naturalWidth))
		.toBeGreaterThan(0);

	// The PDF: picked and inserted as a download link.
	chooser = camille.page.waitForEvent('filechooser');
	await camille.page.getByRole('toolbar').getByRole('button', { name: 'Fichier' }).click();
	await (
		await chooser
	).setFiles({ name: 'convention.pdf', mimeType: 'application/pdf', buffer: PDF });
	const link = editorOf(karim.page).getByRole('link', { name: /convention\.pdf/ });
	await expect(link).toBeVisible();
	const href = (await link.getAttribute('href'))!;
	const src = (await image.getAttribute('src'))!;
	expect((await karim.page.request.get(href)).status()).toBe(200);

	// A disguised file is refused with a clear message, and nothing is inserted.
	browserErrors.allow(/the server responded with a status of 415/);
	chooser = camille.page.waitForEvent('filechooser');
	await camille.page.getByRole('toolbar').getByRole('button', { name: 'Image' }).click();
	await (await chooser).setFiles({ name: 'photo.png', mimeType: 'image/png', buffer: PDF });
	await camille.page
		.getByRole('dialog', { name: 'Décrire l’image' })
		.getByLabel('Texte alternatif')
		.fill('x');
	await camille.page.getByRole('button', { name: 'Insérer l’image' }).click();
	await expect(
		camille.page.getByRole('alert').filter({ hasText: '« photo.png » refusé' })
	).toContainText('ne correspond pas à son extension');
	await expect(editor.getByRole('img')).toHaveCount(1);
	await expect(saveStatus(camille.page)).toHaveText(/Enregistré/);

	// Refused by URL: to someone outside the experiment, and signed out.
	const outsider = await signIn(browser, 'externe@trame.demo');
	for (const url of [src, href]) {
		expect((await outsider.page.request.get(url)).status()).toBe(404);
		const anonymous = await browser.newContext();
		const response = await anonymous.request.get(url, { maxRedirects: 0 });
		expect(response.status()).toBe(303);
		expect(response.headers().location).toMatch(/^\/connexion/);
		await anonymous.close();
	}
	// The exports carry them: the DOCX embeds the image with its alternative text.
	const docx = await camille.page.request.get(`/documents/${protocolId}/export?format=docx`);
	expect(docx.status()).toBe(200);
	const { default: mammoth } = await import('mammoth');
	const { value: html } = await mammoth.convertToHtml({ buffer: await docx.body() });
	expect(html).toMatch(/<img [^>]*alt="Plan de la salle des fêtes"/);
	expect(html).toContain('convention.pdf');
	await camille.page.screenshot({ path: `${SHOTS}/media-1280.png` });
	await outsider.context.close();
	await camille.context.close();
	await karim.context.close();
});
