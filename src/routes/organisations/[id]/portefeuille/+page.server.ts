import { error } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages';
import { ENJEUX, STATUSES, TERRITORY_TYPES } from '$lib/domain/experiment';
import {
	hasPortfolioFilters,
	portfolioFiltersFromParams,
	summarisePortfolio
} from '$lib/domain/portfolio';
import { dayIn } from '$lib/i18n/format';
import { uiLocale } from '$lib/i18n/labels';
import { adminPocketBase } from '$lib/server/pocketbase';
import { portfolioAccess, portfolioRows } from '$lib/server/portfolio/rows';
import { portfolioView } from '$lib/server/portfolio/view';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, params, url }) => {
	const admin = await adminPocketBase();
	const access = await portfolioAccess(admin, params.id, locals.user!.id);
	if (!access.ok) {
		// Same answer whether it does not exist or the user is not in it; a plain member is told why.
		if (access.status === 404) error(404, { message: 'Not found' });
		error(403, { message: 'Forbidden', reason: m.portfolio_forbidden() });
	}
	const filters = portfolioFiltersFromParams(url.searchParams);
	const today = dayIn(new Date());
	const rows = await portfolioRows(admin, locals.pb, access.organisation.id);
	const summary = summarisePortfolio(rows, filters, today);
	return {
		organisation: access.organisation,
		filters,
		filtered: hasPortfolioFilters(filters),
		count: summary.experiments.length,
		options: { statuses: STATUSES, enjeux: ENJEUX, territoryTypes: TERRITORY_TYPES },
		view: portfolioView(access.organisation.id, summary, filters, today, uiLocale())
	};
};
