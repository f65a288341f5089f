/**
 * "Depuis votre dernière visite" on the server: when the reader last opened a document
 * (`document_visits`, their own rows through their own client), and what changed since then, read
 * with their own client too (the rules keep it to documents they may read) and summarized by
 * `summarizeSinceVisit` (domain/since-visit.ts).
 */
import type { TypedPocketBase } from '../../pocketbase/types';
import {
	isEmptySummary,
	summarizeSinceVisit,
	type Activity,
	type LoggedChange,
	type Person,
	type SinceVisit,
	type VisitSummary
} from '../../domain/since-visit';
import { orNullIfMissing } from '../pb-errors';

/** Enough for months of a busy document; older rows only add to counts already large. */
const ROWS_MAX = 500;

type Named = { id: string; name?: string };
const person = (user: Named | undefined, fallback = ''): Person | null =>
	user ? { id: user.id, name: user.name || fallback } : null;

export async function lastVisit(
	pb: TypedPocketBase,
	userId: string,
	documentId: string
): Promise<{ id: string; seenAt: string } | null> {
	const visit = await orNullIfMissing(
		pb.collection('document_visits').getFirstListItem(
			pb.filter('user = {:user} && document = {:document}', {
				user: userId,
				document: documentId
			})
		)
	);
	return visit ? { id: visit.id, seenAt: visit.seen_at } : null;
}

/** Records that the reader has the document open now (a first visit creates the row). */
export async function recordVisit(
	pb: TypedPocketBase,
	userId: string,
	documentId: string,
	now: Date
): Promise<void> {
	const seen_at = now.toISOString();
	const visit = await lastVisit(pb, userId, documentId);
	if (visit) await pb.collection('document_visits').update(visit.id, { seen_at });
	else {
		await pb
			.collection('document_visits')
			.create({ user: userId, document: documentId, seen_at })
			.catch(async (error: unknown) => {
				// Two tabs opened at once: the other one created it.
				const again = await lastVisit(pb, userId, documentId);
				if (!again) throw error;
				await pb.collection('document_visits').update(again.id, { seen_at });
			});
	}
}

/** What changed in the document since `seenAt`, by others. */
export async function changesSince(
	pb: TypedPocketBase,
	userId: string,
	documentId: string,
	seenAt: string
): Promise<VisitSummary> {
	const since = { document: documentId, since: seenAt };
	const [changes, threads, messages, decisions] = await Promise.all([
		pb.collection('document_changes').getList<{
			kind: LoggedChange['kind'];
			created: string;
			section: string;
			added: number;
			removed: number;
			excerpt: string;
			change_id: string;
			author_names: unknown;
			authors: string[];
			expand?: { authors?: Named[] };
		}>(1, ROWS_MAX, {
			filter: pb.filter('document = {:document} && created > {:since}', since),
			sort: 'created',
			expand: 'authors'
		}),
		pb.collection('review_threads').getList<{
			id: string;
			created: string;
			kind: string;
			quote: string;
			expand?: { author?: Named };
		}>(1, ROWS_MAX, {
			filter: pb.filter(
				"document = {:document} && created > {:since} && kind != 'objection'",
				since
			),
			sort: 'created',
			expand: 'author'
		}),
		pb.collection('review_messages').getList<{
			id: string;
			thread: string;
			created: string;
			body: string;
			expand?: { author?: Named; thread?: { created: string } };
		}>(1, ROWS_MAX, {
			filter: pb.filter('thread.document = {:document} && created > {:since}', since),
			sort: 'created',
			expand: 'author,thread'
		}),
		pb
			.collection('decisions')
			.getList(1, ROWS_MAX, {
				filter: pb.filter('source_document = {:document} && created > {:since}', since),
				sort: 'created',
				fields: 'id,title,created'
			})
			.catch(() => ({ items: [] as { title: string; created: string }[] }))
	]);

	const logged: LoggedChange[] = changes.items.map((row) => {
		const names = Array.isArray(row.author_names) ? row.author_names.map(String) : [];
		const expanded = row.expand?.authors ?? [];
		return {
			kind: row.kind,
			at: row.created,
			authors: row.authors.map(
				(id, i) => person(expanded.find((u) => u.id === id)) ?? { id, name: names[i] ?? '' }
			),
			section: row.section,
			added: row.added,
			removed: row.removed,
			excerpt: row.excerpt,
			changeId: row.change_id
		};
	});
	const newThreads = new Set(threads.items.map((t) => t.id));
	const firstMessageSeen = new Set<string>();
	const activity: Activity[] = [
		...threads.items.map((t): Activity => ({
			kind: 'comment',
			at: t.created,
			author: person(t.expand?.author),
			threadId: t.id,
			label: t.quote
		})),
		// A new thread's first message is the comment itself, not a reply.
		...messages.items
			.filter((message) => {
				if (!newThreads.has(message.thread) || firstMessageSeen.has(message.thread)) return true;
				firstMessageSeen.add(message.thread);
				return false;
			})
			.map((message): Activity => ({
				kind: 'reply',
				at: message.created,
				author: person(message.expand?.author),
				threadId: message.thread,
				label: message.body.slice(0, 140)
			})),
		...decisions.items.map((d): Activity => ({
			kind: 'decision',
			at: d.created,
			author: null,
			threadId: '',
			label: d.title
		}))
	];
	return summarizeSinceVisit({ me: userId, seenAt, changes: logged, activity });
}

/** The summary for the document page: null on a first visit or when nothing changed. */
export async function sinceLastVisit(
	pb: TypedPocketBase,
	userId: string,
	documentId: string
): Promise<SinceVisit | null> {
	const visit = await lastVisit(pb, userId, documentId);
	if (!visit) return null;
	const summary = await changesSince(pb, userId, documentId, visit.seenAt);
	return isEmptySummary(summary) ? null : { seenAt: visit.seenAt, summary };
}

export interface ChangedDocument {
	id: string;
	title: string;
	seenAt: string;
	summary: VisitSummary;
}

/** Documents the reader has opened that changed since, most recently visited first. */
export async function changedSinceVisits(
	pb: TypedPocketBase,
	userId: string,
	limit = 20
): Promise<ChangedDocument[]> {
	const visits = await pb.collection('document_visits').getList<{
		document: string;
		seen_at: string;
		expand?: { document?: { id: string; title: string; archived: boolean } };
	}>(1, limit, {
		filter: pb.filter('user = {:user}', { user: userId }),
		sort: '-seen_at',
		expand: 'document'
	});
	const documents = await Promise.all(
		visits.items.map(async (visit): Promise<ChangedDocument | null> => {
			const doc = visit.expand?.document;
			if (!doc || doc.archived) return null;
			const summary = await changesSince(pb, userId, doc.id, visit.seen_at);
			if (isEmptySummary(summary)) return null;
			return { id: doc.id, title: doc.title, seenAt: visit.seen_at, summary };
		})
	);
	return documents.filter((d): d is ChangedDocument => d !== null);
}
