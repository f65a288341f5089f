/**
 * Demo data seeded by `npm start` on first run, and used by the e2e tests. Demo accounts only:
 * the password is public (README) and must never be used for real data.
 */
import type { OrgRole, Role } from '../src/lib/domain/access';
import { bulletList, doc, heading, paragraph } from '../src/lib/domain/templates/blocks';

export const DEMO_PASSWORD = 'trame-demo-2026';

export interface DemoAccount {
	email: string;
	name: string;
	/** Role in the demo experiment, or null for an account that is not a member of it. */
	role: Role | null;
	/** Role in the demo Labo; `member` for everyone with a role, nothing when absent. */
	orgRole?: OrgRole;
}

export const DEMO_ACCOUNTS: readonly DemoAccount[] = [
	{ email: 'coordination@trame.demo', name: 'Camille Rousseau', role: 'coordinator' },
	{ email: 'evaluation@trame.demo', name: 'Karim Benali', role: 'evaluator' },
	{ email: 'collectivite@trame.demo', name: 'Sophie Marchand', role: 'project_lead' },
	{ email: 'elue@trame.demo', name: 'Hélène Dubois', role: 'elected' },
	{ email: 'innovation@trame.demo', name: 'Lucas Petit', role: 'innovator' },
	{ email: 'copil@trame.demo', name: 'Aïcha Diallo', role: 'copil_member' },
	{ email: 'partenaire@trame.demo', name: 'Jean Lefèvre', role: 'partner' },
	{ email: 'observation@trame.demo', name: 'Marie Garnier', role: 'observer' },
	{ email: 'externe@trame.demo', name: 'Paul Girard', role: null },
	// The head of the Labo sees and manages every experiment without being a member of any.
	{ email: 'direction@trame.demo', name: 'Nadia Morel', role: null, orgRole: 'admin' },
	// On the Labo's team; coordinates the second experiment.
	{ email: 'jeunesse@trame.demo', name: 'Théo Martin', role: null, orgRole: 'team' }
];

/** The Labo: the default organisation (slug `labo`) renamed. */
export const DEMO_ORGANISATION = { slug: 'labo', name: "Labo d'innovation démocratique" } as const;

/** The Labo's second experiment, created by its own coordinator. */
export const DEMO_SECOND_EXPERIMENT = {
	coordinator: 'jeunesse@trame.demo',
	fields: {
		title: 'Budget participatif des jeunes de Saint-Aurèle',
		territory_name: 'Saint-Aurèle',
		territory_type: 'commune',
		enjeux: ['diversification', 'pouvoir_agir'],
		status: 'en_cours',
		summary:
			'Les 11-25 ans de la commune proposent et votent des projets financés par 5 % du budget d’investissement.',
		start_date: '2026-09-01 00:00:00.000Z',
		end_date: '2027-06-30 00:00:00.000Z'
	}
} as const;

export const DEMO_EXPERIMENT = {
	title: 'Assemblée citoyenne tirée au sort du Val de Brenne',
	territory_name: 'Communauté de communes du Val de Brenne',
	territory_type: 'intercommunalite',
	enjeux: ['diversification', 'co_decision', 'confiance'],
	status: 'conception',
	summary:
		"Une assemblée de 40 habitant·es tiré·es au sort formule des propositions sur la mobilité rurale, que le conseil communautaire s'engage à examiner.",
	start_date: '2027-01-15 00:00:00.000Z',
	end_date: '2027-12-15 00:00:00.000Z'
} as const;

export const DEMO_PROTOCOL_TITLE = "Protocole d'expérimentation";

/** The Labo's strategy, in its governance space, written by its head; its COPIL decides on it. */
export const DEMO_STRATEGY = {
	author: 'direction@trame.demo',
	title: 'Stratégie du Labo',
	content: doc([
		heading(1, 'Stratégie du Labo'),
		heading(2, '1. Mission'),
		paragraph(
			'Le Labo conçoit, conduit et documente avec les collectivités des expérimentations de démocratie locale, et en partage les enseignements dans le centre de ressources.'
		),
		heading(2, '2. Orientations 2027'),
		paragraph('Trois orientations guident le choix des expérimentations :'),
		bulletList([
			'aller vers les publics éloignés des institutions (diversification) ;',
			'faire durer la participation au-delà d’un projet (pérennisation) ;',
			'documenter chaque expérimentation dans une fiche retour publiée.'
		]),
		heading(2, '3. Modèle économique'),
		paragraph(
			'Chaque expérimentation est cofinancée par la collectivité et un partenaire ; le Labo vise l’équilibre de son budget sur trois ans.'
		),
		heading(2, '4. Gouvernance'),
		paragraph(
			'Le COPIL du Labo se réunit chaque trimestre et décide par consentement ; ses décisions sont inscrites au registre.'
		)
	])
} as const;
