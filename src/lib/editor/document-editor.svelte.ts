/**
 * The live editor of one document, as state the page's components share: the collaboration
 * session, the TipTap editor built on it (extensions list in one place, so features such as a
 * suggestion mode add theirs here), the toolbar state, the outline and completeness, and the
 * review (comments and suggestions as decorations), the decisions about its sections (badges,
 * outline markers, the Décisions view). Components render it; none of them builds its own editor.
 */
import { Editor, Extension, type AnyExtension } from '@tiptap/core';
import { Collaboration } from '@tiptap/extension-collaboration';
import { CollaborationCaret } from '@tiptap/extension-collaboration-caret';
import { RestoredAuthorship } from './authorship/restored-extension';
import { m } from '$lib/paraglide/messages';
import type { DocumentAccess } from '$lib/domain/access';
import { templatePrompts } from '$lib/domain/templates/placeholders';
import {
	CollabSession,
	mark,
	type PresenceIdentity,
	type TerminalReason
} from '$lib/collab/collab-session.svelte';
import type { ProgressPhase } from '$lib/components/progress.svelte';
import { createEditorReview, type EditorReview } from '$lib/review/editor-review.svelte';
import { EDITOR_FIELD, editorExtensions } from './extensions';
import { ToolbarState } from './toolbar-state.svelte';
import { DocumentOverview } from './document-overview.svelte';
import { renderCaret, renderSelection } from './caret';
import { structuredNodeViews } from './structured/views';
import { mediaNodeViews } from './media/views';
import { fileUrl } from './media/urls';
import { MediaPaste } from './media/paste';
import { SuggestMode } from './suggestions/extension';
import { SuggestionsState } from './suggestions/suggestions-state.svelte';
import { DocumentDecisions } from '$lib/decisions/document-decisions.svelte';
import { DecisionBadges, showDecisionBadges } from '$lib/decisions/badges-plugin';
import { pageStart } from '$lib/page-start';

/** Terminal closes after which local editing is pointless (changes could never be sent). */
const BLOCKING: ReadonlySet<TerminalReason> = new Set([
	'forbidden',
	'not_found',
	'origin',
	'too_large',
	'schema',
	'protocol'
]);

/** Past this, the first sync is late: say so and offer a retry (a large document on slow Wi-Fi). */
const SLOW_LOAD_MS = 15_000;

export interface DocumentEditorOptions {
	documentId: string;
	kind: string;
	title: string;
	access: DocumentAccess;
	identity: PresenceIdentity;
	onAccessChanged: () => void;
	/** Keyboard shortcuts of the page (link dialog, leaving the text, commenting). */
	shortcuts: Record<string, () => boolean>;
	/** Files pasted or dropped into the text (images and attachments). */
	onFiles: (files: File[], at: number | null) => void;
}

export class DocumentEditor {
	readonly session: CollabSession;
	readonly toolbar = new ToolbarState();
	readonly overview = new DocumentOverview();
	readonly review: EditorReview;
	readonly suggestions: SuggestionsState;
	readonly decisions: DocumentDecisions;
	editor = $state.raw<Editor | null>(null);
	slowLoad = $state(false);
	#slowTimer: ReturnType<typeof setTimeout> | undefined;
	#created: () => void = () => {};

	constructor(private readonly options: DocumentEditorOptions) {
		this.session = new CollabSession({
			documentId: options.documentId,
			identity: options.identity,
			title: options.title,
			onAccessChanged: () => options.onAccessChanged()
		});
		// The session connects once the editor exists: the document, often already received by the
		// page's socket, comes into it as one transaction (as when it arrives later).
		this.session.start(new Promise<void>((resolve) => (this.#created = resolve)));
		this.review = createEditorReview(options.documentId, options.identity.id);
		this.suggestions = new SuggestionsState(options.access);
		// Accepting or rejecting in the text is recorded on the change's thread (who, when).
		this.suggestions.onDecided = (refs, decision) => {
			this.review.state.recordDecisions(refs, decision).catch((error: unknown) => {
				this.review.state.decisionError = error;
			});
		};
		this.decisions = new DocumentDecisions(options.documentId);
	}

	get terminal(): TerminalReason | null {
		return this.session.terminal;
	}

	get editable(): boolean {
		return this.options.access === 'edit' && !(this.terminal && BLOCKING.has(this.terminal));
	}

	/** The text takes input: editors, and commenters in suggestion mode (suggestions only). */
	get writable(): boolean {
		const blocked = this.terminal !== null && BLOCKING.has(this.terminal);
		return (this.options.access === 'edit' || this.options.access === 'comment') && !blocked;
	}

	get loadPhase(): ProgressPhase {
		if (this.terminal) return 'idle';
		return this.session.everSynced ? 'done' : this.slowLoad ? 'error' : 'running';
	}

	/** Builds the editor in `element` (in the browser, once the page is mounted). */
	mount(element: HTMLElement): void {
		const { documentId, title, kind } = this.options;
		const Shortcuts = Extension.create({
			name: 'trameShortcuts',
			addKeyboardShortcuts: () => this.options.shortcuts
		});
		mark('trame:editor-create');
		const extensions: AnyExtension[] = [
			...editorExtensions({
				placeholders: { prompts: templatePrompts(kind), generic: m.editor_placeholder() },
				nodeViews: { ...structuredNodeViews(), ...mediaNodeViews() },
				fileUrl: (key, width) => fileUrl(documentId, key, width)
			}),
			Collaboration.configure({ document: this.session.doc, field: EDITOR_FIELD }),
			RestoredAuthorship.configure({ enabled: this.options.access === 'edit' }),
			CollaborationCaret.configure({
				provider: this.session.provider,
				user: { ...this.options.identity },
				render: renderCaret,
				selectionRender: renderSelection
			}),
			Shortcuts,
			MediaPaste.configure({ onFiles: this.options.onFiles }),
			SuggestMode.configure({
				author: { id: this.options.identity.id, name: this.options.identity.name },
				enabled: this.suggestions.mode === 'suggest'
			}),
			this.review.extension,
			DecisionBadges
		];
		this.editor = new Editor({
			element,
			// Editable from the start when it will be (the page's effect only follows later changes):
			// switching it after creation redraws the view's attributes and ProseMirror then reads the
			// DOM selection, a forced style and layout pass while the page is starting.
			editable: this.writable,
			extensions,
			editorProps: {
				attributes: {
					id: 'editor-content',
					class: 'document-body',
					role: 'textbox',
					'aria-multiline': 'true',
					// Readers' text (not editable) takes the focus too: "Voir le passage" lands there.
					tabindex: '0',
					'aria-label': m.editor_content_label({ title })
				}
			},
			onTransaction: ({ editor, transaction }) => {
				this.toolbar.update(editor);
				this.overview.update(editor, transaction);
				this.decisions.update(transaction);
				this.suggestions.refresh(editor, transaction.docChanged);
			}
		});
		mark('trame:editor-created');
		this.#created();
		const editor = this.editor;
		this.decisions.onEntries = (entries) => {
			const view = this.decisions.view;
			if (!view) return;
			const context = { experimentId: view.experimentId, canFacilitate: view.canFacilitate };
			// Outside the transaction that recomputed them.
			queueMicrotask(() => {
				// A badge module that failed to load is tried again with the next entries.
				if (!editor.isDestroyed) showDecisionBadges(editor, entries, context).catch(() => {});
			});
			this.revealLinkedDecision(editor);
		};
		this.suggestions.refresh(editor);
		this.watchLoad();
		// Threads and decisions (their live topic and first fetch) once the text is in (page-start.ts).
		this.#cancelStart = pageStart.whenOpen(() => {
			if (editor.isDestroyed) return;
			this.decisions.start(editor);
			this.review.state.start();
		});
	}

	#cancelStart: () => void = () => {};

	#linkedRevealed = false;

	/** A register entry's link (`#decision-<id>`) opens the document at its section, once. */
	private revealLinkedDecision(editor: Editor): void {
		const match = /^#decision-([a-z0-9]{15})$/.exec(location.hash);
		if (this.#linkedRevealed || !match || !this.session.everSynced) return;
		const entry = this.decisions.entryOfDecision(match[1]!);
		if (!entry) return;
		this.#linkedRevealed = true;
		this.overview.jumpTo(editor, entry.pos);
	}

	watchLoad(): void {
		clearTimeout(this.#slowTimer);
		this.slowLoad = false;
		this.#slowTimer = setTimeout(() => (this.slowLoad = true), SLOW_LOAD_MS);
	}

	retryLoad(): void {
		this.session.reconnect();
		this.watchLoad();
	}

	destroy(): void {
		this.#cancelStart();
		clearTimeout(this.#slowTimer);
		this.decisions.stop();
		this.suggestions.stop();
		this.overview.destroy();
		this.review.state.stop();
		this.editor?.destroy();
		this.session.destroy();
	}
}
