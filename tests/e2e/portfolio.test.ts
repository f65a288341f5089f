/**
 * The portfolio at a glance (issue 17): the head of the Labo opens it from the organisation page
 * and sees both demo experiments counted; the territory filter (in the URL) narrows it; each
 * chart's table lists the same numbers as its marks; a mark leads to what it counts. An evaluator
 * (a plain member of the Labo) is refused in French. Axe 0 light and dark; screenshots at 390,
 * 768 and 1440 px, French and English.
 */
import PocketBase from 'pocketbase';
import type { Locator, Page } from '@playwright/test';
import { DEMO_EXPERIMENT, DEMO_SECOND_EXPERIMENT } from '../../scripts/demo-data';
import { createDocumentState } from '../../src/lib/editor/template-state';
import { EDITOR_SCHEMA_VERSION } from '../../src/lib/editor/schema-version';
import { addSnapshotRow } from '../../server/storage/doc-rows';
import { newRecordId } from '../../src/lib/server/documents';
import type { ProseMirrorJSON } from '../../src/lib/domain/templates/protocol';
import { expect, expectNoViolations, seed, signIn, test } from './support';

const FIRST = DEMO_EXPERIMENT.title;
const SECOND = DEMO_SECOND_EXPERIMENT.fields.title;
const LABO = "Labo d'innovation démocratique";

async function superuser(): Promise<PocketBase> {
	const credentials = JSON.parse(process.env.TRAME_E2E_SUPERUSER ?? '{}') as {
		email: string;
		password: string;
	};
	const admin = new PocketBase(process.env.TRAME_E2E_PB_URL);
	admin.autoCancellation(false);
	await admin.collection('_superusers').authWithPassword(credentials.email, credentials.password);
	return admin;
}

const field = (name: string, text: string): ProseMirrorJSON => ({
	type: 'partField',
	attrs: { name },
	content: [{ type: 'text', text }]
});

/**
 * Through the API, as the app writes them: a protocol of the second experiment with a calendar
 * and a budget, a séance of the first, and an overdue action.
 */
async function seedPortfolio(tag: string) {
	const admin = await superuser();
	const { experimentId, users } = seed();
	const second = await admin
		.collection('experiments')
		.getFirstListItem(admin.filter('title = {:t}', { t: SECOND }));
	const theo = users['jeunesse@trame.demo']!;
	const camille = users['coordination@trame.demo']!;
	const protocol: ProseMirrorJSON = {
		type: 'doc',
		content: [
			{
				type: 'heading',
				attrs: { level: 1 },
				content: [{ type: 'text', text: `Protocole ${tag}` }]
			},
			{
				type: 'calendarPart',
				content: [
					{
						type: 'milestone',
						content: [
							field('phase', `Lancement ${tag}`),
							field('date', '01/10/2026'),
							field('owner', 'Théo')
						]
					},
					{
						type: 'milestone',
						content: [
							field('phase', `Vote des projets ${tag}`),
							field('date', '15/04/2027'),
							field('owner', 'Théo')
						]
					}
				]
			},
			{
				type: 'budgetPart',
				content: [
					{
						type: 'budgetLine',
						content: [
							field('item', 'Projets lauréats'),
							field('amount', '25 000'),
							field('funder', 'Commune')
						]
					},
					{
						type: 'budgetLine',
						content: [
							field('item', 'Animation'),
							field('amount', '3 500,50'),
							field('funder', 'Labo')
						]
					}
				]
			}
		]
	};
	const id = newRecordId();
	const batch = admin.createBatch();
	batch.collection('documents').create({
		id,
		experiment: second.id,
		kind: 'protocole',
		title: `Protocole ${tag}`,
		archived: false,
		schema_version: EDITOR_SCHEMA_VERSION,
		created_by: theo
	});
	addSnapshotRow(batch, id, createDocumentState(protocol));
	await batch.send();
	const seance = await admin.collection('seances').create({
		experiment: experimentId,
		title: `COPIL du portefeuille ${tag}`,
		starts_at: '2027-02-04 17:30:00.000Z',
		duration_minutes: 120,
		status: 'planned',
		created_by: camille
	});
	await admin.collection('follow_ups').create({
		experiment: experimentId,
		what: `Relancer les tirés au sort ${tag}`,
		owner: camille,
		due_date: '2026-01-15 00:00:00.000Z',
		status: 'todo',
		created_by: camille
	});
	return { protocolId: id, seanceId: seance.id };
}

/** The number a count table gives for a row, and the mark of the chart saying the same. */
async function expectTableMatchesChart(figure: Locator, label: string) {
	const details = figure.locator('details');
	if ((await details.getAttribute('open')) === null)
		await figure.getByText('Voir les données en tableau').click();
	await expect(details).toHaveAttribute('open', '');
	const row = figure
		.getByRole('row')
		.filter({ has: figure.page().getByRole('rowheader', { name: label, exact: true }) });
	const count = Number(await row.getByRole('cell').last().textContent());
	const noun = count <= 1 ? 'expérimentation' : 'expérimentations';
	await expect(
		figure.getByRole('link', { name: `${label} : ${count} ${noun}`, exact: true })
	).toHaveCount(1);
	return count;
}

async function shootAll(page: Page, name: string) {
	for (const width of [390, 768, 1440]) {
		await page.setViewportSize({ width, height: 900 });
		// No horizontal scroll on any width: the charts scale to their column.
		expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
			width
		);
		await page.screenshot({ path: test.info().outputPath(`${name}-${width}.png`), fullPage: true });
	}
	await page.setViewportSize({ width: 1280, height: 900 });
}

test('the head of the Labo sees the portfolio at a glance; a member is refused', async ({
	browser,
	browserErrors
}) => {
	test.setTimeout(90_000);
	const tag = Math.random().toString(36).slice(2, 7);
	const { protocolId } = await seedPortfolio(tag);

	const nadia = await signIn(browser, 'direction@trame.demo');
	const page = nadia.page;
	await page
		.getByRole('navigation', { name: 'Mes organisations' })
		.getByRole('link', { name: LABO })
		.click();
	await page.getByRole('link', { name: 'Portefeuille en un coup d’œil' }).click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText(`Portefeuille — ${LABO}`);
	const portfolioPath = new URL(page.url()).pathname;

	// Both demo experiments are counted (other tests may add more to the Labo).
	const listed = page.getByRole('region', { name: 'Expérimentations retenues' });
	await expect(listed.getByRole('link', { name: FIRST, exact: true })).toBeVisible();
	await expect(listed.getByRole('link', { name: SECOND, exact: true })).toBeVisible();
	const territories = page.getByRole('figure', { name: 'Territoires par type' });
	expect(await expectTableMatchesChart(territories, 'Intercommunalité')).toBeGreaterThanOrEqual(1);
	expect(await expectTableMatchesChart(territories, 'Commune')).toBeGreaterThanOrEqual(1);
	const statuses = page.getByRole('figure', { name: 'Expérimentations par statut' });
	expect(await expectTableMatchesChart(statuses, 'Conception')).toBeGreaterThanOrEqual(1);
	expect(await expectTableMatchesChart(statuses, 'En cours')).toBeGreaterThanOrEqual(1);

	// The calendar, budget, séance and action seeded above are on their charts and tables.
	const milestones = page.getByRole('figure', { name: 'Jalons des calendriers' });
	await expect(
		milestones.getByRole('link', {
			name: new RegExp(`Jalon « Vote des projets ${tag} », .*15 avril 2027`)
		})
	).toHaveCount(1);
	const budget = page.getByRole('figure', { name: 'Budget prévu par expérimentation' });
	await expect(
		budget.getByRole('link', {
			name: /Budget participatif des jeunes de Saint-Aurèle : 28\s500,50\s€/
		})
	).toHaveCount(1);
	const meetings = page.getByRole('figure', { name: 'Séances et dates de révision' });
	await expect(
		meetings.getByRole('link', { name: new RegExp(`Séance « COPIL du portefeuille ${tag} »`) })
	).toHaveCount(1);
	const actions = page.getByRole('figure', { name: 'Actions ouvertes et en retard' });
	await actions.getByText('Voir les données en tableau').click();
	await expect(
		actions.getByRole('listitem').filter({ hasText: `Relancer les tirés au sort ${tag}` })
	).toContainText('En retard');

	await expectNoViolations(page, 'portfolio (administrator)');
	await shootAll(page, 'portfolio-fr');
	await page.emulateMedia({ colorScheme: 'dark' });
	await expectNoViolations(page, 'portfolio (administrator, dark)');
	await shootAll(page, 'portfolio-fr-dark');
	await page.emulateMedia({ colorScheme: 'light' });

	// A filter narrows every chart and the list; it lives in the URL.
	await page.getByLabel('Type de territoire').selectOption('intercommunalite');
	await page.getByRole('button', { name: 'Filtrer', exact: true }).click();
	await expect(page).toHaveURL(/territoire=intercommunalite/);
	await expect(listed.getByRole('link', { name: FIRST, exact: true })).toBeVisible();
	await expect(listed.getByRole('link', { name: SECOND, exact: true })).toHaveCount(0);
	// (The first experiment's protocol may hold milestones written by other tests: no claim on
	// that chart here.)
	await expect(
		territories.getByRole('link', { name: 'Commune : 0 expérimentation', exact: true })
	).toHaveCount(1);

	// A mark leads to what it counts: the milestone to its protocol (filters reset first).
	await page.getByRole('link', { name: 'Tout afficher' }).click();
	await expect(page).not.toHaveURL(/territoire=/);
	await milestones.getByRole('link', { name: new RegExp(`Jalon « Lancement ${tag} »`) }).click();
	await expect(page).toHaveURL(new RegExp(`/documents/${protocolId}$`));

	// English.
	await nadia.context.addCookies([
		{ name: 'PARAGLIDE_LOCALE', value: 'en', url: process.env.TRAME_E2E_BASE_URL! }
	]);
	await page.goBack();
	await page.reload();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText(`Portfolio — ${LABO}`);
	await expectNoViolations(page, 'portfolio (administrator, English)');
	await shootAll(page, 'portfolio-en');
	await nadia.context.close();

	// Karim is a member of the Labo through his experiment only: refused, and told why.
	const karim = await signIn(browser, 'evaluation@trame.demo');
	browserErrors.allow(/status of 403/);
	const response = await karim.page.goto(portfolioPath);
	expect(response?.status()).toBe(403);
	await expect(karim.page.getByRole('heading', { level: 1 })).toHaveText('Page réservée');
	await expect(
		karim.page.getByText(/réservé aux administrateur·rices et à l’équipe/)
	).toBeVisible();
	await karim.page.goto('/');
	await karim.page
		.getByRole('navigation', { name: 'Mes organisations' })
		.getByRole('link', { name: LABO })
		.click();
	await expect(karim.page.getByRole('link', { name: 'Portefeuille en un coup d’œil' })).toHaveCount(
		0
	);
	await karim.context.close();
});
