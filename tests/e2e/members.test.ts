/**
 * The members page as a coordinator uses it, and what a person gets for a link they cannot open:
 * the last coordinator cannot be demoted or removed (and is told why); someone with an account is
 * added at once and told in their inbox; an address invited twice keeps one invitation (its old
 * link stops working), which can get a new link; removing someone asks first; a link to
 * something one cannot read answers the same 404 whether it exists or not, naming the
 * coordinators only to someone invited to the experiment.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Page } from '@playwright/test';
import { scratchExperiment, superuser, userId, type ScratchExperiment } from './collab-node';
import { expect, signIn, test } from './support';

let scratch: ScratchExperiment;

test.beforeAll(async () => {
	scratch = await scratchExperiment(
		'Conseil citoyen des Hauts de Brenne',
		'coordination@trame.demo',
		['evaluation@trame.demo']
	);
});

test.afterAll(async () => {
	await scratch?.dispose();
});

async function invite(page: Page, email: string, role: string) {
	await page.getByLabel('Adresse e-mail').fill(email);
	await page.getByLabel('Rôle', { exact: true }).selectOption({ label: role });
	await page.getByRole('button', { name: 'Inviter', exact: true }).click();
}

test('a coordinator adds, invites, renews and removes; the last coordinator stays', async ({
	browser,
	baseURL
}) => {
	const camille = await signIn(browser, 'coordination@trame.demo');
	const page = camille.page;
	await page.goto(`/experiences/${scratch.id}/membres`);
	const members = page.getByRole('region', { name: 'Membres', exact: true });

	// The last coordinator: role and removal disabled, with the reason next to them.
	const me = members.getByRole('listitem').filter({ hasText: 'Camille Rousseau (vous)' });
	await expect(me.getByRole('combobox')).toBeDisabled();
	await expect(me.getByRole('button', { name: 'Changer le rôle' })).toBeDisabled();
	await expect(me.getByRole('button', { name: /Retirer Camille Rousseau/ })).toBeDisabled();
	await expect(me).toContainText('Dernier·e coordinateur·rice');
	await expect(me.getByRole('combobox')).toHaveAccessibleDescription(/Dernier·e coordinateur·rice/);

	// Paul already has an account: added at once, with the role, no link.
	await invite(page, 'externe@trame.demo', 'Partenaire');
	await expect(page.getByRole('status').filter({ hasText: 'avait déjà un compte' })).toContainText(
		'Paul Girard'
	);
	await expect(members).toContainText('Paul Girard');
	await expect(page.getByLabel('Lien d’invitation', { exact: true })).toHaveCount(0);
	const paul = await signIn(browser, 'externe@trame.demo');
	await paul.page.goto('/notifications');
	await expect(
		paul.page.getByRole('link', { name: 'Camille Rousseau vous a invité·e' }).first()
	).toHaveAttribute('href', `/experiences/${scratch.id}`);
	await paul.context.close();

	// A new address, invited twice: one invitation, with the second role and a new link.
	const email = `double.${Date.now()}@exemple.test`;
	await invite(page, email, 'Observateur·rice');
	const first = await page.getByLabel('Lien d’invitation', { exact: true }).inputValue();
	await invite(page, email, 'Partenaire');
	await expect(page.getByRole('status').filter({ hasText: 'déjà en attente' })).toBeVisible();
	const second = await page.getByLabel('Lien d’invitation', { exact: true }).inputValue();
	expect(second).not.toBe(first);
	const pending = page.getByRole('region', { name: 'Invitations en attente' });
	await expect(pending.getByRole('listitem').filter({ hasText: email })).toHaveCount(1);
	await expect(pending.getByRole('listitem').filter({ hasText: email })).toContainText(
		'Partenaire'
	);

	// A new link for it, to copy again; the previous one no longer works.
	await pending
		.getByRole('button', {
			name: `Créer un nouveau lien d’invitation pour ${email} (l’ancien ne fonctionnera plus)`
		})
		.click();
	const renewedField = pending.getByLabel('Lien d’invitation', { exact: true });
	await expect(renewedField).toHaveValue(/\/invitation\/[A-Za-z0-9_-]{43}$/);
	const third = await renewedField.inputValue();
	expect(third).not.toBe(second);
	await camille.context.grantPermissions(['clipboard-read', 'clipboard-write'], {
		origin: baseURL!
	});
	await pending.getByRole('button', { name: 'Copier le lien' }).click();
	expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(third);
	const visitor = await browser.newContext();
	const tab = await visitor.newPage();
	for (const old of [first, second]) {
		await tab.goto(new URL(old).pathname);
		await expect(tab.getByRole('alert')).toContainText('n’est pas valide');
	}
	await tab.goto(new URL(third).pathname);
	await expect(
		tab.getByRole('heading', { name: `Créez votre compte pour ${email}` })
	).toBeVisible();
	await visitor.close();

	// Removing someone asks first, and says what happens; cancelling changes nothing.
	const karim = members.getByRole('listitem').filter({ hasText: 'Karim Benali' });
	await karim.getByRole('button', { name: 'Retirer Karim Benali de l’expérimentation' }).click();
	const dialog = page.getByRole('alertdialog', {
		name: 'Retirer Karim Benali de l’expérimentation ?'
	});
	await expect(dialog).toContainText('n’aura plus accès');
	await expect(dialog.getByRole('button', { name: 'Annuler' })).toBeFocused();
	await page.keyboard.press('Escape');
	await expect(dialog).toBeHidden();
	await expect(karim).toBeVisible();
	await karim.getByRole('button', { name: 'Retirer Karim Benali de l’expérimentation' }).click();
	await dialog.getByRole('button', { name: 'Retirer de l’expérimentation' }).click();
	await expect(members).not.toContainText('Karim Benali');
	await camille.context.close();
});

test('a link one cannot open: the same 404 whether it exists or not; coordinators named only to an invitee', async ({
	browser,
	browserErrors
}) => {
	// Chromium logs every 404 document as a console error.
	browserErrors.allow(/status of 404/);
	const documentId = await scratch.newDocument('Charte du conseil citoyen');
	const missing = 'zzzzzzzzzzzzzzz';
	const hélène = await signIn(browser, 'elue@trame.demo');
	const texts: string[] = [];
	for (const path of [
		`/documents/${documentId}`,
		`/documents/${missing}`,
		`/experiences/${scratch.id}`,
		`/experiences/${missing}`
	]) {
		const response = await hélène.page.goto(path);
		expect(response?.status(), path).toBe(404);
		await expect(hélène.page.getByRole('heading', { level: 1 })).toHaveText(
			'Page introuvable ou inaccessible'
		);
		await expect(hélène.page.getByText('demandez-lui de vous inviter')).toBeVisible();
		await expect(hélène.page.getByTestId('ask-coordinators')).toHaveCount(0);
		texts.push(await hélène.page.locator('main').innerText());
	}
	// Nothing on the page tells an existing document or experiment from a missing one.
	expect(new Set(texts).size).toBe(1);

	// Invited to the experiment (not accepted yet): told so, and who coordinates it.
	const admin = await superuser();
	await admin.collection('invitations').create({
		experiment: scratch.id,
		email: 'elue@trame.demo',
		role: 'elected',
		token_hash: createHash('sha256').update(randomBytes(32).toString('base64url')).digest('hex'),
		expires: new Date(Date.now() + 86_400_000).toISOString().replace('T', ' '),
		invited_by: userId('coordination@trame.demo')
	});
	const response = await hélène.page.goto(`/documents/${documentId}`);
	expect(response?.status()).toBe(404);
	await expect(hélène.page.getByTestId('ask-coordinators')).toHaveText(
		'Pour y accéder, demandez à la coordination de l’expérimentation : Camille Rousseau.'
	);
	await expect(
		hélène.page.getByText('Une invitation à cette expérimentation attend')
	).toBeVisible();
	await hélène.context.close();
});
