/** "Mes données": the signed-in person's data as a ZIP (JSON + the files they uploaded). */
import { exportPersonalData } from '$lib/server/accounts/personal-data';
import { adminPocketBase } from '$lib/server/pocketbase';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async ({ locals }) => {
	const now = new Date();
	const zip = await exportPersonalData(await adminPocketBase(), locals.user!.id, now);
	const day = now.toISOString().slice(0, 10);
	return new Response(zip as BodyInit, {
		headers: {
			'content-type': 'application/zip',
			'content-disposition': `attachment; filename="trame-mes-donnees-${day}.zip"`,
			'cache-control': 'private, no-store'
		}
	});
};
