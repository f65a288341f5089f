/**
 * Demo data seeded by `npm start` on first run, and used by the e2e tests. Demo accounts only:
 * the password is public (README) and must never be used for real data.
 */
import type { Role } from '../src/lib/domain/access';

export const DEMO_PASSWORD = 'trame-demo-2026';

export interface DemoAccount {
	email: string;
	name: string;
	/** Role in the demo experiment, or null for an account that belongs to no experiment. */
	role: Role | null;
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
	{ email: 'externe@trame.demo', name: 'Paul Girard', role: null }
];

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
