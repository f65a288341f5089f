/**
 * The change log behind "Depuis votre dernière visite": after each quiet period of a live document
 * (~2 s, like the text index) and at unload, what changed since the last reading, attributed to
 * the people whose sockets sent the edits (the transaction's origin is the socket's session, whose
 * user the server authenticated): per section, accepted text added/removed; tracked changes
 * proposed; tracked changes accepted or rejected. A DocumentWatcher; the writer is injected
 * (PocketBase `document_changes` in production, a recording writer in unit tests).
 *
 * Attribution is per quiet period: a section changed while two people typed in it within the same
 * ~2 s names both. Changes from other instances are theirs to log (their sessions); changes the
 * server itself makes (migrations, adopted text written back) are not people's edits and are not
 * logged. A failed write is logged and dropped: this is a summary, never the document.
 */
import type * as Y from 'yjs';
import { diffSections, textChange } from '../../src/lib/domain/section-changes';
import type { Logger } from '../log';
import { EDITOR_FIELD } from '../../src/lib/editor/extensions';
import { REMOTE_ORIGIN } from './document';
import { readDocument, type DocumentReading } from './document-reading';
import { errorMessage } from './persistence';
import type { DocumentWatch, DocumentWatcher } from './text-index';
import { runSpread } from './spread-jobs';

export type ChangeKind = 'text' | 'suggestion' | 'suggestion_resolved';

export interface ChangeRow {
	kind: ChangeKind;
	/** User ids. */
	authors: string[];
	/** Names the text carried (a tracked change's mark); empty for text edits. */
	authorNames: string[];
	section: string;
	added: number;
	removed: number;
	excerpt: string;
	changeId: string;
}

export interface ChangeLogWriter {
	write(documentName: string, rows: ChangeRow[]): Promise<void>;
}

export interface ChangeLogOptions {
	writer: ChangeLogWriter;
	logger: Logger;
	debounceMs?: number;
}

/** A whole-document change (a block added or removed at the top level). */
const TOP = Symbol('top-level');
type Touched = Y.AbstractType<unknown> | typeof TOP;

function peerUser(origin: unknown): string | null {
	if (typeof origin !== 'object' || origin === null || !('userId' in origin)) return null;
	const id = (origin as { userId: unknown }).userId;
	return typeof id === 'string' && id !== '' ? id : null;
}

/** The top-level block a changed type belongs to, or TOP for the body itself. */
function topLevelBlock(type: Y.AbstractType<unknown>, body: Y.XmlFragment): Touched | null {
	let current: Y.AbstractType<unknown> = type;
	for (;;) {
		if (current === body) return TOP;
		const parent = current._item?.parent;
		if (!parent || typeof parent !== 'object') return null; // another shared type
		if (parent === body) return current;
		current = parent as Y.AbstractType<unknown>;
	}
}

/** The rows for what changed between two readings, given who touched which blocks. */
export function changeRows(
	before: DocumentReading,
	after: DocumentReading,
	touchedSections: Map<string, Set<number | 'any'>>
): ChangeRow[] {
	const people = [...touchedSections.keys()];
	const rows: ChangeRow[] = [];
	const authorsOf = (sectionIndex: number | null): string[] => {
		const exact = people.filter(
			(p) => sectionIndex !== null && touchedSections.get(p)!.has(sectionIndex)
		);
		if (exact.length > 0) return exact;
		const broad = people.filter((p) => touchedSections.get(p)!.has('any'));
		return broad.length > 0 ? broad : people;
	};
	for (const change of diffSections(before.sections, after.sections)) {
		rows.push({
			kind: 'text',
			authors: authorsOf(change.at >= 0 ? change.at : null),
			authorNames: [],
			section: change.title,
			added: change.added,
			removed: change.removed,
			excerpt: change.excerpt,
			changeId: ''
		});
	}
	for (const [id, suggestion] of after.pending) {
		if (before.pending.has(id)) continue;
		rows.push({
			kind: 'suggestion',
			authors: [suggestion.author],
			authorNames: [suggestion.authorName],
			section: after.sections[suggestion.section]?.title ?? '',
			added: 0,
			removed: 0,
			excerpt: textChange('', suggestion.text).excerpt,
			changeId: id
		});
	}
	for (const [id, suggestion] of before.pending) {
		if (after.pending.has(id)) continue;
		rows.push({
			kind: 'suggestion_resolved',
			authors: people,
			authorNames: [suggestion.authorName],
			section: before.sections[suggestion.section]?.title ?? '',
			added: 0,
			removed: 0,
			excerpt: textChange('', suggestion.text).excerpt,
			changeId: id
		});
	}
	return rows;
}

export class ChangeLog implements DocumentWatcher {
	private readonly debounceMs: number;

	constructor(private readonly options: ChangeLogOptions) {
		this.debounceMs = options.debounceMs ?? 2_000;
	}

	watch(documentName: string, ydoc: Y.Doc): DocumentWatch {
		const { writer, logger } = this.options;
		const body = ydoc.getXmlFragment(EDITOR_FIELD);
		let baseline: DocumentReading | null = null;
		// Read before the first transaction, not at load: a document only read (or a reconnect
		// storm's no-op syncs) never pays for walking it, and a large one is not walked while
		// its clients are still being answered.
		let baselineTaken = false;
		const read = (): DocumentReading | null => {
			try {
				return readDocument(ydoc);
			} catch (error) {
				logger.error('collab.change_log_unreadable', {
					document: documentName,
					error: errorMessage(error)
				});
				return null;
			}
		};
		const takeBaseline = () => {
			if (baselineTaken) return;
			baselineTaken = true;
			baseline = read();
			ydoc.off('beforeTransaction', takeBaseline);
		};
		ydoc.on('beforeTransaction', takeBaseline);
		/** Who touched which top-level blocks since the last reading. */
		let touched = new Map<string, Set<Touched>>();
		let dirty = false;
		let stopped = false;
		let timer: ReturnType<typeof setTimeout> | null = null;
		let writing: Promise<void> = Promise.resolve();

		const take = (): Promise<void> => {
			if (timer !== null) {
				clearTimeout(timer);
				timer = null;
			}
			writing = writing.then(async () => {
				if (!dirty) return;
				dirty = false;
				const window = touched;
				touched = new Map();
				const now = read();
				const before = baseline;
				baseline = now;
				// Only changes someone made here are logged (see the header).
				if (!now || !before || window.size === 0) return;
				const blocks = body.toArray();
				const sections = new Map<string, Set<number | 'any'>>();
				for (const [user, types] of window) {
					const set = new Set<number | 'any'>();
					for (const type of types) {
						const index = type === TOP ? -1 : blocks.indexOf(type as Y.XmlElement);
						if (index < 0) set.add('any');
						else set.add(now.blockSection[index] ?? 'any');
					}
					sections.set(user, set);
				}
				const rows = changeRows(before, now, sections);
				if (rows.length === 0) return;
				try {
					await writer.write(documentName, rows);
				} catch (error) {
					logger.warn('collab.change_log_write_failed', {
						document: documentName,
						error: errorMessage(error)
					});
				}
			});
			return writing;
		};

		const schedule = () => {
			if (stopped) return;
			if (timer !== null) clearTimeout(timer);
			timer = setTimeout(() => runSpread(() => void (stopped || take())), this.debounceMs);
			timer.unref();
		};

		const onTransaction = (transaction: Y.Transaction) => {
			if (transaction.changed.size === 0) return;
			dirty = true;
			const user = transaction.origin === REMOTE_ORIGIN ? null : peerUser(transaction.origin);
			if (user !== null) {
				let set = touched.get(user);
				if (!set) touched.set(user, (set = new Set()));
				for (const type of transaction.changed.keys()) {
					const block = topLevelBlock(type as Y.AbstractType<unknown>, body);
					if (block !== null) set.add(block);
				}
			}
			schedule();
		};
		ydoc.on('afterTransaction', onTransaction);

		return {
			flush: () => take(),
			stop: () => {
				stopped = true;
				if (timer !== null) clearTimeout(timer);
				timer = null;
				ydoc.off('afterTransaction', onTransaction);
				ydoc.off('beforeTransaction', takeBaseline);
			}
		};
	}
}
