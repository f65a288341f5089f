/**
 * Accounts in Chromium, on a stack of their own (PocketBase, Mailpit, a real OpenID provider and
 * the production server with SMTP and single sign-on configured): forgotten password through the
 * mail read from the SMTP server, single sign-on creating then linking accounts (and refused,
 * unverified, invited), the personal-data ZIP, deletion leaving the register intact; axe on the
 * new pages; screenshots at 390 and 1440 px in French and English (test-results/accounts/).
 */
import AxeBuilder from '@axe-core/playwright';
import type { BrowserContext, Page } from '@playwright/test';
import { expect, test } from './support';
import { strFromU8, unzipSync } from 'fflate';
import { readFileSync } from 'node:fs';
import { createHash, randomBytes } from 'node:crypto';
import { startAccountsStack, type AccountsStack } from '../support/accounts-stack';
import { linkIn } from '../support/mailpit';

const PASSWORD = 'Mot-de-passe-initial-1';
let stack: AccountsStack;

const SSO_ACCOUNTS = {
	'agent.nouveau': {
		email: 'nadia.martin@mairie-test.fr',
		given_name: 'Nadia',
		usual_name: 'Martin',
		siret: '21730065600014'
	},
	'agent.existant': {
		email: 'sophie.existante@mairie-test.fr',
		given_name: 'Sophie',
		usual_name: 'Existante',
		siret: '21730065600014'
	},
	'agent.non.verifie': {
		email: 'paul.nonverifie@mairie-test.fr',
		email_verified: false,
		given_name: 'Paul',
		usual_name: 'Nonvérifié'
	},
	'agent.autre': {
		email: 'claire.autre@mairie-test.fr',
		given_name: 'Claire',
		usual_name: 'Autre'
	},
	'agent.invite': {
		email: 'ines.invitee@mairie-test.fr',
		given_name: 'Inès',
		usual_name: 'Invitée',
		siret: '21730065600014'
	}
};

test.beforeAll(async () => {
	stack = await startAccountsStack({ sso: SSO_ACCOUNTS });
});

test.afterAll(async () => {
	await stack?.stop();
});

/** A context on the accounts stack that records page and console errors. */
async function newContext(
	browser: import('@playwright/test').Browser,
	options: { locale?: string; viewport?: { width: number; height: number } } = {}
) {
	const context = await browser.newContext({
		baseURL: stack.origin,
		locale: options.locale ?? 'fr-FR',
		viewport: options.viewport,
		acceptDownloads: true
	});
	// The provider's development pages import a web font; nothing leaves this machine.
	await context.route(/fonts\.googleapis\.com/, (route) =>
		route.fulfill({ status: 200, contentType: 'text/css', body: '' })
	);
	const errors: string[] = [];
	context.on('page', (page) => watch(page, errors));
	return { context, errors };
}

function watch(page: Page, errors: string[]) {
	page.on('console', (message) => {
		if (message.type() === 'error') errors.push(`${page.url()}: ${message.text()}`);
	});
	page.on('pageerror', (error) => errors.push(`${page.url()}: ${error.message}`));
}

async function signIn(page: Page, email: string, password: string) {
	await page.goto('/connexion');
	await expect(async () => {
		await page.getByLabel('Adresse e-mail').fill(email);
		await page.getByLabel('Mot de passe', { exact: true }).fill(password);
		await page.getByRole('button', { name: 'Se connecter' }).click();
		await expect(page).not.toHaveURL(/\/connexion/, { timeout: 3_000 });
	}).toPass({ timeout: 20_000 });
}

async function newUser(name: string, email: string) {
	const record = await stack.pb.createUser({ email, password: PASSWORD, name });
	return { id: record.id, email, name };
}

async function expectNoViolations(page: Page, state: string) {
	for (const colorScheme of ['light', 'dark'] as const) {
		await page.emulateMedia({ colorScheme });
		const results = await new AxeBuilder({ page })
			.withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'])
			.analyze();
		const summary = results.violations.map(
			(v) =>
				`${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`
		);
		expect.soft(summary, `${state} [${colorScheme}]`).toEqual([]);
	}
	await page.emulateMedia({ colorScheme: 'light' });
}

/** Signs in at the provider's development pages (any password) and consents. */
async function signInAtProvider(page: Page, login: string) {
	await expect(page).toHaveURL(new RegExp(`^${stack.oidc!.issuer}/interaction/`));
	await page.locator('input[name="login"]').fill(login);
	await page.locator('input[name="password"]').fill('mot-de-passe-du-fournisseur');
	await page.getByRole('button', { name: 'Sign-in' }).click();
	await page.getByRole('button', { name: 'Continue' }).click();
}

async function startSso(page: Page) {
	await page.goto('/connexion');
	await page.getByRole('link', { name: 'S’identifier avec ProConnect' }).click();
}

test('forgotten password: the mail read from the SMTP server gives a new password that works, old sessions are refused', async ({
	browser
}) => {
	const user = await newUser('Lucie Oubli', 'lucie.oubli@trame.test');
	const elsewhere = await newContext(browser);
	const oldPage = await elsewhere.context.newPage();
	await signIn(oldPage, user.email, PASSWORD);

	const { context, errors } = await newContext(browser);
	const page = await context.newPage();
	await page.goto('/connexion');
	await page.getByRole('link', { name: 'Mot de passe oublié ?' }).click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Mot de passe oublié');
	await expectNoViolations(page, 'forgotten password');
	await page.getByLabel('Adresse e-mail').fill(user.email);
	await page.getByRole('button', { name: 'Envoyer le lien' }).click();
	await expect(page.getByRole('status')).toContainText(`Si un compte existe pour ${user.email}`);
	await expectNoViolations(page, 'forgotten password sent');

	const mail = await stack.mail.waitFor(user.email);
	await page.goto(linkIn(mail, stack.origin));
	await expect(page.getByRole('heading', { level: 1 })).toHaveText(
		'Choisir un nouveau mot de passe'
	);
	await expectNoViolations(page, 'new password');
	await page.getByLabel('Nouveau mot de passe', { exact: true }).fill('Nouveau-mot-de-passe-2');
	await page.getByLabel('Confirmer le nouveau mot de passe').fill('Autre-chose-9999');
	await page.getByRole('button', { name: 'Enregistrer le nouveau mot de passe' }).click();
	await expect(page.getByText('Les deux mots de passe ne sont pas identiques.')).toBeVisible();
	await page.getByLabel('Nouveau mot de passe', { exact: true }).fill('Nouveau-mot-de-passe-2');
	await page.getByLabel('Confirmer le nouveau mot de passe').fill('Nouveau-mot-de-passe-2');
	await page.getByRole('button', { name: 'Enregistrer le nouveau mot de passe' }).click();
	await expect(page.getByRole('status')).toContainText('Votre mot de passe a été changé');

	await signIn(page, user.email, 'Nouveau-mot-de-passe-2');
	await expect(page.getByText('Connecté·e : Lucie Oubli')).toBeVisible();

	// The browser that was signed in before the reset is sent to the sign-in page.
	await oldPage.goto('/compte');
	await expect(oldPage).toHaveURL(/\/connexion\?redirectTo=%2Fcompte/);

	// The link served once.
	await page.goto(linkIn(mail, stack.origin));
	await page.getByLabel('Nouveau mot de passe', { exact: true }).fill('Troisieme-mot-de-passe');
	await page.getByLabel('Confirmer le nouveau mot de passe').fill('Troisieme-mot-de-passe');
	await page.getByRole('button', { name: 'Enregistrer le nouveau mot de passe' }).click();
	await expect(page.getByRole('alert')).toContainText('Ce lien n’est plus valable');
	await expectNoViolations(page, 'used reset link');
	expect(errors).toEqual([]);
	await context.close();
	await elsewhere.context.close();
});

test('single sign-on: a new agent gets an account, an existing verified account is linked, never duplicated', async ({
	browser
}) => {
	const { context, errors } = await newContext(browser);
	const page = await context.newPage();
	await page.goto('/connexion');
	await expectNoViolations(page, 'sign-in with single sign-on');
	await startSso(page);
	await signInAtProvider(page, 'agent.nouveau');
	await expect(page.getByText('Connecté·e : Nadia Martin')).toBeVisible();
	const created = await stack.pb.admin
		.collection('users')
		.getFirstListItem(stack.pb.admin.filter('email = {:e}', { e: 'nadia.martin@mairie-test.fr' }));
	expect(created).toMatchObject({ name: 'Nadia Martin', siret: '21730065600014', verified: true });
	await page.goto('/compte');
	await expect(page.getByText('Votre compte est relié à ProConnect')).toBeVisible();
	await expect(page.getByText('21730065600014')).toBeVisible();
	await context.close();

	// An account created with a password earlier (verified address) is linked, not duplicated.
	const existing = await newUser('Sophie Existante', 'sophie.existante@mairie-test.fr');
	const second = await newContext(browser);
	const page2 = await second.context.newPage();
	await startSso(page2);
	await signInAtProvider(page2, 'agent.existant');
	await expect(page2.getByText('Connecté·e : Sophie Existante')).toBeVisible();
	const same = await stack.pb.admin.collection('users').getFullList({
		filter: stack.pb.admin.filter('email = {:e}', { e: existing.email })
	});
	expect(same.map((u) => u.id)).toEqual([existing.id]);
	const links = await stack.pb.admin
		.collection('_externalAuths')
		.getFullList({ filter: stack.pb.admin.filter('recordRef = {:id}', { id: existing.id }) });
	expect(links).toEqual([
		expect.objectContaining({ provider: 'oidc', providerId: 'agent.existant' })
	]);
	// Her password still works: linking adds a way in, it takes none away.
	await page2.goto('/compte');
	await page2.getByRole('button', { name: 'Se déconnecter de tous les appareils' }).click();
	// The sign-out posts once this browser's copies are erased (SignOutForm): wait for it.
	await expect(page2).toHaveURL(/\/connexion/);
	await signIn(page2, existing.email, PASSWORD);
	// Signing in again by single sign-on finds the same account through the link.
	await page2
		.getByRole('button', { name: /Se déconnecter/ })
		.first()
		.click();
	await expect(page2).toHaveURL(/\/connexion/);
	await startSso(page2);
	await expect(page2.getByText('Connecté·e : Sophie Existante')).toBeVisible();
	expect(
		await stack.pb.admin.collection('users').getFullList({
			filter: stack.pb.admin.filter('email = {:e}', { e: existing.email })
		})
	).toHaveLength(1);
	expect([...errors, ...second.errors]).toEqual([]);
	await second.context.close();

	// Signed in as someone else, a single sign-on switches to the agent's own account: it never
	// links the agent's identity to whoever was signed in on that browser.
	const theo = await newUser('Théo Autre', 'theo.autre@trame.test');
	const third = await newContext(browser);
	const page3 = await third.context.newPage();
	await signIn(page3, theo.email, PASSWORD);
	await page3.goto('/connexion/sso');
	await signInAtProvider(page3, 'agent.autre');
	await expect(page3.getByText('Connecté·e : Claire Autre')).toBeVisible();
	expect(
		await stack.pb.admin
			.collection('_externalAuths')
			.getFullList({ filter: stack.pb.admin.filter('recordRef = {:id}', { id: theo.id }) })
	).toEqual([]);
	expect(third.errors).toEqual([]);
	await third.context.close();
});

test('single sign-on: a refused sign-in and an unverified address leave no account', async ({
	browser
}) => {
	const { context, errors } = await newContext(browser);
	const page = await context.newPage();
	await startSso(page);
	await expect(page).toHaveURL(new RegExp(`^${stack.oidc!.issuer}/interaction/`));
	await page.getByRole('link', { name: '[ Cancel ]' }).click();
	await expect(page).toHaveURL(/\/connexion\?sso=refused$/);
	await expect(page.getByRole('alert')).toContainText(
		'La connexion avec ProConnect a été annulée ou refusée.'
	);

	await startSso(page);
	await signInAtProvider(page, 'agent.non.verifie');
	await expect(page).toHaveURL(/\/connexion\?sso=unverified$/);
	await expect(page.getByRole('alert')).toContainText(
		'ProConnect n’a pas confirmé votre adresse e-mail'
	);
	await expectNoViolations(page, 'sign-in refused (unverified address)');
	const none = await stack.pb.admin.collection('users').getFullList({
		filter: stack.pb.admin.filter('email = {:e}', { e: 'paul.nonverifie@mairie-test.fr' })
	});
	expect(none).toEqual([]);

	// A callback that was not started here (forged state) signs nobody in.
	await page.goto('/connexion/sso/retour?code=forged&state=forged');
	await expect(page).toHaveURL(/\/connexion\?sso=expired$/);
	expect(errors).toEqual([]);
	await context.close();
});

test('single sign-on from an invitation lands in the experiment', async ({ browser }) => {
	const coordinator = await newUser('Camille Coord', 'camille.coord@trame.test');
	const experiment = await stack.pb.createExperiment(coordinator.id, { title: 'Jury citoyen' });
	const token = randomBytes(32).toString('base64url');
	await stack.pb.admin.collection('invitations').create({
		experiment: experiment.id,
		email: 'ines.invitee@mairie-test.fr',
		role: 'project_lead',
		token_hash: createHash('sha256').update(token).digest('hex'),
		expires: new Date(Date.now() + 86_400_000).toISOString().replace('T', ' '),
		invited_by: coordinator.id
	});
	const { context, errors } = await newContext(browser);
	const page = await context.newPage();
	await page.goto(`/invitation/${token}`);
	await expectNoViolations(page, 'invitation with single sign-on');
	await page.getByRole('link', { name: 'S’identifier avec ProConnect' }).click();
	await signInAtProvider(page, 'agent.invite');
	await expect(page).toHaveURL(new RegExp(`/experiences/${experiment.id}$`));
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Jury citoyen');
	const membership = await stack.pb.admin
		.collection('memberships')
		.getFirstListItem(
			stack.pb.admin.filter('experiment = {:e}', { e: experiment.id }) + " && role = 'project_lead'"
		);
	expect(membership.role).toBe('project_lead');
	expect(errors).toEqual([]);
	await context.close();
});

test('my data: the ZIP downloaded from the account page holds my profile and comments', async ({
	browser
}) => {
	const user = await newUser('Marc Export', 'marc.export@trame.test');
	const experiment = await stack.pb.createExperiment(user.id, { title: 'Budget des jeunes' });
	const document = await stack.pb.admin
		.collection('documents')
		.create({ experiment: experiment.id, kind: 'libre', title: 'Notes', created_by: user.id });
	await stack.pb.admin.collection('review_threads').create({
		document: document.id,
		author: user.id,
		kind: 'comment',
		anchor: { from: {}, to: {} },
		quote: 'un passage',
		status: 'open'
	});
	const { context, errors } = await newContext(browser);
	const page = await context.newPage();
	await signIn(page, user.email, PASSWORD);
	await page.getByRole('link', { name: 'Mon compte' }).click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Mon compte');
	await expectNoViolations(page, 'account page');
	const [download] = await Promise.all([
		page.waitForEvent('download'),
		page.getByRole('link', { name: 'Télécharger mes données (ZIP)' }).click()
	]);
	expect(download.suggestedFilename()).toMatch(/^trame-mes-donnees-\d{4}-\d{2}-\d{2}\.zip$/);
	const files = unzipSync(new Uint8Array(readFileSync(await download.path())));
	expect(JSON.parse(strFromU8(files['profil.json']!))).toMatchObject({
		email: user.email,
		name: 'Marc Export'
	});
	expect(JSON.parse(strFromU8(files['commentaires.json']!)).threads).toEqual([
		expect.objectContaining({ quote: 'un passage', documentTitle: 'Notes' })
	]);
	expect(JSON.parse(strFromU8(files['adhesions.json']!))).toEqual([
		expect.objectContaining({ experimentTitle: 'Budget des jeunes', role: 'coordinator' })
	]);

	// Profile: name and language, kept across devices.
	await page.getByLabel('Nom affiché').fill('Marc Exporté');
	await page.getByLabel('Langue de l’interface et des e-mails').selectOption('en');
	await page.getByRole('button', { name: 'Enregistrer le profil' }).click();
	// Saved in English, so answered in English.
	await expect(page.getByRole('status')).toContainText('Profile saved.');
	await page.reload();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('My account');
	await expect(page.getByText('Signed in: Marc Exporté')).toBeVisible();
	expect(errors).toEqual([]);
	await context.close();
});

test('deleting my account: the last coordinator hands over first, the register keeps the names', async ({
	browser
}) => {
	const user = await newUser('Jules Départ', 'jules.depart@trame.test');
	const colleague = await newUser('Karima Reste', 'karima.reste@trame.test');
	const { admin } = stack.pb;
	const experiment = await stack.pb.createExperiment(user.id, { title: 'Conseil de quartier' });
	const colleagueMembership = await stack.pb.addMember(experiment.id, colleague.id, 'evaluator');
	const round = await admin.collection('rounds').create({
		experiment: experiment.id,
		kind: 'consent',
		title: 'Charte du conseil',
		state: { closedAt: null },
		phase: 'objections',
		closed: false,
		revision: 0,
		created_by: user.id
	});
	await admin.collection('rounds').update(round.id, {
		phase: 'decided',
		closed: true,
		revision: 1,
		state: { closedAt: '2026-02-01T10:00:00Z' }
	});
	await admin.collection('decisions').create({
		experiment: experiment.id,
		round: round.id,
		kind: 'consent',
		outcome: 'adopted',
		title: 'Charte du conseil',
		text: 'La charte est adoptée.',
		decided_at: '2026-02-01 10:00:00.000Z',
		present: [
			{ id: user.id, name: 'Jules Départ' },
			{ id: colleague.id, name: 'Karima Reste' }
		],
		facilitator: user.id
	});

	const { context, errors } = await newContext(browser);
	const page = await context.newPage();
	await signIn(page, user.email, PASSWORD);
	await page.goto('/compte');
	await page.getByRole('link', { name: 'Comprendre et supprimer mon compte' }).click();
	await expect(page.getByRole('alert')).toContainText('Vous êtes le seul coordinateur');
	await expect(page.getByRole('link', { name: 'Conseil de quartier' })).toBeVisible();
	await expectNoViolations(page, 'delete account (blocked)');

	await admin.collection('memberships').update(colleagueMembership.id, { role: 'coordinator' });
	await page.reload();
	await expectNoViolations(page, 'delete account');
	await page.getByLabel(/Pour confirmer, saisissez votre adresse/).fill('pas.moi@trame.test');
	await page.getByRole('button', { name: 'Supprimer définitivement mon compte' }).click();
	await expect(page.getByText('Ce n’est pas l’adresse de votre compte.')).toBeVisible();
	await page.getByLabel(/Pour confirmer, saisissez votre adresse/).fill(user.email);
	await page.getByRole('button', { name: 'Supprimer définitivement mon compte' }).click();
	await expect(page.getByRole('status')).toContainText('Votre compte a été supprimé.');
	await expect(admin.collection('users').getOne(user.id)).rejects.toMatchObject({ status: 404 });

	// The register, read by the remaining coordinator, keeps the names of that decision.
	await signIn(page, colleague.email, PASSWORD);
	await page.goto(`/experiences/${experiment.id}/decisions`);
	await expect(page.getByText('Charte du conseil').first()).toBeVisible();
	await expect(page.getByText('Jules Départ, Karima Reste')).toBeVisible();
	expect(errors).toEqual([]);
	await context.close();
});

test('account pages at 390 and 1440 px, in French and English, keyboard usable', async ({
	browser
}) => {
	const user = await newUser('Zoé Écran', 'zoe.ecran@trame.test');
	for (const locale of ['fr-FR', 'en-GB']) {
		for (const width of [390, 1440]) {
			const { context, errors } = await newContext(browser, {
				locale,
				viewport: { width, height: 900 }
			});
			const page = await context.newPage();
			const lang = locale.slice(0, 2);
			await setLanguage(context, lang);
			// Signing in sets the account's language: make it this round's.
			await stack.pb.admin.collection('users').update(user.id, { locale: lang });
			for (const [name, path] of [
				['connexion', '/connexion'],
				['mot-de-passe-oublie', '/mot-de-passe-oublie'],
				['donnees-personnelles', '/donnees-personnelles']
			] as const) {
				await page.goto(path);
				await expectNoHorizontalScroll(page);
				await page.screenshot({
					path: `test-results/accounts/${name}-${lang}-${width}.png`,
					fullPage: true
				});
			}
			await signInAs(page, user.email, lang);
			for (const [name, path] of [
				['compte', '/compte'],
				['compte-supprimer', '/compte/supprimer']
			] as const) {
				await page.goto(path);
				await expectNoHorizontalScroll(page);
				await page.screenshot({
					path: `test-results/accounts/${name}-${lang}-${width}.png`,
					fullPage: true
				});
			}
			expect(errors).toEqual([]);
			await context.close();
		}
	}

	// Keyboard only: from the sign-in page to the forgotten-password form and its answer.
	const { context } = await newContext(browser);
	const page = await context.newPage();
	await page.goto('/donnees-personnelles');
	await expectNoViolations(page, 'personal data page');
	// The email-change confirmation page, with a link still in date (PocketBase checks it on submit).
	const claims = {
		type: 'emailChange',
		newEmail: 'zoe.nouvelle@trame.test',
		exp: Math.floor(Date.now() / 1000) + 600
	};
	const unsigned = ['{"alg":"HS256"}', JSON.stringify(claims), 'signature']
		.map((part, i) => (i < 2 ? Buffer.from(part).toString('base64url') : part))
		.join('.');
	await page.goto(`/compte/adresse/${unsigned}`);
	await expect(page.getByText('Pour utiliser zoe.nouvelle@trame.test sur Trame')).toBeVisible();
	await expectNoViolations(page, 'confirm a new address');
	await page.getByLabel('Mot de passe actuel').fill('pas-le-bon-mot-de-passe');
	await page.getByRole('button', { name: 'Confirmer l’adresse' }).click();
	await expect(page.getByRole('alert')).toContainText('Ce lien n’est plus valable');
	await page.goto('/connexion');
	await page.getByLabel('Mot de passe', { exact: true }).focus();
	await page.keyboard.press('Tab');
	await expect(page.getByRole('link', { name: 'Mot de passe oublié ?' })).toBeFocused();
	await page.keyboard.press('Enter');
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Mot de passe oublié');
	await page.getByLabel('Adresse e-mail').focus();
	await page.keyboard.type('clavier@trame.test');
	await page.keyboard.press('Enter');
	await expect(page.getByRole('status')).toContainText(
		'Si un compte existe pour clavier@trame.test'
	);
	await context.close();
});

async function setLanguage(context: BrowserContext, lang: string) {
	await context.addCookies([{ name: 'PARAGLIDE_LOCALE', value: lang, url: stack.origin }]);
}

async function signInAs(page: Page, email: string, lang: string) {
	await page.goto('/connexion');
	await expect(async () => {
		await page.getByLabel(lang === 'fr' ? 'Adresse e-mail' : 'Email address').fill(email);
		await page
			.getByLabel(lang === 'fr' ? 'Mot de passe' : 'Password', { exact: true })
			.fill(PASSWORD);
		await page
			.getByRole('button', { name: lang === 'fr' ? 'Se connecter' : 'Sign in', exact: true })
			.click();
		await expect(page).not.toHaveURL(/\/connexion/, { timeout: 3_000 });
	}).toPass({ timeout: 20_000 });
}

async function expectNoHorizontalScroll(page: Page) {
	const overflow = await page.evaluate(
		() => document.documentElement.scrollWidth - document.documentElement.clientWidth
	);
	expect(overflow, `${page.url()} scrolls sideways`).toBeLessThanOrEqual(0);
}
