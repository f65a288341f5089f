import {
	expect,
	type Browser,
	type BrowserContext,
	type BrowserContextOptions,
	type Page
} from '@playwright/test';
import PocketBase from 'pocketbase';
import { DEMO_PASSWORD } from '../../scripts/demo-data';
import { createDocumentWithTemplate } from '../../src/lib/server/documents';
import type { SeedResult } from '../../scripts/seed';

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

export function saveStatus(page: Page) {
	return page.getByRole('status').filter({ hasText: /Enregistr|Hors ligne/ });
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
export async function freshProtocol(title: string): Promise<string> {
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
		kind: 'protocole',
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
	}
): Promise<string> {
	const { experimentId } = seed();
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
