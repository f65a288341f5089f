/**
 * Loaded on demand by the séance page (a chunk of its own): the collaboration session of the
 * séance's notes document and one light TipTap editor per agenda item, bound to the item's
 * fragment. The same path as documents (`/collab/<id>`: auth, access, durable acks).
 */
import { Editor } from '@tiptap/core';
import { Collaboration } from '@tiptap/extension-collaboration';
import { CollabSession, type PresenceIdentity } from '$lib/collab/collab-session.svelte';
import { notesExtensions, notesField } from '$lib/editor/notes-extensions';

export function startNotesSession(documentId: string, identity: PresenceIdentity): CollabSession {
	const session = new CollabSession({ documentId, identity });
	session.start();
	return session;
}

export interface NotesEditorOptions {
	element: HTMLElement;
	session: CollabSession;
	itemId: string;
	editable: boolean;
	label: string;
	onChange: (editor: Editor) => void;
}

export function createNotesEditor(options: NotesEditorOptions): Editor {
	return new Editor({
		element: options.element,
		editable: options.editable,
		extensions: [
			...notesExtensions(),
			Collaboration.configure({
				document: options.session.doc,
				field: notesField(options.itemId)
			})
		],
		editorProps: {
			attributes: {
				class: 'notes-text',
				role: 'textbox',
				'aria-multiline': 'true',
				'aria-label': options.label,
				...(options.editable ? {} : { 'aria-readonly': 'true' })
			}
		},
		onTransaction: ({ editor }) => options.onChange(editor),
		onCreate: ({ editor }) => options.onChange(editor)
	});
}
