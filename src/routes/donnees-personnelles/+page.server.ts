import type { PageServerLoad } from './$types';

/** PRIVACY_CONTACT: who answers questions about personal data (an address or a sentence). */
export const load: PageServerLoad = ({ locals }) => ({
	contact: process.env.PRIVACY_CONTACT?.trim() || null,
	signedIn: locals.user !== null
});
