/** Browser state of the versions card: list, naming the current state, restoring a version. */
import type { Editor } from '@tiptap/core';
import type { VersionKind } from '../domain/versions';
import type { Licence } from '../domain/resources';
import { ReviewRequestError } from './review-state.svelte';

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
	licence: Licence;
	summary: string;
}

/** A restore: which version, and the "avant restauration" version that keeps the text before. */
export interface RestoredVersions {
	version: VersionItem | null;
	before: VersionItem | null;
}

export class VersionsState {
	versions = $state.raw<VersionItem[]>([]);
	canEdit = $state(false);
	/** An organisation editor: publishes and withdraws directly. */
	canPublish = $state(false);
	publication = $state.raw<PublicationItem | null>(null);
	/** The last restore made here (its text before is one click away). */
	restored = $state.raw<RestoredVersions | null>(null);
	readonly #base: string;

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
		if (!response.ok) throw ReviewRequestError.fromAnswer(data);
		return data;
	}

	/** Which versions a restore involved, by id, read from a fresh list. */
	async restoredVersions(versionId: string, beforeId: string): Promise<RestoredVersions> {
		await this.refresh();
		return {
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
		this.canPublish = data.canPublish === true;
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
		if (!response.ok) throw ReviewRequestError.fromAnswer(data);
		return data.publication ?? null;
	}

	async publish(versionId: string, licence: Licence, summary: string): Promise<void> {
		this.publication = await this.#publication('PUT', { versionId, licence, summary });
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
		editor.commands.setContent(data.content as Record<string, unknown>, { emitUpdate: true });
		this.restored = await this.restoredVersions(versionId, String(data.beforeId));
	}
}
