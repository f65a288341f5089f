/**
 * A demo experiment with something in every list, built once per e2e run through the API (the
 * app's own endpoints, as its users): an adopted consent round with a remote deadline and a
 * review date, an election with a term, a named version of the protocol, an archived document,
 * a pending invitation and an inbox with read and unread notifications. The accessibility run
 * and the locale scan read these pages in both themes and both languages.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Browser, Page } from '@playwright/test';
import PocketBase from 'pocketbase';
import { createDocumentWithTemplate } from '../../src/lib/server/documents';
import { expect, seed, signIn } from './support';

export const RICH = {
	consentTitle: 'Calendrier des séances du COPIL',
	electionRole: 'Secrétaire de séance du COPIL',
	versionName: 'Version présentée au COPIL de juin',
	archivedTitle: 'Compte rendu du COPIL de lancement',
	invitedEmail: 'invitee-liste@trame.demo'
} as const;

export interface RichState {
	consentRoundId: string;
	electionId: string;
}

/** The superuser client of the e2e stack. */
export async function adminClient(): Promise<PocketBase> {
	const superuser = JSON.parse(process.env.TRAME_E2E_SUPERUSER ?? '{}') as {
		email: string;
		password: string;
	};
	const admin = new PocketBase(process.env.TRAME_E2E_PB_URL);
	admin.autoCancellation(false);
	await admin.collection('_superusers').authWithPassword(superuser.email, superuser.password);
	return admin;
}

/** YYYY-MM-DD, `months` from today (the API's machine format). */
function monthsAhead(months: number): string {
	const date = new Date();
	date.setUTCMonth(date.getUTCMonth() + months);
	return date.toISOString().slice(0, 10);
}

async function command(page: Page, roundPath: string, body: Record<string, unknown>) {
	const response = await page.request.post(`${roundPath}/events`, { data: body });
	const answer = (await response.json()) as { error?: string };
	expect(answer.error, `${JSON.stringify(body)} → ${answer.error}`).toBeUndefined();
}

let built: Promise<RichState> | null = null;

/** Builds the state once (per run: found again by its titles if another file built it). */
export function richState(browser: Browser): Promise<RichState> {
	built ??= build(browser);
	return built;
}

async function build(browser: Browser): Promise<RichState> {
	const { experimentId, protocolId, users } = seed();
	const admin = await adminClient();
	const existing = await admin
		.collection('rounds')
		.getFullList({ filter: admin.filter('experiment = {:id}', { id: experimentId }) });
	const consent = existing.find((r) => r.title === RICH.consentTitle);
	const election = existing.find((r) => r.kind === 'election' && r.title === RICH.electionRole);
	if (consent && election) return { consentRoundId: consent.id, electionId: election.id };

	const camille = await signIn(browser, 'coordination@trame.demo');
	const karim = await signIn(browser, 'evaluation@trame.demo');
	try {
		// A consent round with a remote deadline typed as a French user types it, then adopted.
		const page = camille.page;
		await page.goto(`/experiences/${experimentId}/decisions/nouvelle`);
		await page.getByLabel('Titre de la proposition').fill(RICH.consentTitle);
		await page.getByLabel('Texte de la proposition').fill('Le COPIL se réunit tous les deux mois.');
		for (const box of await page.getByRole('checkbox', { name: /\(/ }).all()) await box.uncheck();
		for (const name of [/Camille Rousseau/, /Karim Benali/])
			await page.getByRole('checkbox', { name }).check();
		const deadline = new Date(Date.now() + 30 * 24 * 3600 * 1000);
		await page
			.getByLabel('Jour', { exact: true })
			.fill(deadline.toISOString().slice(0, 10).split('-').reverse().join('/'));
		await page.getByLabel('Heure', { exact: true }).fill('18h30');
		await page.getByRole('button', { name: 'Ouvrir le tour de consentement' }).click();
		await expect(page).toHaveURL(/\/rounds\/[a-z0-9]{15}$/);
		const consentPath = new URL(page.url()).pathname;
		for (let i = 0; i < 4; i++) await command(camille.page, consentPath, { type: 'advance' });
		await command(camille.page, consentPath, {
			type: 'record_position',
			kind: 'concern',
			text: 'Prévoir une séance en soirée pour les élu·es.'
		});
		await command(karim.page, consentPath, { type: 'record_position', kind: 'consent', text: '' });
		await command(camille.page, consentPath, { type: 'adopt', reviewDate: monthsAhead(6) });

		// An election to its result.
		await camille.page.goto(`/experiences/${experimentId}/decisions/nouvelle?type=election`);
		await camille.page.getByLabel('Rôle à pourvoir').fill(RICH.electionRole);
		await camille.page.getByLabel('Mission').fill('Prendre les notes et rédiger le compte rendu.');
		await camille.page.getByLabel('Durée du mandat (mois)').fill('12');
		for (const box of await camille.page.getByRole('checkbox', { name: /\(/ }).all())
			await box.uncheck();
		await camille.page.getByRole('checkbox', { name: /Camille Rousseau/ }).check();
		await camille.page.getByRole('checkbox', { name: /Karim Benali/ }).check();
		await camille.page.getByRole('button', { name: 'Ouvrir l’élection' }).click();
		await expect(camille.page).toHaveURL(/\/rounds\/[a-z0-9]{15}$/);
		const electionPath = new URL(camille.page.url()).pathname;
		const karimId = users['evaluation@trame.demo']!;
		await command(camille.page, electionPath, { type: 'advance' });
		await command(camille.page, electionPath, { type: 'nominate', nomineeId: karimId });
		await command(karim.page, electionPath, { type: 'nominate', nomineeId: karimId });
		for (let i = 0; i < 3; i++) await command(camille.page, electionPath, { type: 'advance' });
		await command(camille.page, electionPath, {
			type: 'propose',
			nomineeId: karimId,
			rationale: 'Deux nominations concordantes.'
		});
		await command(camille.page, electionPath, { type: 'advance' });
		for (const who of [camille.page, karim.page])
			await command(who, electionPath, { type: 'record_position', kind: 'consent', text: '' });
		await command(camille.page, electionPath, { type: 'elect', termStart: monthsAhead(1) });

		// A named version of the protocol.
		const version = await camille.page.request.post(
			`/api/review/documents/${protocolId}/versions`,
			{ data: { name: RICH.versionName } }
		);
		expect(version.ok()).toBe(true);

		// An archived document, a pending invitation and an inbox with read and unread items.
		const archived = await createDocumentWithTemplate(admin, {
			experimentId,
			userId: users['coordination@trame.demo']!,
			kind: 'compte_rendu_copil',
			title: RICH.archivedTitle
		});
		if (!archived.ok) throw new Error(`document not created: ${archived.error}`);
		await admin.collection('documents').update(archived.id, { archived: true });
		await admin.collection('invitations').create({
			experiment: experimentId,
			email: RICH.invitedEmail,
			role: 'partner',
			token_hash: createHash('sha256').update(randomBytes(32).toString('base64url')).digest('hex'),
			expires: new Date(Date.now() + 7 * 24 * 3600 * 1000).toISOString().replace('T', ' '),
			invited_by: users['coordination@trame.demo']
		});
		for (const [kind, excerpt, read] of [
			['mention', '@Camille pouvez-vous relire le budget ?', false],
			['reply', 'Le tirage au sort aura lieu en mairie.', false],
			['suggestion', 'Remplacer trimestre par semestre.', true]
		] as const)
			await admin.collection('notifications').create({
				user: users['coordination@trame.demo'],
				kind,
				actor: karimId,
				document: protocolId,
				excerpt,
				link: `/documents/${protocolId}`,
				read
			});
		return {
			consentRoundId: consentPath.split('/').pop()!,
			electionId: electionPath.split('/').pop()!
		};
	} finally {
		await camille.context.close();
		await karim.context.close();
	}
}
