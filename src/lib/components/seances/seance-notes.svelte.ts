/**
 * The séance's live notes for the page: loads the editor chunk once (lazily, so the séance page
 * stays light until notes are shown), holds the one collaboration session every item's editor
 * shares.
 */
import type { PresenceIdentity } from '$lib/collab/collab-session.svelte';
import type { SaveStatus } from '$lib/collab/save-tracker';

type NotesModule = typeof import('./notes-editor');
type Session = ReturnType<NotesModule['startNotesSession']>;

export class SeanceNotes {
	failed = $state(false);
	session = $state.raw<Session | null>(null);
	module = $state.raw<NotesModule | null>(null);
	#loading: Promise<void> | null = null;
	#destroyed = false;

	constructor(
		readonly documentId: string,
		readonly identity: PresenceIdentity
	) {}

	get saveStatus(): SaveStatus | null {
		return this.session?.saveStatus ?? null;
	}

	load(): Promise<void> {
		this.#loading ??= import('./notes-editor')
			.then((module) => {
				if (this.#destroyed) return;
				this.module = module;
				this.session = module.startNotesSession(this.documentId, this.identity);
			})
			.catch(() => {
				this.failed = true;
			});
		return this.#loading;
	}

	destroy(): void {
		this.#destroyed = true;
		this.session?.destroy();
	}
}
