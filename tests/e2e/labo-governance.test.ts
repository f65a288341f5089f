/**
 * The Labo's own governance (issue 17): its COPIL — the head of the Labo (administratrice) and a
 * member of its team — adopts a section of the Labo's strategy by consent, with the same rounds
 * and register as an experiment's; the register and the organisation page show the decision. A
 * member of an experiment who is not on the Labo's team sees no governance space.
 */
import type { BrowserContext } from '@playwright/test';
import { DEMO_ORGANISATION, DEMO_STRATEGY } from '../../scripts/demo-data';
import { expect, expectNoViolations, proposeOnSection, seed, shoot, signIn, test } from './support';

const ADDED = 'Chaque orientation est revue par le COPIL du Labo une fois par an.';

async function useLocale(context: BrowserContext, locale: 'fr' | 'en') {
	await context.addCookies([
		{ name: 'PARAGLIDE_LOCALE', value: locale, url: process.env.TRAME_E2E_BASE_URL! }
	]);
}

test('the Labo’s COPIL adopts a strategy section by consent; an experiment member sees no governance', async ({
	browser,
	browserErrors
}) => {
	test.setTimeout(150_000);
	const { governanceId, strategyId } = seed();
	const nadia = await signIn(browser, 'direction@trame.demo');
	const theo = await signIn(browser, 'jeunesse@trame.demo');
	// « Gouvernance du Labo » on the organisation page, with the strategy.
	await nadia.page
		.getByRole('navigation', { name: 'Mes organisations' })
		.getByRole('link', { name: DEMO_ORGANISATION.name })
		.click();
	const governance = nadia.page.getByRole('region', { name: 'Gouvernance du Labo' });
	await expect(governance.getByRole('link', { name: DEMO_STRATEGY.title })).toBeVisible();
	// The space is no experiment: the list of experiments does not show it.
	await expect(
		nadia.page.getByRole('region', { name: 'Expérimentations' }).getByRole('link', {
			name: /Gouvernance/
		})
	).toHaveCount(0);

	// A consent round from the strategy's « 2. Orientations 2027 », the COPIL as participants.
	const roundUrl = await proposeOnSection(nadia.page, strategyId, {
		experimentId: governanceId,
		heading: /^2\. Orientations 2027/,
		title: 'Orientations 2027 revues chaque année',
		added: ADDED,
		participants: [/Nadia Morel/, /Théo Martin/]
	});
	await theo.page.goto(roundUrl);
	for (const next of ['Clarification', 'Réactions', 'Amendement', 'Objections'])
		await nadia.page.getByRole('button', { name: `Passer à : ${next}` }).click();
	await expect(theo.page.getByTestId('round-phase')).toContainText('Objections');
	for (const page of [nadia.page, theo.page]) {
		await page.getByLabel('Consentement', { exact: true }).check();
		await page.getByRole('button', { name: 'Donner ma position' }).click();
		await expect(page.getByTestId('my-position')).toContainText('Consentement');
	}
	await nadia.page.getByRole('button', { name: 'Enregistrer la décision' }).click();
	await expect(theo.page.getByTestId('round-phase')).toContainText('Adoptée');
	await expect(nadia.page.getByTestId('writeback-status')).toContainText('inscrit dans sa section');

	// The register of the Labo's COPIL, its breadcrumb naming the organisation's space.
	await theo.page.goto(`/experiences/${governanceId}/decisions`);
	await expect(theo.page.getByRole('link', { name: /^← Gouvernance — / })).toContainText(
		DEMO_ORGANISATION.name
	);
	await expect(theo.page.getByRole('main')).toContainText('Orientations 2027 revues chaque année');
	// The organisation page lists it among the latest decisions.
	await nadia.page.goto(new URL(nadia.page.url()).origin + '/');
	await nadia.page
		.getByRole('navigation', { name: 'Mes organisations' })
		.getByRole('link', { name: DEMO_ORGANISATION.name })
		.click();
	await expect(
		governance.getByRole('link', { name: 'Orientations 2027 revues chaque année' })
	).toBeVisible();
	await expectNoViolations(nadia.page, 'organisation page with its governance');
	await shoot(nadia.page, 'labo-governance-fr');
	await nadia.page.getByRole('link', { name: 'Ouvrir l’espace de gouvernance' }).click();
	await expect(nadia.page.getByRole('heading', { level: 1 })).toHaveText('Gouvernance du Labo');
	await expect(
		nadia.page.getByRole('link', { name: `← Retour à ${DEMO_ORGANISATION.name}` })
	).toBeVisible();
	await expectNoViolations(nadia.page, 'governance space');
	await shoot(nadia.page, 'labo-governance-space-fr');
	await useLocale(nadia.context, 'en');
	await nadia.page.reload();
	await expect(nadia.page.getByRole('heading', { level: 1 })).toHaveText('Lab governance');
	await shoot(nadia.page, 'labo-governance-space-en');
	await nadia.page.getByRole('link', { name: `← Back to ${DEMO_ORGANISATION.name}` }).click();
	await expect(nadia.page.getByRole('region', { name: 'Lab governance' })).toBeVisible();
	await expectNoViolations(nadia.page, 'organisation page with its governance (en)');
	await shoot(nadia.page, 'labo-governance-en');

	// Karim, evaluator of an experiment and a plain member of the Labo, sees none of it.
	const karim = await signIn(browser, 'evaluation@trame.demo');
	await karim.page
		.getByRole('navigation', { name: 'Mes organisations' })
		.getByRole('link', { name: DEMO_ORGANISATION.name })
		.click();
	await expect(karim.page.getByRole('heading', { level: 1 })).toHaveText(DEMO_ORGANISATION.name);
	await expect(karim.page.getByRole('region', { name: 'Gouvernance du Labo' })).toHaveCount(0);
	browserErrors.allow(/status of 404/);
	for (const path of [
		`/experiences/${governanceId}`,
		`/experiences/${governanceId}/decisions`,
		`/documents/${strategyId}`
	]) {
		const response = await karim.page.goto(path);
		expect(response?.status(), path).toBe(404);
		await expect(karim.page.getByRole('main')).not.toContainText('Orientations 2027');
	}
	await karim.context.close();
	await theo.context.close();
	await nadia.context.close();
});
