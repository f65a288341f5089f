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

/**
 * The demo protocol's story: a few sections drafted, a version presented to the COPIL, a
 * consent round adopted in a past séance (an objection integrated, concerns noted), a round
 * open now and the next séance. Texts are section texts as the register keeps them: the heading
 * line first, one line per paragraph, "- " lines as a list. Dates are placed relative to the
 * day of seeding (scripts/demo-story.ts).
 */
export const DEMO_DRAFTED_SECTIONS: readonly string[] = [
	[
		'1. Contexte et territoire',
		'La communauté de communes du Val de Brenne réunit 23 communes rurales et 31 000 habitant·es. Un ménage sur trois n’a qu’une voiture ou aucune, et la ligne de car régionale ne dessert que 9 communes.',
		'Le conseil communautaire prépare son plan de mobilité 2028 et veut que des habitant·es qui ne viennent jamais aux réunions publiques y contribuent.'
	].join('\n'),
	[
		'3. Question de recherche et hypothèses',
		'Une assemblée tirée au sort peut-elle faire entendre, sur la mobilité rurale, des habitant·es qui ne participent pas d’habitude ?'
	].join('\n'),
	[
		'5. Dispositif : méthodes, outils, innovateurs mobilisés',
		'L’assemblée se réunit six samedis entre mars et juin 2027, à tour de rôle dans trois bourgs du territoire. Chaque séance alterne apports d’expert·es, visites de terrain et travail en petits groupes.',
		'- Méthode et animation : une coopérative spécialisée dans les assemblées citoyennes ;',
		'- restitution publique devant le conseil communautaire, qui répond à chaque proposition sous trois mois.'
	].join('\n')
];

export const DEMO_VERSION_NAME = 'Version présentée au COPIL';

/** A member of the demo experiment, by email. */
type Who = string;

export interface DemoPosition {
	who: Who;
	kind: 'consent' | 'concern' | 'objection';
	text: string;
}

/** The round adopted in the past séance: section 6, one objection integrated by an amendment. */
export const DEMO_ADOPTED_ROUND = {
	title: 'Modalités du tirage au sort de l’assemblée',
	heading: '6. Publics et mobilisation',
	facilitator: 'coordination@trame.demo',
	proposer: 'innovation@trame.demo',
	participants: [
		'coordination@trame.demo',
		'evaluation@trame.demo',
		'collectivite@trame.demo',
		'elue@trame.demo',
		'innovation@trame.demo',
		'copil@trame.demo'
	],
	proposed: [
		'6. Publics et mobilisation',
		'L’assemblée réunit 40 habitant·es du Val de Brenne tiré·es au sort, avec des quotas de genre, d’âge, de commune de résidence et de catégorie socioprofessionnelle.',
		'- Tirage au sort sur les listes électorales des 23 communes, 1 200 courriers envoyés ;',
		'- relance par téléphone et porte-à-porte par les médiateur·ices de la communauté de communes ;',
		'- indemnisation de 80 € par séance, garde d’enfants et transport pris en charge.'
	].join('\n'),
	question: {
		who: 'collectivite@trame.demo',
		text: 'Combien de courriers faut-il envoyer pour réunir 40 personnes ?',
		answer:
			'Avec 4 à 5 % de réponses, environ 1 200 courriers ; un second tirage parmi les volontaires respecte ensuite les quotas.'
	},
	/** First objection round: one objection, one concern. */
	firstPositions: [
		{ who: 'coordination@trame.demo', kind: 'consent', text: '' },
		{ who: 'collectivite@trame.demo', kind: 'consent', text: '' },
		{ who: 'elue@trame.demo', kind: 'consent', text: '' },
		{ who: 'innovation@trame.demo', kind: 'consent', text: '' },
		{
			who: 'copil@trame.demo',
			kind: 'concern',
			text: 'Le porte-à-porte demande des médiateur·ices formé·es : à prévoir dans le budget.'
		},
		{
			who: 'evaluation@trame.demo',
			kind: 'objection',
			text: 'Les listes électorales excluent les habitant·es non inscrit·es, les étranger·es non européen·nes et les 16-17 ans : l’assemblée manquerait l’enjeu de diversification que vise l’expérimentation.'
		}
	],
	/** The amendment that integrates the objection (by the proposer). */
	amended: [
		'6. Publics et mobilisation',
		'L’assemblée réunit 40 habitant·es du Val de Brenne tiré·es au sort, avec des quotas de genre, d’âge, de commune de résidence et de catégorie socioprofessionnelle.',
		'- Tirage au sort de 1 200 adresses dans la Base adresse nationale, et non sur les seules listes électorales : toute personne du foyer de 16 ans et plus peut répondre, sans condition de nationalité ;',
		'- relance par téléphone et porte-à-porte par les médiateur·ices de la communauté de communes ;',
		'- indemnisation de 80 € par séance, garde d’enfants et transport pris en charge.'
	].join('\n'),
	/** Second objection round, on the amended text: consent, with two concerns noted. */
	secondPositions: [
		{ who: 'coordination@trame.demo', kind: 'consent', text: '' },
		{ who: 'evaluation@trame.demo', kind: 'consent', text: '' },
		{
			who: 'collectivite@trame.demo',
			kind: 'concern',
			text: 'Prévoir des séances accessibles aux personnes qui travaillent le samedi.'
		},
		{
			who: 'elue@trame.demo',
			kind: 'concern',
			text: 'L’indemnisation (environ 19 000 €) devra être inscrite au budget 2027 de la communauté de communes.'
		},
		{ who: 'innovation@trame.demo', kind: 'consent', text: '' },
		{ who: 'copil@trame.demo', kind: 'consent', text: '' }
	],
	/** The decision is reviewed this many months after the séance. */
	reviewMonths: 6
} as const;

/** The round open now, on the research question: some positions given, others awaited. */
export const DEMO_OPEN_ROUND = {
	title: 'Question de recherche et hypothèses',
	heading: '3. Question de recherche et hypothèses',
	facilitator: 'coordination@trame.demo',
	proposer: 'evaluation@trame.demo',
	participants: DEMO_ADOPTED_ROUND.participants,
	proposed: [
		'3. Question de recherche et hypothèses',
		'À quelles conditions une assemblée citoyenne tirée au sort permet-elle à des habitant·es éloigné·es de la participation de peser sur les décisions de mobilité de la communauté de communes ?',
		'- H1 : le tirage au sort sur adresses, avec indemnisation, amène au moins un tiers de personnes qui n’ont jamais participé à une concertation ;',
		'- H2 : l’engagement du conseil communautaire à répondre à chaque proposition renforce la confiance des participant·es envers les élu·es ;',
		'- H3 : au moins la moitié des propositions de l’assemblée sont reprises, en tout ou partie, dans le plan de mobilité 2028.'
	].join('\n'),
	positions: [
		{ who: 'collectivite@trame.demo', kind: 'consent', text: '' },
		{ who: 'elue@trame.demo', kind: 'consent', text: '' },
		{
			who: 'innovation@trame.demo',
			kind: 'concern',
			text: 'H3 dépend du calendrier du plan de mobilité, qui pourrait glisser en 2029.'
		}
	]
} as const;

export interface DemoItem {
	title: string;
	kind: 'information' | 'discussion' | 'consent' | 'review' | 'actions' | 'approval';
	durationMinutes: number;
	/** The secretary's notes on this item, one paragraph a line ("- " lines as a list). */
	notes?: string;
}

const SEANCE_COMMON = {
	durationMinutes: 120,
	/** Paris wall-clock time. */
	time: '18:00',
	place: 'Maison des services du Val de Brenne, salle du conseil',
	visioUrl: 'https://visio.example.org/copil-val-de-brenne',
	quorum: 4,
	facilitator: 'coordination@trame.demo',
	secretary: 'copil@trame.demo'
} as const;

/** The séance held about two weeks before seeding, where the round above was adopted. */
export const DEMO_PAST_SEANCE = {
	...SEANCE_COMMON,
	title: 'COPIL n° 1 — Publics et tirage au sort',
	daysFromNow: -14,
	attendance: {
		'coordination@trame.demo': 'present',
		'evaluation@trame.demo': 'present',
		'collectivite@trame.demo': 'present',
		'elue@trame.demo': 'remote',
		'innovation@trame.demo': 'present',
		'copil@trame.demo': 'present',
		'partenaire@trame.demo': 'excused',
		'observation@trame.demo': 'absent'
	},
	/** Items before and after the consent round's item (which comes from the agenda suggestions). */
	before: [
		{
			title: 'Tour de table et avancement du protocole',
			kind: 'information',
			durationMinutes: 15,
			notes: [
				'Camille présente l’avancement : contexte, question de recherche et dispositif sont rédigés ; la section « Publics et mobilisation » est soumise au consentement aujourd’hui.',
				'Jean Lefèvre, excusé, a transmis ses remarques par écrit.'
			].join('\n')
		}
	],
	roundNotes: [
		'Lucas présente la proposition de tirage au sort.',
		'Objection de Karim : les listes électorales excluent les non-inscrit·es, les étranger·es non européen·nes et les 16-17 ans. Intégrée : tirage sur adresses, dès 16 ans, sans condition de nationalité.',
		'Adoptée par consentement. Préoccupations notées : budget de l’indemnisation (Hélène), séances pour qui travaille le samedi (Sophie).'
	].join('\n'),
	after: [
		{
			title: 'Calendrier du recrutement des participant·es',
			kind: 'discussion',
			durationMinutes: 20,
			notes: [
				'Courriers envoyés mi-janvier, relances jusqu’à fin février, second tirage parmi les volontaires début mars.',
				'- Sophie vérifie les salles des trois bourgs ;',
				'- Lucas rédige le courrier d’invitation.'
			].join('\n')
		},
		{
			title: 'Actions de suivi',
			kind: 'actions',
			durationMinutes: 10,
			notes: 'Trois actions décidées, suivies dans la liste des actions.'
		}
	],
	/** Follow-up actions decided in the séance; due dates in days from seeding. */
	actions: [
		{
			what: 'Chiffrer l’indemnisation et la garde d’enfants pour le budget 2027',
			owner: 'elue@trame.demo',
			dueInDays: 7,
			status: 'todo',
			fromDecision: true
		},
		{
			what: 'Rédiger le courrier d’invitation au tirage au sort',
			owner: 'innovation@trame.demo',
			dueInDays: -3,
			status: 'doing',
			fromDecision: false
		},
		{
			what: 'Réserver les salles des six samedis de l’assemblée',
			owner: 'collectivite@trame.demo',
			dueInDays: -5,
			status: 'done',
			fromDecision: false
		}
	]
} as const;

/** The next séance, about two weeks after seeding. */
export const DEMO_NEXT_SEANCE = {
	...SEANCE_COMMON,
	title: 'COPIL n° 2 — Question de recherche et calendrier',
	daysFromNow: 14,
	/** After the items suggested from the work (minutes, open round, late actions). */
	after: [
		{
			title: 'Calendrier des six samedis de l’assemblée',
			kind: 'discussion',
			durationMinutes: 20
		}
	]
} as const;
