/** Browser state of the versions card: list, naming the current state, restoring a version. */
import type { Editor } from '@tiptap/core';
import type { VersionKind } from '../domain/versions';
import { LiveTopic } from '../live/live.svelte';
import { ReviewRequestError } from './review-state.svelte';
import { VERSION_RESTORED } from './types';

export interface VersionItem {
	id: string;
	kind: VersionKind;
	name: string;
	createdByName: string | null;
	created: string;
}

export interface PublicationItem {
	slug: string;
	versionId: string;
	updated: string;
}

/** A restore, as the people in the document are told: which version, and the text kept before. */
export interface RestoreNotice {
	/** Restored by this browser (it may undo), or by someone else (named). */
	own: boolean;
	version: VersionItem | null;
	before: VersionItem | null;
}

export class VersionsState {
	versions = $state.raw<VersionItem[]>([]);
	canEdit = $state(false);
	publication = $state.raw<PublicationItem | null>(null);
	/** The last restore in this document while it is open here. */
	restored = $state.raw<RestoreNotice | null>(null);
	readonly #base: string;
	#live: LiveTopic | null = null;
	/** "Avant restauration" versions this browser made: their notice is its own. */
	// eslint-disable-next-line svelte/prefer-svelte-reactivity -- only read in a handler, never rendered
	readonly #ownBefore = new Set<string>();

	constructor(readonly documentId: string) {
		this.#base = `/api/review/documents/${documentId}/versions`;
	}

	async #call(path: string, method: string, body?: unknown): Promise<Record<string, unknown>> {
		const response = await fetch(`${this.#base}${path}`, {
			method,
			headers: body === undefined ? {} : { 'content-type': 'application/json' },
			body: body === undefined ? undefined : JSON.stringify(body)
		}).catch(() => null);
		if (!response) throw new ReviewRequestError('unavailable');
		const data = (await response.json().catch(() => ({}))) as Record<string, unknown>;
		if (!response.ok) throw new ReviewRequestError(String(data.error ?? 'unavailable'));
		return data;
	}

	/** Listens for restores made by the others in the document. */
	listen(): void {
		this.#live ??= new LiveTopic(`review:${this.documentId}`, {
			types: [VERSION_RESTORED],
			onMessage: (_type, data) => void this.#onRestored(String(data.version), String(data.before))
		});
		this.#live.start();
	}

	stop(): void {
		this.#live?.stop();
		this.#live = null;
	}

	async #onRestored(versionId: string, beforeId: string): Promise<void> {
		if (this.#ownBefore.has(beforeId)) return;
		await this.refresh().catch(() => undefined);
		this.restored = {
			own: false,
			version: this.versions.find((v) => v.id === versionId) ?? null,
			before: this.versions.find((v) => v.id === beforeId) ?? null
		};
	}

	async refresh(): Promise<void> {
		const [data, publication] = await Promise.all([
			this.#call('', 'GET'),
			this.#publication('GET')
		]);
		this.versions = data.versions as VersionItem[];
		this.canEdit = data.canEdit === true;
		this.publication = publication;
	}

	async #publication(method: string, body?: unknown): Promise<PublicationItem | null> {
		const response = await fetch(`/api/review/documents/${this.documentId}/publication`, {
			method,
			headers: body === undefined ? {} : { 'content-type': 'application/json' },
			body: body === undefined ? undefined : JSON.stringify(body)
		}).catch(() => null);
		if (!response) throw new ReviewRequestError('unavailable');
		const data = (await response.json().catch(() => ({}))) as {
			error?: string;
			publication?: PublicationItem | null;
		};
		if (!response.ok) throw new ReviewRequestError(data.error ?? 'unavailable');
		return data.publication ?? null;
	}

	async publish(versionId: string): Promise<void> {
		this.publication = await this.#publication('PUT', { versionId });
	}

	async unpublish(): Promise<void> {
		this.publication = await this.#publication('DELETE');
	}

	async name(name: string): Promise<void> {
		await this.#call('', 'POST', { name });
		await this.refresh();
	}

	/**
	 * Restores a version as a new change: the server keeps the current state ("avant
	 * restauration"), then this editor replaces its whole content in one transaction, which every
	 * connected client receives live and which is stored through the normal path.
	 */
	async restore(editor: Editor, versionId: string): Promise<void> {
		if (!editor.isEditable) throw new ReviewRequestError('forbidden');
		const data = await this.#call(`/${versionId}/restore`, 'POST');
		const beforeId = String(data.beforeId);
		this.#ownBefore.add(beforeId);
		editor.commands.setContent(data.content as Record<string, unknown>, { emitUpdate: true });
		await this.refresh();
		this.restored = {
			own: true,
			version: this.versions.find((v) => v.id === versionId) ?? null,
			before: this.versions.find((v) => v.id === beforeId) ?? null
		};
	}
}
