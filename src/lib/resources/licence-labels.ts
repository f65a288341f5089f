/** Localised descriptions of the licences a publication may carry (the select when publishing). */
import { m } from '$lib/paraglide/messages';
import type { Licence } from '$lib/domain/resources';

export const LICENCE_LABEL: Readonly<Record<Licence, () => string>> = {
	'cc-by-sa-4.0': m.labo_licence_cc_by_sa,
	'cc-by-4.0': m.labo_licence_cc_by,
	'cc-by-nc-sa-4.0': m.labo_licence_cc_by_nc_sa,
	'cc-by-nd-4.0': m.labo_licence_cc_by_nd,
	'cc0-1.0': m.labo_licence_cc0
};
