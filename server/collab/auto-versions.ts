/**
 * Automatic versions: when a live document's editing pauses (`pauseMs`, default 5 min) and at
 * unload, the collaboration server stores the document's Yjs state as an `auto` version — unless
 * nothing changed since the last one or the last one is too recent (src/lib/domain/versions.ts).
 * A DocumentWatcher like the text index; the writer is injected (PocketBase in production).
 */
import * as Y from 'yjs';
import {
	AUTO_VERSION_MIN_INTERVAL_MS,
	AUTO_VERSION_PAUSE_MS,
	autoVersionDue
} from '../../src/lib/domain/versions';
import type { Logger } from '../log';
import { errorMessage } from './persistence';
import { REMOTE_ORIGIN } from './document';
import type { DocumentWatch, DocumentWatcher } from './text-index';
import { runSpread } from './spread-jobs';

export interface AutoVersionWriter {
	write(documentName: string, state: Uint8Array): Promise<void>;
}

export interface AutoVersionOptions {
	writer: AutoVersionWriter;
	logger: Logger;
	pauseMs?: number;
	minIntervalMs?: number;
	now?: () => number;
}

export class AutoVersions implements DocumentWatcher {
	constructor(private readonly options: AutoVersionOptions) {}

	watch(documentName: string, ydoc: Y.Doc): DocumentWatch {
		const { writer, logger } = this.options;
		const pauseMs = this.options.pauseMs ?? AUTO_VERSION_PAUSE_MS;
		const minIntervalMs = this.options.minIntervalMs ?? AUTO_VERSION_MIN_INTERVAL_MS;
		const now = this.options.now ?? Date.now;
		let lastChangeAt: number | null = null;
		let lastVersionAt: number | null = null;
		let timer: ReturnType<typeof setTimeout> | null = null;
		let stopped = false;
		let dirty = false;
		let writing: Promise<void> = Promise.resolve();

		const take = (force: boolean): Promise<void> => {
			writing = writing.then(async () => {
				const at = now();
				const due =
					dirty &&
					(force ||
						autoVersionDue({ now: at, lastChangeAt, lastVersionAt, pauseMs, minIntervalMs }));
				if (!due) return;
				// Cleared before encoding: a change arriving during the write makes it dirty again.
				dirty = false;
				try {
					await writer.write(documentName, Y.encodeStateAsUpdate(ydoc));
					lastVersionAt = at;
				} catch (error) {
					dirty = true;
					logger.warn('collab.auto_version_failed', {
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
			// Re-checked once the pause elapsed; too-recent versions wait for the next pause.
			timer = setTimeout(() => runSpread(() => void (stopped || take(false))), pauseMs);
			timer.unref();
		};

		// Changes relayed from another instance are that instance's to index and version.
		const onUpdate = (_update: Uint8Array, origin: unknown) => {
			if (origin === REMOTE_ORIGIN) return;
			lastChangeAt = now();
			dirty = true;
			schedule();
		};
		ydoc.on('update', onUpdate);

		return {
			// At unload or shutdown: keep what changed since the last version.
			flush: () => take(true),
			stop: () => {
				stopped = true;
				if (timer !== null) clearTimeout(timer);
				timer = null;
				ydoc.off('update', onUpdate);
			}
		};
	}
}

/** Several watchers as one (the registry takes one). */
export function combineWatchers(...watchers: DocumentWatcher[]): DocumentWatcher {
	return {
		watch(documentName, ydoc) {
			const watches = watchers.map((w) => w.watch(documentName, ydoc));
			return {
				flush: async () => {
					await Promise.all(watches.map((w) => w.flush()));
				},
				stop: () => watches.forEach((w) => w.stop())
			};
		}
	};
}
