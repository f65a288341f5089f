import { error } from '@sveltejs/kit';
import { diffBlocks, type DiffBlock } from '$lib/domain/block-diff';
import { adminPocketBase } from '$lib/server/pocketbase';
import { reviewContext } from '$lib/server/review/context';
import { stateToProseMirror, storedDocumentState } from '$lib/server/review/doc-state';
import { toExportBlocks } from '$lib/server/export/model';
import { partLabels } from '$lib/server/export/service';
import { flattenBlocks } from '$lib/server/review/flatten';
import type { ProseMirrorJSON } from '$lib/domain/templates/protocol';
import { ReviewError } from '$lib/server/review/errors';
import { listVersions, versionContent } from '$lib/server/review/versions';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, params, url }) => {
	const admin = await adminPocketBase();
	let ctx;
	try {
		ctx = await reviewContext(admin, params.id, locals.user!.id);
	} catch (e) {
		if (e instanceof ReviewError) error(404, { message: 'Not found' });
		throw e;
	}
	const doc = await admin.collection('documents').getOne(params.id, { fields: 'id,title' });
	const versions = await listVersions(admin, ctx);
	const selectedId = url.searchParams.get('v');
	const againstId = url.searchParams.get('avec') ?? 'actuel';
	const selected = versions.find((v) => v.id === selectedId) ?? null;

	// Headings, lists, tables and structured parts, compared block by block (domain/block-diff.ts).
	const flat = (json: ProseMirrorJSON) => flattenBlocks(toExportBlocks(json, partLabels()));
	let diff: DiffBlock[] = [];
	if (selected) {
		const version = flat(await versionContent(admin, ctx, selected.id));
		const other =
			againstId !== 'actuel' && versions.some((v) => v.id === againstId)
				? flat(await versionContent(admin, ctx, againstId))
				: flat(stateToProseMirror(await storedDocumentState(admin, ctx.documentId)));
		diff = diffBlocks(version, other);
	}
	return {
		document: { id: doc.id, title: String(doc.title) },
		versions,
		selectedId: selected?.id ?? null,
		againstId:
			againstId !== 'actuel' && versions.some((v) => v.id === againstId) ? againstId : 'actuel',
		diff,
		canRestore: ctx.rights.edit
	};
};
