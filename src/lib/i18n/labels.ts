/** Localised labels of domain values (the values themselves are stable ids). */
import { m } from '$lib/paraglide/messages';
import { getLocale } from '$lib/paraglide/runtime';
import type { Role } from '$lib/domain/access';
import type { FormatLocale } from './format';

type Label = () => string;

const TERRITORY: Record<string, Label> = {
	region: m.territory_region,
	departement: m.territory_departement,
	metropole: m.territory_metropole,
	intercommunalite: m.territory_intercommunalite,
	commune: m.territory_commune,
	village: m.territory_village
};

const STATUS: Record<string, Label> = {
	idee: m.status_idee,
	conception: m.status_conception,
	en_cours: m.status_en_cours,
	evaluation: m.status_evaluation,
	terminee: m.status_terminee,
	archivee: m.status_archivee
};

const KIND: Record<string, Label> = {
	protocole: m.kind_protocole,
	compte_rendu_copil: m.kind_compte_rendu_copil,
	carnet_de_bord: m.kind_carnet_de_bord,
	fiche_retour: m.kind_fiche_retour,
	guide_methodologique: m.kind_guide_methodologique,
	libre: m.kind_libre
};

const ROLE: Record<Role, Label> = {
	coordinator: m.role_coordinator,
	evaluator: m.role_evaluator,
	project_lead: m.role_project_lead,
	elected: m.role_elected,
	innovator: m.role_innovator,
	copil_member: m.role_copil_member,
	partner: m.role_partner,
	observer: m.role_observer
};

const ENJEU: Record<string, Label> = {
	diversification: m.ws_enjeu_diversification,
	massification: m.ws_enjeu_massification,
	engagement: m.ws_enjeu_engagement,
	pouvoir_agir: m.ws_enjeu_pouvoir_agir,
	perennisation: m.ws_enjeu_perennisation,
	co_construction: m.ws_enjeu_co_construction,
	co_decision: m.ws_enjeu_co_decision,
	confiance: m.ws_enjeu_confiance
};

const label = (table: Record<string, Label>, value: string): string => table[value]?.() ?? value;

export const territoryLabel = (value: string) => label(TERRITORY, value);
export const statusLabel = (value: string) => label(STATUS, value);
export const kindLabel = (value: string) => label(KIND, value);
export const roleLabel = (value: Role) => ROLE[value]();
export const enjeuLabel = (value: string) => label(ENJEU, value);

/** The UI's current language, as the formatting module (`format.ts`) takes it. */
export function uiLocale(): FormatLocale {
	return getLocale() === 'en' ? 'en' : 'fr';
}
