/**
 * Keeps a plain-text extract of each live document for search (`documents.search_text`): after
 * changes stop for `debounceMs` (~2 s), and when the document unloads or the server shuts down.
 * Read-only towards Yjs: the text is derived from the Y.Doc through the editor schema and is
 * never used to rebuild Yjs state. Injected into the collab core (`CollabServerOptions.watcher`)
 * with a `TextIndexWriter`, so unit tests use a recording writer and the memory store.
 */
import type * as Y from 'yjs';
import type { Schema } from '@tiptap/pm/model';
import { yXmlFragmentToProseMirrorRootNode } from '@tiptap/y-tiptap';
import { EDITOR_FIELD, editorSchema } from '../../src/lib/editor/extensions';
import { withoutPendingChanges } from '../../src/lib/editor/suggestions/clean';
import type { ProseMirrorJSON } from '../../src/lib/domain/templates/protocol';
import type { Logger } from '../log';
import { errorMessage } from './persistence';
import { REMOTE_ORIGIN } from './document';
import { runSpread } from './spread-jobs';

/** Watches one loaded document; the registry flushes it before unloading and stops it after. */
export interface DocumentWatch {
	/** Writes now if something changed since the last write. */
	flush(): Promise<void>;
	stop(): void;
}

export interface DocumentWatcher {
	watch(documentName: string, ydoc: Y.Doc): DocumentWatch;
}

export interface TextIndexWriter {
	/** Stores the document's text (and marks it as recently edited). */
	write(documentName: string, text: string): Promise<void>;
}

let schema: Schema | null = null;

/**
 * The document's text, one line per block, through the editor schema: accepted text only (pending
 * insertions are proposals, not yet the document's text; pending deletions are still in it).
 */
export function extractPlainText(ydoc: Y.Doc): string {
	schema ??= editorSchema();
	const live = yXmlFragmentToProseMirrorRootNode(ydoc.getXmlFragment(EDITOR_FIELD), schema);
	const root = schema.nodeFromJSON(withoutPendingChanges(live.toJSON() as ProseMirrorJSON));
	return root
		.textBetween(0, root.content.size, '\n', ' ')
		.replace(/[ \t]+\n/g, '\n')
		.replace(/\n{3,}/g, '\n\n')
		.trim();
}

export interface TextIndexOptions {
	writer: TextIndexWriter;
	logger: Logger;
	debounceMs?: number;
}

export class TextIndex implements DocumentWatcher {
	private readonly debounceMs: number;

	constructor(private readonly options: TextIndexOptions) {
		this.debounceMs = options.debounceMs ?? 2_000;
	}

	watch(documentName: string, ydoc: Y.Doc): DocumentWatch {
		const { writer, logger } = this.options;
		let dirty = false;
		let stopped = false;
		let timer: ReturnType<typeof setTimeout> | null = null;
		let writing: Promise<void> = Promise.resolve();

		const write = (): Promise<void> => {
			if (timer !== null) {
				clearTimeout(timer);
				timer = null;
			}
			// One write at a time per document, in order.
			writing = writing.then(async () => {
				if (!dirty) return;
				dirty = false;
				let text: string;
				try {
					text = extractPlainText(ydoc);
				} catch (error) {
					// Content the schema cannot read: no index rather than a wrong one.
					logger.error('collab.text_index_unreadable', {
						document: documentName,
						error: errorMessage(error)
					});
					return;
				}
				try {
					await writer.write(documentName, text);
				} catch (error) {
					logger.warn('collab.text_index_write_failed', {
						document: documentName,
						error: errorMessage(error)
					});
					// Try again after the next quiet period (or at unload).
					dirty = true;
					schedule();
				}
			});
			return writing;
		};

		const schedule = () => {
			if (stopped) return;
			if (timer !== null) clearTimeout(timer);
			timer = setTimeout(() => runSpread(() => void (stopped || write())), this.debounceMs);
			timer.unref();
		};

		// Changes relayed from another instance are that instance's to index and version.
		const onUpdate = (_update: Uint8Array, origin: unknown) => {
			if (origin === REMOTE_ORIGIN) return;
			dirty = true;
			schedule();
		};
		ydoc.on('update', onUpdate);

		return {
			flush: () => write(),
			stop: () => {
				stopped = true;
				if (timer !== null) clearTimeout(timer);
				timer = null;
				ydoc.off('update', onUpdate);
			}
		};
	}
}
