/**
 * Signing out erases this browser's copies of documents (IndexedDB and their localStorage
 * entries): on a shared computer the next person finds nothing. Edits the server has not
 * acknowledged are never erased without asking: the dialog names their documents, "Rester
 * connecté·e" keeps everything, and once they are sent the sign-out goes through without a word.
 * Copies are each person's: a session that ended with unsent edits leaves them for its author only
 * (the next person neither sees, nor sends, nor is asked about them).
 */
import type { Page } from '@playwright/test';
import { DEMO_PASSWORD } from '../../scripts/demo-data';
import { scratchExperiment, userId, type ScratchExperiment } from './collab-node';
import { editorOf, expect, saveStatus, signIn, test, typeAtEnd } from './support';

const EMAIL = 'evaluation@trame.demo';
const NEXT_EMAIL = 'coordination@trame.demo';
let scratch: ScratchExperiment;

test.beforeAll(async () => {
	scratch = await scratchExperiment('Expérimentation déconnexion', NEXT_EMAIL, [EMAIL]);
});

test.afterAll(async () => {
	await scratch?.dispose();
});

/** What this origin keeps of documents: IndexedDB copies and localStorage entries. */
function localCopies(page: Page): Promise<string[]> {
	return page.evaluate(async () => {
		const databases = (await indexedDB.databases()).map((d) => d.name ?? '');
		const entries = Object.keys(localStorage);
		return [...databases, ...entries].filter((name) => name.startsWith('trame-')).sort();
	});
}

/** Signs `email` in on this page (the same browser as whoever used it before). */
async function signInHere(page: Page, email: string): Promise<void> {
	await page.goto('/connexion');
	// Hydration may reset a field filled too early: fill and submit again until it goes through.
	await expect(async () => {
		await page.getByLabel('Adresse e-mail').fill(email);
		await page.getByLabel('Mot de passe').fill(DEMO_PASSWORD);
		await page.getByRole('button', { name: 'Se connecter' }).click();
		await expect(page).not.toHaveURL(/\/connexion/, { timeout: 3_000 });
	}).toPass({ timeout: 20_000 });
}

const signOutButton = (page: Page) => page.getByRole('button', { name: 'Se déconnecter' });

/**
 * Opens the document and waits until the page's start is over: the notifications count and the
 * visit record are asked once the text is in (page-start.ts), and going offline before they
 * answer would make them fail (a console error, not what these tests are about).
 */
async function openDocument(page: Page, documentId: string): Promise<void> {
	const started = Promise.all([
		page.waitForResponse((r) => r.url().includes('/api/review/inbox')),
		page.waitForResponse((r) => r.url().endsWith(`/api/review/documents/${documentId}/visit`))
	]);
	await page.goto(`/documents/${documentId}`);
	await expect(saveStatus(page)).toHaveText(/Enregistré/);
	await started;
}

test('signing out erases the local copies; unsent edits are asked about first', async ({
	browser,
	browserErrors
}) => {
	// Going offline fails whatever request is in flight then (the notifications count).
	browserErrors.allow(/ERR_INTERNET_DISCONNECTED/);
	const title = 'Note de terrain à effacer';
	const documentId = await scratch.newDocument(title);
	const { context, page } = await signIn(browser, EMAIL);
	await openDocument(page, documentId);
	await typeAtEnd(page, 'Écrit en ligne.');
	await expect(saveStatus(page)).toHaveText(/Enregistré/);
	await expect
		.poll(() => localCopies(page))
		.toContain(`trame-document-${userId(EMAIL)}-${documentId}`);

	// Offline: the edit is only on this device, so signing out asks, naming the document.
	await context.setOffline(true);
	await expect(saveStatus(page)).toHaveText(/Hors ligne/);
	await typeAtEnd(page, 'Écrit hors ligne.');
	await expect
		.poll(() => localCopies(page))
		.toContain(`trame-unsent:${userId(EMAIL)}:${documentId}`);
	await signOutButton(page).click();
	const dialog = page.getByRole('alertdialog', {
		name: 'Des modifications ne sont pas encore envoyées'
	});
	await expect(dialog).toBeVisible();
	await expect(dialog.getByTestId('unsent-documents').getByRole('link')).toHaveText([title]);
	await dialog.getByRole('button', { name: 'Rester connecté·e' }).click();
	await expect(dialog).toBeHidden();
	await expect(editorOf(page)).toContainText('Écrit hors ligne.');

	// Back online the edit is sent: the note goes, and signing out no longer asks.
	await context.setOffline(false);
	await expect(saveStatus(page)).toHaveText(/Enregistré/, { timeout: 20_000 });
	await expect
		.poll(() => localCopies(page))
		.not.toContain(`trame-unsent:${userId(EMAIL)}:${documentId}`);
	await signOutButton(page).click();
	await expect(page).toHaveURL(/\/connexion$/);
	expect(await localCopies(page)).toEqual([]);

	// What was sent is on the server: signed in again, the text is there.
	const again = await signIn(browser, EMAIL);
	await again.page.goto(`/documents/${documentId}`);
	await expect(editorOf(again.page)).toContainText('Écrit hors ligne.');
	await again.context.close();
	await context.close();
});

test('confirmed, signing out erases a copy whose edits were never sent', async ({
	browser,
	browserErrors
}) => {
	// Going offline fails whatever request is in flight then (the notifications count).
	browserErrors.allow(/ERR_INTERNET_DISCONNECTED/);
	const title = 'Brouillon jamais envoyé';
	const documentId = await scratch.newDocument(title);
	const { context, page } = await signIn(browser, EMAIL);
	await openDocument(page, documentId);
	await context.setOffline(true);
	await expect(saveStatus(page)).toHaveText(/Hors ligne/);
	await typeAtEnd(page, 'Jamais envoyé.');
	await expect
		.poll(() => localCopies(page))
		.toContain(`trame-unsent:${userId(EMAIL)}:${documentId}`);
	// The page is closed with the edit only on this device; the next page is not the document's.
	await page.close();
	await context.setOffline(false);
	const home = await context.newPage();
	await home.goto('/');
	await signOutButton(home).click();
	const dialog = home.getByRole('alertdialog');
	await expect(dialog.getByTestId('unsent-documents')).toHaveText(title);
	await dialog.getByRole('button', { name: 'Me déconnecter et les effacer' }).click();
	await expect(home).toHaveURL(/\/connexion$/);
	expect(await localCopies(home)).toEqual([]);
	await context.close();
});

test("an expired session's unsent edits are neither shown to nor sent by the next person", async ({
	browser,
	browserErrors
}) => {
	// Going offline fails whatever request is in flight then (the notifications count).
	browserErrors.allow(/ERR_INTERNET_DISCONNECTED/);
	const title = 'Carnet de Karim';
	const documentId = await scratch.newDocument(title);
	const unsentText = 'Brouillon personnel de Karim.';
	const { context, page } = await signIn(browser, EMAIL);
	await openDocument(page, documentId);
	await context.setOffline(true);
	await expect(saveStatus(page)).toHaveText(/Hors ligne/);
	await typeAtEnd(page, unsentText);
	const own = [
		`trame-document-${userId(EMAIL)}-${documentId}`,
		`trame-local-copy:trame-document-${userId(EMAIL)}-${documentId}`,
		`trame-unsent:${userId(EMAIL)}:${documentId}`
	].sort();
	await expect.poll(() => localCopies(page)).toEqual(own);
	// The session ends without signing out (as when it expires), the edit only on this device.
	await page.close();
	await context.clearCookies();
	await context.setOffline(false);

	// The next person on this browser opens the same document: not a trace of Karim's edit.
	const next = await context.newPage();
	await signInHere(next, NEXT_EMAIL);
	await openDocument(next, documentId);
	await expect(editorOf(next)).not.toContainText(unsentText);
	// Signing out neither asks nor names Karim's document, and leaves his copy for him.
	await signOutButton(next).click();
	await expect(next).toHaveURL(/\/connexion$/);
	await expect(next.getByRole('alertdialog')).toHaveCount(0);
	expect(await localCopies(next)).toEqual(own);

	// Karim, back on this browser, gets his edit: it is sent, and the note goes.
	await signInHere(next, EMAIL);
	await openDocument(next, documentId);
	await expect(editorOf(next)).toContainText(unsentText);
	await expect(saveStatus(next)).toHaveText(/Enregistré/, { timeout: 20_000 });
	await expect
		.poll(() => localCopies(next))
		.not.toContain(`trame-unsent:${userId(EMAIL)}:${documentId}`);
	await context.close();
});
