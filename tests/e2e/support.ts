import {
	expect,
	test as base,
	type Browser,
	type BrowserContext,
	type BrowserContextOptions,
	type ConsoleMessage,
	type Page
} from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import PocketBase from 'pocketbase';
import { DEMO_PASSWORD } from '../../scripts/demo-data';
import type { DocumentKind } from '../../src/lib/domain/document-kinds';
import { createDocumentWithTemplate } from '../../src/lib/server/documents';
import type { SeedResult } from '../../scripts/seed';

export { expect };

/** The page-error watch of a test: what the browsers reported, and what the test provokes. */
export interface BrowserErrors {
	/**
	 * A console error or warning this test provokes on purpose (the network cut, a revoked
	 * session, a page that answers 404), matched against the message text. Call it next to the
	 * step that provokes it; any other message still fails the test.
	 */
	allow(pattern: RegExp): void;
}

/**
 * Every e2e test fails on an uncaught page error, a console error or a console warning: each
 * signals a bug (Svelte's runtime errors such as `each_key_duplicate` or `hydration_mismatch`,
 * TipTap's duplicate extensions, a failed request, a second copy of Yjs). The watch covers
 * every browser context a test opens: the `page` fixture's and those of `browser.newContext()`
 * (`signIn`).
 */
export const test = base.extend<{ browserErrors: BrowserErrors }>({
	browserErrors: [
		async ({ browser }, use) => {
			const problems: string[] = [];
			const allowed: RegExp[] = [];
			const watch = (context: BrowserContext) => {
				context.on('weberror', (error) => {
					const where = error.page()?.url() ?? 'unknown page';
					problems.push(`page error on ${where}: ${error.error().stack ?? error.error().message}`);
				});
				context.on('console', (message) => {
					const problem = consoleProblem(message, allowed);
					if (problem) problems.push(problem);
				});
			};
			const newContext = browser.newContext.bind(browser);
			browser.newContext = async (options?: BrowserContextOptions) => {
				const context = await newContext(options);
				watch(context);
				return context;
			};
			try {
				await use({ allow: (pattern) => void allowed.push(pattern) });
			} finally {
				browser.newContext = newContext;
			}
			if (problems.length > 0)
				throw new Error(
					`The browser reported ${problems.length} problem(s):\n${problems.join('\n')}`
				);
		},
		{ auto: true }
	]
});

function consoleProblem(message: ConsoleMessage, allowed: readonly RegExp[]): string | null {
	const type = message.type();
	if (type !== 'error' && type !== 'warning') return null;
	const text = message.text();
	if (allowed.some((pattern) => pattern.test(text))) return null;
	const { url, lineNumber } = message.location();
	const where = url ? ` (${url}:${lineNumber})` : '';
	return `console ${type} on ${message.page()?.url() ?? 'unknown page'}: ${text}${where}`;
}

export function seed(): SeedResult {
	const raw = process.env.TRAME_E2E_SEED;
	if (!raw) throw new Error('TRAME_E2E_SEED is missing: the global setup did not run');
	return JSON.parse(raw) as SeedResult;
}

/** A new browser context signed in as a demo account through the real sign-in form. */
export async function signIn(
	browser: Browser,
	email: string,
	options: BrowserContextOptions = {}
): Promise<{ context: BrowserContext; page: Page }> {
	const context = await browser.newContext(options);
	const page = await context.newPage();
	await page.goto('/connexion');
	// Hydration may reset a field filled too early: fill and submit again until it goes through.
	await expect(async () => {
		await page.getByLabel('Adresse e-mail').fill(email);
		await page.getByLabel('Mot de passe').fill(DEMO_PASSWORD);
		await page.getByRole('button', { name: 'Se connecter' }).click();
		await expect(page.getByRole('heading', { level: 1 })).not.toHaveText('Connexion', {
			timeout: 3_000
		});
	}).toPass({ timeout: 20_000 });
	return { context, page };
}

export function editorOf(page: Page) {
	return page.getByRole('textbox', { name: /Contenu du document/ });
}

/** The editor's text without other people's carets (their name labels sit inside the text). */
export function editorText(page: Page) {
	return editorOf(page).evaluate((root) => {
		const copy = root.cloneNode(true) as HTMLElement;
		copy.querySelectorAll('.collaboration-carets__caret').forEach((c) => c.remove());
		return copy.textContent ?? '';
	});
}

/**
 * Puts the caret at the end of the document: a click on its last top-level heading, then Ctrl+End.
 * A click at the editor's centre may land on a structured part's controls (its label, its
 * buttons), where Ctrl+End moves nothing and Enter adds a paragraph beside the part instead.
 */
export async function caretAtEnd(page: Page): Promise<void> {
	const editor = editorOf(page);
	const headings = editor.locator(':scope > h1, :scope > h2, :scope > h3');
	if ((await headings.count()) > 0) await headings.last().click();
	else await editor.click();
	await page.keyboard.press('Control+End');
}

/** A new paragraph at the end of the document, typed and shown. */
export async function typeAtEnd(page: Page, text: string): Promise<void> {
	const editor = editorOf(page);
	await caretAtEnd(page);
	await page.keyboard.press('Enter');
	await page.keyboard.type(text);
	await expect(editor).toContainText(text);
}

export function saveStatus(page: Page) {
	return page.getByRole('status').filter({ hasText: /Enregistr|Hors ligne/ });
}

/** Gives consent in an open round's objection phase, as the signed-in participant. */
export async function giveConsent(page: Page): Promise<void> {
	await page.getByLabel('Consentement', { exact: true }).check();
	await page.getByRole('button', { name: 'Donner ma position' }).click();
	await expect(page.getByTestId('my-position')).toContainText('Consentement');
}

/**
 * Plans a séance through the list's link (the form is hydrated before it is filled); `day` as
 * typed in French (jj/mm/aaaa). Returns the séance's path.
 */
export async function createSeance(
	page: Page,
	experimentId: string,
	fields: {
		title: string;
		day: string;
		time: string;
		minutes?: string;
		quorum?: string;
		place?: string;
	}
): Promise<string> {
	await page.goto(`/experiences/${experimentId}/seances`);
	await page.getByRole('link', { name: 'Nouvelle séance' }).click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Nouvelle séance');
	await page.getByLabel('Titre').fill(fields.title);
	await page.getByLabel('Jour').fill(fields.day);
	await page.getByLabel('Heure', { exact: true }).fill(fields.time);
	if (fields.place) await page.getByLabel('Lieu').fill(fields.place);
	if (fields.minutes) await page.getByLabel('Durée prévue (minutes)').fill(fields.minutes);
	if (fields.quorum) await page.getByLabel(/^Quorum/).fill(fields.quorum);
	await page.getByRole('button', { name: 'Créer la séance' }).click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText(fields.title);
	return new URL(page.url()).pathname;
}

/** Adds an item to the agenda of the séance on screen. */
export async function addAgendaItem(page: Page, title: string, minutes: string): Promise<void> {
	await page.getByLabel('Intitulé du point').fill(title);
	await page.getByLabel('Durée (minutes)').fill(minutes);
	await page.getByRole('button', { name: 'Ajouter', exact: true }).first().click();
	await expect(page.getByRole('listitem').filter({ hasText: title })).toBeVisible();
}

/**
 * Opens a consent round from the experiment's proposal form (the signed-in user facilitates);
 * `participants` are names as shown next to the checkboxes. Returns the round's path.
 */
export async function openConsentRound(
	page: Page,
	experimentId: string,
	title: string,
	participants: RegExp[]
): Promise<string> {
	await page.goto(`/experiences/${experimentId}/decisions/nouvelle`);
	await page.getByLabel('Titre de la proposition').fill(title);
	await page.getByLabel('Texte de la proposition').fill(`${title} : texte soumis au consentement.`);
	for (const box of await page.getByRole('checkbox', { name: /\(/ }).all()) await box.uncheck();
	for (const name of participants) await page.getByRole('checkbox', { name }).check();
	await page.getByRole('button', { name: 'Ouvrir le tour de consentement' }).click();
	await expect(page).toHaveURL(/\/rounds\/[a-z0-9]{15}$/);
	return new URL(page.url()).pathname;
}

/**
 * A fresh protocol in the demo experiment, created like the app does (record and template state in
 * one batch): tests that decide on its sections never change the demo protocol others read.
 */
export function freshProtocol(title: string): Promise<string> {
	return freshDocument(title, 'protocole');
}

/** A fresh document of a kind in the demo experiment, from its template (see freshProtocol). */
export async function freshDocument(title: string, kind: DocumentKind): Promise<string> {
	const { experimentId, users } = seed();
	const superuser = JSON.parse(process.env.TRAME_E2E_SUPERUSER ?? '{}') as {
		email: string;
		password: string;
	};
	const admin = new PocketBase(process.env.TRAME_E2E_PB_URL);
	admin.autoCancellation(false);
	await admin.collection('_superusers').authWithPassword(superuser.email, superuser.password);
	const created = await createDocumentWithTemplate(admin, {
		experimentId,
		userId: users['coordination@trame.demo']!,
		kind,
		title
	});
	if (!created.ok) throw new Error(`document not created: ${created.error}`);
	return created.id;
}

/**
 * Opens a consent round on a section of `documentId` (heading starting like `heading`), adding
 * `added` as a new line to its proposed wording; live, or asynchronous for `asyncDays` days.
 * Returns the round's path.
 */
export async function proposeOnSection(
	page: Page,
	documentId: string,
	options: {
		heading: RegExp;
		title: string;
		added: string;
		participants: RegExp[];
		asyncDays?: number;
		/** The document's owner: the demo experiment unless told (e.g. the Labo's governance). */
		experimentId?: string;
	}
): Promise<string> {
	const experimentId = options.experimentId ?? seed().experimentId;
	await page.goto(`/experiences/${experimentId}/decisions/nouvelle`);
	await page.getByLabel('Titre de la proposition').fill(options.title);
	const option = page.locator(`#source option[value^="${documentId}:"]`, {
		hasText: options.heading
	});
	await page
		.getByLabel('Texte proposé', { exact: true })
		.selectOption((await option.getAttribute('value'))!);
	const proposed = page.getByLabel('Rédaction proposée pour la section');
	await expect(proposed).toHaveValue(options.heading);
	await proposed.fill(`${await proposed.inputValue()}\n${options.added}`);
	for (const box of await page.getByRole('checkbox', { name: /\(/ }).all()) await box.uncheck();
	for (const name of options.participants) await page.getByRole('checkbox', { name }).check();
	if (options.asyncDays !== undefined) {
		await page.getByLabel('À distance : un délai sans objection').check();
		await page.getByLabel('Durée du délai (jours)').fill(String(options.asyncDays));
	}
	await page.getByRole('button', { name: 'Ouvrir le tour de consentement' }).click();
	await expect(page).toHaveURL(/\/rounds\/[a-z0-9]{15}$/);
	return new URL(page.url()).pathname;
}

/** The margin badge of the section whose heading starts with `heading`, in the document. */
export function sectionBadge(page: Page, heading: string) {
	return editorOf(page).getByRole('group', { name: `Décisions sur « ${heading}` });
}

const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

/** axe (WCAG 2.2 AA) on the page as it is: every violation listed, soft so the test goes on. */
export async function expectNoViolations(page: Page, state: string): Promise<void> {
	const results = await new AxeBuilder({ page }).withTags(WCAG_TAGS).analyze();
	const summary = results.violations.map(
		(v) => `${v.id}: ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`
	);
	expect.soft(summary, state).toEqual([]);
}

/** Full-page screenshots at phone and desktop widths, in the test's output folder. */
export async function shoot(page: Page, name: string): Promise<void> {
	for (const width of [390, 1440]) {
		await page.setViewportSize({ width, height: 900 });
		await page.screenshot({ path: test.info().outputPath(`${name}-${width}.png`), fullPage: true });
	}
	await page.setViewportSize({ width: 1280, height: 900 });
}
