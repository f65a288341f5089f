/**
 * Session expired mid-edit: a member's session is invalidated server-side (their password is
 * changed through PocketBase's API, which rotates their token key), and their socket reconnects.
 * The editor says so in French with a sign-in link, keeps accepting typing (kept in IndexedDB),
 * and once they sign in again with the new password their edits reach another member exactly once.
 * The member is a fresh account (the demo accounts' passwords are shared by every other test).
 */
import { randomBytes } from 'node:crypto';
import type { Page } from '@playwright/test';
import { scratchExperiment, superuser, type ScratchExperiment } from './collab-node';
import { editorOf, expect, saveStatus, signIn, test, typeAtEnd } from './support';

const OWNER_EMAIL = 'coordination@trame.demo';
const OTHER_EMAIL = 'evaluation@trame.demo';
const FIRST_PASSWORD = 'premier-mot-de-passe-123';
const NEW_PASSWORD = 'nouveau-mot-de-passe-456';

let scratch: ScratchExperiment;
let member: { id: string; email: string };

test.beforeAll(async () => {
	scratch = await scratchExperiment('Expérimentation session expirée', OWNER_EMAIL, [OTHER_EMAIL]);
	const admin = await superuser();
	const email = `expiration.${randomBytes(4).toString('hex')}@trame.test`;
	const record = await admin.collection('users').create({
		email,
		password: FIRST_PASSWORD,
		passwordConfirm: FIRST_PASSWORD,
		name: 'Inès Expiration',
		locale: 'fr',
		verified: true
	});
	member = { id: record.id, email };
	await admin
		.collection('memberships')
		.create({ experiment: scratch.id, user: member.id, role: 'evaluator' });
});

test.afterAll(async () => {
	await scratch?.dispose();
	if (member) await (await superuser()).collection('users').delete(member.id);
});

/** Fills and submits the sign-in form on the current page until it leaves /connexion. */
async function submitSignIn(page: Page, email: string, password: string): Promise<void> {
	await expect(async () => {
		await page.getByLabel('Adresse e-mail').fill(email);
		await page.getByLabel('Mot de passe').fill(password);
		await page.getByRole('button', { name: 'Se connecter' }).click();
		await expect(page).not.toHaveURL(/\/connexion/, { timeout: 3_000 });
	}).toPass({ timeout: 20_000 });
}

async function expectOnce(page: Page, texts: string[]): Promise<void> {
	const editor = editorOf(page);
	for (const text of texts) await expect(editor).toContainText(text);
	const content = await editor.innerText();
	for (const text of texts) expect(content.split(text).length - 1, text).toBe(1);
}

test('an expired session keeps local edits and sends them once after signing in again', async ({
	browser
}) => {
	const documentId = await scratch.newDocument('Protocole session expirée');
	const path = `/documents/${documentId}`;

	const context = await browser.newContext();
	const page = await context.newPage();
	await page.goto(`/connexion?redirectTo=${encodeURIComponent(path)}`);
	await submitSignIn(page, member.email, FIRST_PASSWORD);
	await expect(page).toHaveURL(new RegExp(`${path}$`));
	const other = await signIn(browser, OTHER_EMAIL);
	await other.page.goto(path);
	await expect(saveStatus(page)).toHaveText(/Enregistré/);
	await expect(saveStatus(other.page)).toHaveText(/Enregistré/);

	const before = 'Écrit avant l’expiration.';
	await typeAtEnd(page, before);
	await expect(editorOf(other.page)).toContainText(before);
	await expect(saveStatus(page)).toHaveText(/Enregistré/);

	// Invalidate the session server-side: a new password rotates the account's token key.
	const admin = await superuser();
	await admin
		.collection('users')
		.update(member.id, { password: NEW_PASSWORD, passwordConfirm: NEW_PASSWORD });

	// The open socket stays up (the periodic re-check looks at membership, not at the token):
	// make it reconnect, with the now invalid cookie.
	await context.setOffline(true);
	await expect(saveStatus(page)).toHaveText(/Hors ligne/);
	await context.setOffline(false);

	const alert = page.getByRole('alert').filter({ hasText: 'Votre session a expiré' });
	await expect(alert).toHaveText(
		/Votre session a expiré\. Vos modifications sont conservées sur cet appareil ; reconnectez-vous pour les envoyer\./
	);
	const relink = alert.getByRole('link', { name: 'Se reconnecter' });
	await expect(relink).toBeVisible();
	await expect(editorOf(page)).toHaveAttribute('contenteditable', 'true');

	const after = ['Écrit après l’expiration, premier.', 'Écrit après l’expiration, second.'];
	for (const text of after) await typeAtEnd(page, text);
	await expect(saveStatus(page)).toHaveText(/Hors ligne/);
	// Noted as this person's unsent edits, in their own copy (no other account sees them).
	await expect
		.poll(() => page.evaluate(() => Object.keys(localStorage)))
		.toContain(`trame-unsent:${member.id}:${documentId}`);
	await page.screenshot({ path: test.info().outputPath('session-expiree.png') });
	// Nothing leaves the browser without a session.
	await page.waitForTimeout(1_000);
	await expect(editorOf(other.page)).not.toContainText(after[0]!);

	// Same tab: the link leads to the sign-in page, which says why, and back to the document.
	await relink.click();
	await expect(page).toHaveURL(/\/connexion\?raison=session/);
	await expect(page.getByText(/Votre session a expiré\. Connectez-vous à nouveau/)).toBeVisible();
	await submitSignIn(page, member.email, NEW_PASSWORD);
	await expect(page).toHaveURL(new RegExp(`${path}$`));

	const all = [before, ...after];
	await expect(saveStatus(page)).toHaveText(/Enregistré/, { timeout: 20_000 });
	await expect(page.getByRole('alert').filter({ hasText: 'Votre session a expiré' })).toHaveCount(
		0
	);
	await expectOnce(page, all);
	await expectOnce(other.page, all);
	// And from the server, for a newcomer.
	await other.page.reload();
	await expectOnce(other.page, all);

	await context.close();
	await other.context.close();
});
