/**
 * Version history of a document: listing, named versions (an editor's request), the state before
 * a restore, and a version's content. Versions are binary Yjs states written as superuser;
 * restoring is done by an editor's browser (one editor transaction), never by rewriting history.
 */
import { orNullIfMissing } from '../pb-errors';
import type { TypedPocketBase } from '../../pocketbase/types';
import { checkVersionName, type VersionKind } from '../../domain/versions';
import type { DocVersionsRecord } from '../../pocketbase/types';
import type { ProseMirrorJSON } from '../../domain/templates/protocol';
import type { ReviewContext } from './context';
import { experimentMembers } from './context';
import { ReviewError } from './errors';
import { stateToProseMirror, storedDocumentState } from './doc-state';

export interface VersionSummary {
	id: string;
	kind: VersionKind;
	name: string;
	createdBy: string | null;
	createdByName: string | null;
	created: string;
	bytes: number;
}

const SUMMARY_FIELDS = 'id,kind,name,created_by,created,bytes,document';

export async function listVersions(
	admin: TypedPocketBase,
	ctx: ReviewContext
): Promise<VersionSummary[]> {
	const [rows, members] = await Promise.all([
		admin.collection('doc_versions').getFullList({
			filter: admin.filter('document = {:document}', { document: ctx.documentId }),
			sort: '-created,-id',
			fields: SUMMARY_FIELDS
		}),
		experimentMembers(admin, ctx.experimentId)
	]);
	const names = new Map(members.map((m) => [m.userId, m.name]));
	return rows.map((row) => ({
		id: row.id,
		kind: row.kind,
		name: row.name,
		createdBy: row.created_by || null,
		createdByName: row.created_by ? (names.get(row.created_by) ?? null) : null,
		created: row.created,
		bytes: row.bytes
	}));
}

export async function saveVersion(
	admin: TypedPocketBase,
	documentId: string,
	kind: VersionKind,
	options: { name?: string; userId?: string | null; state?: Uint8Array } = {}
): Promise<string> {
	const state = options.state ?? (await storedDocumentState(admin, documentId));
	const record = await admin.collection('doc_versions').create({
		document: documentId,
		kind,
		name: options.name ?? '',
		state: Buffer.from(state).toString('base64'),
		bytes: state.byteLength,
		created_by: options.userId ?? ''
	});
	return record.id;
}

function requireEdit(ctx: ReviewContext): void {
	if (!ctx.rights.edit) throw new ReviewError('forbidden');
}

export async function createNamedVersion(
	admin: TypedPocketBase,
	ctx: ReviewContext,
	rawName: unknown
): Promise<{ id: string }> {
	requireEdit(ctx);
	if (typeof rawName !== 'string') throw new ReviewError('invalid_input');
	const name = checkVersionName(rawName);
	if (!name.ok) throw new ReviewError(name.error);
	return {
		id: await saveVersion(admin, ctx.documentId, 'named', { name: name.value, userId: ctx.userId })
	};
}

export async function versionRecord(
	admin: TypedPocketBase,
	ctx: Pick<ReviewContext, 'documentId'>,
	versionId: string
): Promise<DocVersionsRecord> {
	if (!/^[a-z0-9]{15}$/.test(versionId)) throw new ReviewError('not_found');
	const record = await orNullIfMissing(admin.collection('doc_versions').getOne(versionId));
	if (!record || record.document !== ctx.documentId) throw new ReviewError('not_found');
	return record;
}

export async function versionContent(
	admin: TypedPocketBase,
	ctx: Pick<ReviewContext, 'documentId'>,
	versionId: string
): Promise<ProseMirrorJSON> {
	const record = await versionRecord(admin, ctx, versionId);
	return stateToProseMirror(new Uint8Array(Buffer.from(record.state, 'base64')));
}

/**
 * First step of a restore: keeps the current state as an "avant restauration" version and returns
 * the content to restore; the editor's browser then replaces its content in one transaction.
 */
export async function prepareRestore(
	admin: TypedPocketBase,
	ctx: ReviewContext,
	versionId: string
): Promise<{ content: ProseMirrorJSON; beforeId: string }> {
	requireEdit(ctx);
	const content = await versionContent(admin, ctx, versionId);
	const beforeId = await saveVersion(admin, ctx.documentId, 'before_restore', {
		userId: ctx.userId
	});
	return { content, beforeId };
}
