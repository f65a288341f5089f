import { expect, type Browser, type BrowserContext, type Page } from '@playwright/test';
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
	email: string
): Promise<{ context: BrowserContext; page: Page }> {
	const context = await browser.newContext();
	const page = await context.newPage();
	await page.goto('/connexion');
	await page.getByLabel('Adresse e-mail').fill(email);
	await page.getByLabel('Mot de passe').fill(DEMO_PASSWORD);
	await page.getByRole('button', { name: 'Se connecter' }).click();
	await expect(page.getByRole('heading', { level: 1 })).not.toHaveText('Connexion');
	return { context, page };
}

export function editorOf(page: Page) {
	return page.getByRole('textbox', { name: /Contenu du document/ });
}

export function saveStatus(page: Page) {
	return page.getByRole('status').filter({ hasText: /Enregistr|Hors ligne/ });
}
