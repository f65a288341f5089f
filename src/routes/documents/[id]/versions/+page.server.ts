import { diffWords, type DiffPart } from '$lib/domain/versions';
import { adminPocketBase } from '$lib/server/pocketbase';
import { reviewContext } from '$lib/server/review/context';
import {
	proseMirrorText,
	stateToProseMirror,
	storedDocumentState
} from '$lib/server/review/doc-state';
import { ReviewError } from '$lib/server/review/errors';
import { listVersions, versionContent } from '$lib/server/review/versions';
import { notReadable } from '$lib/server/access-help';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, params, url }) => {
	const admin = await adminPocketBase();
	let ctx;
	try {
		ctx = await reviewContext(admin, params.id, locals.user!.id);
	} catch (e) {
		if (e instanceof ReviewError) return notReadable(locals.user!, { documentId: params.id });
		throw e;
	}
	const doc = await admin.collection('documents').getOne(params.id, { fields: 'id,title' });
	const versions = await listVersions(admin, ctx);
	const selectedId = url.searchParams.get('v');
	const againstId = url.searchParams.get('avec') ?? 'actuel';
	const selected = versions.find((v) => v.id === selectedId) ?? null;

	let text: string[] = [];
	let diff: DiffPart[] = [];
	if (selected) {
		const versionText = proseMirrorText(await versionContent(admin, ctx, selected.id));
		const otherText =
			againstId !== 'actuel' && versions.some((v) => v.id === againstId)
				? proseMirrorText(await versionContent(admin, ctx, againstId))
				: proseMirrorText(stateToProseMirror(await storedDocumentState(admin, ctx.documentId)));
		text = versionText.split('\n');
		diff = diffWords(versionText, otherText);
	}
	return {
		document: { id: doc.id, title: String(doc.title) },
		versions,
		selectedId: selected?.id ?? null,
		againstId:
			againstId !== 'actuel' && versions.some((v) => v.id === againstId) ? againstId : 'actuel',
		text,
		diff
	};
};
