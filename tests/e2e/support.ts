import {
	expect,
	type Browser,
	type BrowserContext,
	type BrowserContextOptions,
	type Page
} from '@playwright/test';
import { DEMO_PASSWORD } from '../../scripts/demo-data';
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
